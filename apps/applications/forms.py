"""Forms of the resident flow and the verification desk. Messages say how to fix the problem."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Sex
from apps.applications.models import Decision, ServiceType
from apps.core.inputs import AddressField, NameField, PlaceField, RtRwField, past_birth_date, person_name
from apps.regions.models import Region

NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _digits(value: str, length: int, label: str) -> str:
    value = re.sub(r"[\s.-]", "", value or "")
    if not (value.isascii() and value.isdigit()) or len(value) != length:
        raise forms.ValidationError(
            _("%(label)s harus %(length)d angka; Anda mengetik %(typed)d karakter.")
            % {"label": label, "length": length, "typed": len(value)}
        )
    return value


class MarriedForm(forms.Form):
    married = forms.TypedChoiceField(
        label=_("Apakah Anda sudah atau pernah menikah?"),
        choices=[("yes", _("Ya, sudah atau pernah menikah")), ("no", _("Belum"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Pilih salah satu jawaban.")},
    )


class IdentityForm(forms.Form):
    """Formulir F-1.02, prefilled from the resident's profile."""

    full_name = NameField(label=_("Nama lengkap"),
                                help_text=_("Seperti tertulis di KK, tanpa gelar."),
                                error_messages={"required": _("Isi nama lengkap Anda.")})
    kk_number = forms.CharField(label=_("Nomor KK (Kartu Keluarga)"), max_length=20,
                                widget=forms.TextInput(attrs=NUMBER_ATTRS),
                                help_text=_("16 angka di bagian atas Kartu Keluarga."),
                                error_messages={"required": _("Isi nomor KK.")})
    birth_place = PlaceField(label=_("Tempat lahir"),
                                  error_messages={"required": _("Isi tempat lahir.")})
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE_WIDGET,
                                 error_messages={"required": _("Isi tanggal lahir."),
                                                 "invalid": _("Tanggal lahir tidak sah; contoh: 1990-01-31.")})
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect,
                            error_messages={"required": _("Pilih jenis kelamin.")})
    address = AddressField(label=_("Alamat"), error_messages={"required": _("Isi alamat.")})
    rt = RtRwField(label=_("RT"), widget=forms.TextInput(attrs=NUMBER_ATTRS))
    rw = RtRwField(label=_("RW"), widget=forms.TextInput(attrs=NUMBER_ATTRS))
    contact_phone = forms.CharField(label=_("Nomor HP/WhatsApp untuk kabar permohonan"), max_length=20,
                                    required=False, widget=forms.TextInput(attrs={"inputmode": "tel"}))

    def __init__(self, *args: Any, nik: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected_nik = nik  # the application's NIK: birth date and sex must agree with it

    def clean(self) -> dict[str, Any]:
        from apps.accounts.nik import contradictions

        cleaned = super().clean() or {}
        if self.expected_nik:
            found = contradictions(self.expected_nik, birth_date=cleaned.get("birth_date"), sex=cleaned.get("sex"))
            for field, message in found.items():
                self.add_error(field, message)
        return cleaned

    def clean_kk_number(self) -> str:
        return _digits(self.cleaned_data["kk_number"], 16, str(_("Nomor KK")))

    def clean_full_name(self) -> str:
        return person_name(self.cleaned_data["full_name"])

    def clean_birth_date(self) -> dt.date:
        return past_birth_date(self.cleaned_data["birth_date"])

    def clean_contact_phone(self) -> str:
        value = re.sub(r"[\s-]", "", self.cleaned_data.get("contact_phone") or "")
        if value and not re.fullmatch(r"(\+62|62|0)8\d{7,12}", value):
            raise forms.ValidationError(_("Nomor HP tidak sah; contoh: 081234567890."))
        return value

    def clean_rt(self) -> str:
        return (self.cleaned_data.get("rt") or "").strip()

    def clean_rw(self) -> str:
        return (self.cleaned_data.get("rw") or "").strip()


CHANGE_ELEMENTS: list[tuple[str, Any]] = [
    ("full_name", _("Nama")),
    ("marital_status", _("Status perkawinan")),
    ("occupation", _("Pekerjaan")),
    ("religion", _("Agama")),
    ("education", _("Pendidikan terakhir")),
    ("blood_type", _("Golongan darah")),
    ("address", _("Alamat")),
]


class ChangesForm(forms.Form):
    """F-1.06: each element that changes, and its new value."""

    def __init__(self, *args: Any, initial_changes: list[dict[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {c["element"]: c for c in initial_changes or []}
        for code, label in CHANGE_ELEMENTS:
            self.fields[f"change_{code}"] = forms.BooleanField(label=label, required=False,
                                                               initial=code in current)
            self.fields[f"new_{code}"] = forms.CharField(
                label=_("%(element)s yang baru") % {"element": label}, required=False, max_length=150,
                initial=current.get(code, {}).get("new", ""),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = 0
        for code, label in CHANGE_ELEMENTS:
            if cleaned.get(f"change_{code}"):
                chosen += 1
                if not (cleaned.get(f"new_{code}") or "").strip():
                    self.add_error(f"new_{code}", _("Isi %(element)s yang baru.") % {"element": str(label).lower()})
        if not chosen:
            raise forms.ValidationError(_("Pilih setidaknya satu data yang berubah."))
        return cleaned

    def changes(self) -> list[dict[str, str]]:
        return [
            {"element": code, "label": str(label), "new": self.cleaned_data[f"new_{code}"].strip()}
            for code, label in CHANGE_ELEMENTS
            if self.cleaned_data.get(f"change_{code}")
        ]

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"change_{code}"], self[f"new_{code}"]) for code, _label in CHANGE_ELEMENTS]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Pilih foto atau PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        error_messages={"required": _("Pilih berkas dulu (foto atau PDF)."),
                        "empty": _("Berkas kosong (0 KB). Pilih lagi foto atau PDF dokumen Anda."),
                        "invalid": _("Berkas tidak terbaca. Pilih lagi."),
                        "missing": _("Pilih berkas dulu (foto atau PDF).")},
    )


class StatusCheckForm(forms.Form):
    number = forms.CharField(label=_("Nomor permohonan"), max_length=20,
                             help_text=_("Contoh: KTP-261128-ABC234. Ada di bukti permohonan."),
                             error_messages={"required": _("Isi nomor permohonan.")})
    birth_date = forms.DateField(label=_("Tanggal lahir pemohon"), widget=DATE_WIDGET,
                                 error_messages={"required": _("Isi tanggal lahir."),
                                                 "invalid": _("Tanggal lahir tidak sah; contoh: 1990-01-31.")})

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip().upper()


class QueueFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Layanan"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    min_age_days = forms.IntegerField(label=_("Menunggu minimal (hari)"), required=False, min_value=0, max_value=365)
    due_by = forms.DateField(label=_("Batas layanan sampai"), required=False,
                             widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        # both are declared above as ChoiceFields
        service = cast(forms.ChoiceField, self.fields["service"])
        district = cast(forms.ChoiceField, self.fields["district"])
        service.choices = [("", _("Semua"))] + [
            (s.code, s.name) for s in ServiceType.objects.filter(is_active=True)
        ]
        district.choices = [("", _("Semua"))] + [
            (r.code, r.name) for r in Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).order_by("name")
        ]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect, label=_("Keputusan"),
                                error_messages={"required": _("Pilih keputusan.")})
    reason_code = forms.ChoiceField(choices=[("", "—"), *Decision.RejectReason.choices], required=False,
                                    label=_("Alasan penolakan"))
    note = forms.CharField(label=_("Catatan untuk pemohon"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
