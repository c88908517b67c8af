"""Forms of the administrator's staff pages: the list filters, a new account, a role and location change."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import clean_new_contact
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.staff_admin import ROLE_DESCRIPTIONS


class RoleSelect(forms.RadioSelect):
    """Radio buttons, one per role, each with the line saying what the role may do."""

    option_template_name = "accounts/staff_admin/_role_option.html"

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        option["description"] = ROLE_DESCRIPTIONS.get(option["value"], "")
        option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_description"
        return option

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        # the error summary links to the first radio button (Django's RadioSelect gives no id, so "#")
        return f"{id_}_{index or 0}" if id_ else ""


def _locations() -> Any:
    from apps.locations.models import Location

    return Location.objects.filter(is_active=True).order_by("order", "name")


def role_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Peran"), choices=Role.choices, widget=RoleSelect,
                             error_messages={"required": _("Pilih peran."), "invalid_choice": _("Pilih peran.")})


def location_field() -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=_("Lokasi tugas"), queryset=_locations(), empty_label=_("— pilih lokasi —"),
        error_messages={"required": _("Pilih lokasi tugas."), "invalid_choice": _("Pilih lokasi tugas.")},
    )


class StaffFilterForm(forms.Form):
    STATUS_CHOICES = [("active", _("Aktif")), ("inactive", _("Nonaktif")), ("all", _("Semua"))]

    q = forms.CharField(label=_("Cari nama, nama pengguna, e-mail, HP"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    role = forms.ChoiceField(label=_("Peran"), required=False, choices=[("", _("Semua peran")), *Role.choices])
    location = forms.ModelChoiceField(label=_("Lokasi"), required=False, queryset=_locations(),
                                      empty_label=_("Semua lokasi"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["location"]).queryset = _locations()


class StaffCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150,
                                error_messages={"required": _("Tulis nama lengkap petugas.")})
    username = forms.CharField(
        label=_("Nama pengguna"), max_length=150,
        help_text=_("Untuk masuk. Huruf, angka dan . _ - saja, misalnya sri.wahyuni."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": _("Tulis nama pengguna.")},
    )
    contact = forms.CharField(
        label=_("E-mail atau nomor HP"), max_length=150,
        help_text=_("Untuk menghubungi petugas, misalnya bila perangkatnya hilang."),
        error_messages={"required": _("Tulis e-mail atau nomor HP petugas.")},
    )
    role = role_field()
    location = location_field()
    password1 = forms.CharField(
        label=_("Kata sandi awal"), strip=False,
        help_text=_("Sampaikan langsung kepada petugas. Minimal 8 karakter, bukan kata umum."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Tulis kata sandi awal.")},
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi awal"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Ulangi kata sandi awal.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["location"]).queryset = _locations()

    def clean_full_name(self) -> str:
        import unicodedata

        value = " ".join(str(self.cleaned_data["full_name"]).split())
        # a name is letters, spaces and the marks names carry; no markup, formulas or invisible controls
        if any(ch in "<>=@+\"" or unicodedata.category(ch).startswith("C") for ch in value) or not value[:1].isalpha():
            raise forms.ValidationError(_("Nama hanya boleh huruf, spasi, titik, koma, apostrof dan tanda hubung."))
        return value

    def clean_username(self) -> str:
        value = str(self.cleaned_data["username"]).strip()
        if not value.replace(".", "").replace("_", "").replace("-", "").isalnum() or not value.isascii():
            raise forms.ValidationError(_("Nama pengguna hanya huruf, angka dan . _ - (tanpa spasi)."))
        if "@" in value or value.isdigit():
            raise forms.ValidationError(_("Nama pengguna bukan e-mail atau nomor HP."))
        if User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai. Pilih yang lain."))
        return value

    def clean_contact(self) -> str:
        return clean_new_contact(
            self.cleaned_data["contact"],
            email_taken=_("E-mail ini sudah dipakai akun lain."),
            phone_taken=_("Nomor HP ini sudah dipakai akun lain."),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                validate_password(first, User(username=cleaned.get("username", ""),
                                              first_name=cleaned.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        contact = data["contact"]
        return {
            "full_name": data["full_name"],
            "username": data["username"],
            "email": contact if "@" in contact else "",
            "phone": "" if "@" in contact else contact,
            "role": data["role"],
            "location": data["location"],
            "password": data["password1"],
        }


class StaffChangeForm(forms.Form):
    role = role_field()
    location = location_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["location"]).queryset = _locations()
