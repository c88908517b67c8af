from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device

from apps.accounts import otp_wait
from apps.accounts.backends import normalize_phone
from apps.accounts.models import ResidentProfile, User
from apps.accounts.nik import clean_number, parse_nik, validate_kk
from apps.core.inputs import AddressField, NameField, PlaceField, RtRwField
from apps.regions.models import Region
from apps.regions.widgets import FastSelect

VILLAGE_NOT_IN_DISTRICT = _("Desa/kelurahan ini tidak ada di kecamatan yang dipilih. Pilih lagi dari daftar.")


def clean_new_contact(raw: Any, *, email_taken: Any, phone_taken: Any) -> str:
    """An e-mail (lower-cased) or an Indonesian mobile number (normalised to 08...) that no account uses yet; the
    one contact check of registration and of the staff accounts page."""
    value = str(raw).strip()
    if "@" in value:
        forms.EmailField(error_messages={"invalid": _("Tulis e-mail yang benar, misalnya nama@contoh.id.")}
                         ).clean(value)
        if User.objects.filter(email__iexact=value).exists():
            raise forms.ValidationError(email_taken)
        return value.lower()
    phone = normalize_phone(value)
    if not phone.startswith("08") or not 10 <= len(phone) <= 14:
        raise forms.ValidationError(
            _("Tulis e-mail (contoh: nama@contoh.id) atau nomor HP yang diawali 08 (10-14 angka).")
        )
    if User.objects.filter(phone=phone).exists():
        raise forms.ValidationError(phone_taken)
    return phone


def district_field() -> forms.ChoiceField:
    """Kecamatan select; with JavaScript, choosing one replaces the village select with that kecamatan's villages
    (static/js/sipon.js, a few lines: the registration page no longer needs htmx's 17 KB for it)."""
    attrs = {"data-villages-url": reverse_lazy("regions:villages")}
    return forms.ChoiceField(label=_("Kecamatan"), widget=FastSelect(attrs=attrs),
                             error_messages={"required": _("Pilih kecamatan.")})


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail, nomor HP, atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("E-mail/nomor HP atau kata sandi salah. Periksa lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif."),
    }


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Kode hanya berisi angka."))
        devices = list(devices_for_user(self.user, confirmed=True))
        ready = [device for device in devices if not otp_wait.wait_seconds(device)]
        if devices and not ready:  # every device is still waiting after wrong codes: say how long
            raise forms.ValidationError(otp_wait.throttled_message(min(otp_wait.wait_seconds(d) for d in devices)))
        for device in ready:
            if device.verify_token(token):
                self.device = device
                return token
        waits = [otp_wait.wait_seconds(device) for device in ready]
        raise forms.ValidationError(otp_wait.wrong_code_message(min(waits, default=0)))


class RegisterForm(forms.Form):
    """A resident's account and identity, as on the KK."""

    contact = forms.CharField(
        label=_("E-mail atau nomor HP"),
        help_text=_("Kami kirim kode konfirmasi ke alamat ini."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        help_text=_("Minimal 8 karakter, jangan hanya angka."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    nik = forms.CharField(
        label=_("NIK (Nomor Induk Kependudukan)"),
        help_text=_("16 angka, ada di KK (Kartu Keluarga) atau KTP."),
        max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=_("Nomor KK"),
        help_text=_("16 angka di bagian atas Kartu Keluarga."),
        max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = NameField(label=_("Nama lengkap sesuai KK"))
    birth_place = PlaceField(label=_("Tempat lahir"))
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    address = AddressField(label=_("Alamat (jalan, dusun, nomor rumah)"))
    rt = RtRwField(label=_("RT"))
    rw = RtRwField(label=_("RW"))
    district = district_field()
    village = forms.ChoiceField(
        label=_("Desa/kelurahan"),
        widget=FastSelect,
        help_text=_("Pilih kecamatan dulu; daftar desa/kelurahan akan menyesuaikan."),
        error_messages={"invalid_choice": VILLAGE_NOT_IN_DISTRICT, "required": _("Pilih desa/kelurahan.")},
    )
    field_order = ["full_name", "nik", "kk_number", "birth_place", "birth_date", "address", "rt", "rw",
                   "district", "village", "contact", "password1", "password2"]

    required_messages: dict[str, Any] = {
        "full_name": _("Tulis nama lengkap sesuai KK."),
        "nik": _("Tulis NIK (16 angka)."),
        "kk_number": _("Tulis Nomor KK (16 angka)."),
        "birth_place": _("Tulis tempat lahir."),
        "birth_date": _("Isi tanggal lahir."),
        "address": _("Tulis alamat."),
        "contact": _("Tulis e-mail atau nomor HP."),
        "password1": _("Buat kata sandi."),
        "password2": _("Ketik kata sandi sekali lagi."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["birth_date"].error_messages["invalid"] = _("Tulis tanggal lahir yang benar.")

    def clean_contact(self) -> str:
        return clean_new_contact(
            self.cleaned_data["contact"],
            email_taken=_("E-mail ini sudah terdaftar. Silakan masuk."),
            phone_taken=_("Nomor HP ini sudah terdaftar. Silakan masuk."),
        )

    def clean_nik(self) -> str:
        info = parse_nik(self.cleaned_data["nik"])
        if ResidentProfile.objects.filter(nik=info.nik).exists():
            raise forms.ValidationError(
                _("NIK ini sudah punya akun. Satu NIK hanya untuk satu akun; masuk dengan akun tersebut atau "
                  "hubungi petugas.")
            )
        self.nik_info = info
        return info.nik

    def clean_kk_number(self) -> str:
        value = clean_number(self.cleaned_data["kk_number"])
        validate_kk(value)
        return value

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if any(ch.isdigit() for ch in name):
            raise forms.ValidationError(_("Nama tidak boleh berisi angka. Tulis sesuai KK."))
        return name.upper()

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        info = getattr(self, "nik_info", None)
        birth_date = cleaned.get("birth_date")
        if info and birth_date and info.birth_date != birth_date:
            self.add_error(
                "birth_date",
                _("Tanggal lahir tidak sama dengan yang tertulis di NIK (%(date)s). Periksa NIK atau tanggal lahir.")
                % {"date": info.birth_date.strftime("%d-%m-%Y")},
            )
        district, village = cleaned.get("district"), cleaned.get("village")
        if district and village and not Region.objects.filter(code=village, parent_id=district).exists():
            self.add_error("village", VILLAGE_NOT_IN_DISTRICT)
        return cleaned


def clean_contact_pair(email: str, phone: str, *, exclude_user_id: int | None) -> tuple[str, str]:
    """Validate an e-mail and a phone (at least one), unique among other accounts."""
    email = (email or "").strip().lower()
    phone = normalize_phone(phone or "") if phone else ""
    errors: dict[str, Any] = {}
    if not email and not phone:
        errors["email"] = _("Isi e-mail atau nomor HP: ke sanalah kabar permohonan Anda dikirim.")
    others = User.objects.exclude(pk=exclude_user_id) if exclude_user_id else User.objects.all()
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = _("E-mail ini sudah dipakai akun lain.")
    if phone and (not phone.startswith("08") or not 10 <= len(phone) <= 14):
        errors["phone"] = _("Nomor HP diawali 08 dan berisi 10-14 angka.")
    elif phone and others.filter(phone=phone).exists():
        errors["phone"] = _("Nomor HP ini sudah dipakai akun lain.")
    if errors:
        raise forms.ValidationError(errors)
    return email, phone


class ProfileForm(forms.Form):
    """What a resident may change themselves. NIK, KK, name and birth data are not here: they change
    only through :func:`apps.accounts.services.change_identity_numbers` or at the office."""

    address = AddressField(label=_("Alamat (jalan, dusun, nomor rumah)"))
    rt = RtRwField(label=_("RT"))
    rw = RtRwField(label=_("RW"))
    district = district_field()
    village = forms.ChoiceField(
        label=_("Desa/kelurahan"),
        widget=FastSelect,
        error_messages={"invalid_choice": VILLAGE_NOT_IN_DISTRICT, "required": _("Pilih desa/kelurahan.")},
    )
    email = forms.EmailField(label=_("E-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    preferred_language = forms.ChoiceField(
        label=_("Bahasa pesan dan tampilan"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )

    def __init__(self, *args: Any, user_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id = user_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "email" in cleaned and "phone" in cleaned:
            try:
                cleaned["email"], cleaned["phone"] = clean_contact_pair(
                    cleaned["email"], cleaned["phone"], exclude_user_id=self.user_id
                )
            except forms.ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        district, village = cleaned.get("district"), cleaned.get("village")
        if district and village and not Region.objects.filter(code=village, parent_id=district).exists():
            self.add_error("village", VILLAGE_NOT_IN_DISTRICT)
        return cleaned


class ConfirmContactForm(forms.Form):
    code = forms.CharField(
        label=_("Kode konfirmasi (6 angka)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class IdentityChangeForm(forms.Form):
    """A resident corrects their NIK or KK number (e.g. after a new KK). Password asked again."""

    nik = forms.CharField(label=_("NIK"), max_length=25,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kk_number = forms.CharField(label=_("Nomor KK"), max_length=25,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    reason = forms.CharField(label=_("Alasan perubahan"), max_length=500,
                             help_text=_("Misalnya: KK baru setelah pindah atau menikah."),
                             widget=forms.Textarea(attrs={"rows": 3}))
    password = forms.CharField(label=_("Kata sandi Anda"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        value: str = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(value):
            raise forms.ValidationError(_("Kata sandi salah."))
        return value


class TotpEnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka yang tampil di aplikasi"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
