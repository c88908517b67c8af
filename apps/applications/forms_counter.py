"""The file desk's form at the counter: the walk-in applicant's identity (F-1.02) with the same checks an
online applicant passed at registration (NIK, KK, birth date and sex as the NIK says, a village of the
regency), their contact, and the service's document checklist."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import VILLAGE_NOT_IN_DISTRICT, district_field
from apps.accounts.models import Sex
from apps.accounts.nik import NikInfo, clean_number, parse_nik, validate_kk
from apps.applications.forms import IdentityForm
from apps.applications.models import RequiredDocument
from apps.regions.models import Region
from apps.regions.widgets import FastSelect


class CounterFileForm(IdentityForm):
    """Identity, contact, and per required document: a scan, or the officer's tick that the original was seen."""

    nik = forms.CharField(
        label=_("NIK (Nomor Induk Kependudukan)"), max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 angka, dari KK atau KTP lama pemohon."),
        error_messages={"required": _("Isi NIK pemohon (16 angka).")},
    )
    district = district_field()
    village = forms.ChoiceField(
        label=_("Desa/kelurahan"), widget=FastSelect,
        error_messages={"invalid_choice": VILLAGE_NOT_IN_DISTRICT, "required": _("Pilih desa/kelurahan.")},
    )
    contact_email = forms.EmailField(
        label=_("E-mail untuk tanda terima dan kabar permohonan"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("E-mail tidak sah; contoh: nama@contoh.id.")},
    )
    verify_now = forms.BooleanField(
        label=_("Data dan dokumen asli sudah saya periksa: verifikasi sekarang"), required=False, initial=True,
        help_text=_("Tanpa centang ini berkas masuk antrean verifikasi seperti berkas daring."),
    )
    field_order = ["nik", "full_name", "kk_number", "birth_place", "birth_date", "sex", "address", "rt", "rw",
                   "district", "village", "contact_phone", "contact_email"]

    def __init__(self, *args: Any, requirements: list[RequiredDocument] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements or [])
        self.nik_info: NikInfo | None = None
        for requirement in self.requirements:
            self.fields[f"scan_{requirement.kind}"] = forms.FileField(
                label=_("Pindaian %(name)s") % {"name": requirement.name}, required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
            )
            self.fields[f"original_{requirement.kind}"] = forms.BooleanField(
                label=_("Asli %(name)s sudah diperiksa di loket") % {"name": requirement.name}, required=False,
            )

    def document_rows(self) -> list[tuple[RequiredDocument, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"scan_{r.kind}"], self[f"original_{r.kind}"]) for r in self.requirements]

    def clean_nik(self) -> str:
        try:
            self.nik_info = parse_nik(self.cleaned_data["nik"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return self.nik_info.nik

    def clean_kk_number(self) -> str:
        value = clean_number(self.cleaned_data["kk_number"])
        try:
            validate_kk(value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        info = self.nik_info
        birth_date, sex = cleaned.get("birth_date"), cleaned.get("sex")
        if info is not None and birth_date and info.birth_date != birth_date:
            self.add_error("birth_date", _(
                "Tanggal lahir tidak sama dengan yang tertulis di NIK (%(date)s). Periksa NIK atau tanggal lahir."
            ) % {"date": info.birth_date.strftime("%d-%m-%Y")})
        if info is not None and sex and info.sex != sex:
            self.add_error("sex", _(
                "Jenis kelamin tidak sama dengan NIK: angka ke-7 dan ke-8 NIK (%(day)s) menunjukkan %(sex)s. "
                "Periksa NIK atau jenis kelamin."
            ) % {"day": info.nik[6:8], "sex": Sex(info.sex).label.lower()})
        district, village = cleaned.get("district"), cleaned.get("village")
        if district and village and not Region.objects.filter(code=village, parent_id=district).exists():
            self.add_error("village", VILLAGE_NOT_IN_DISTRICT)
        return cleaned

    def scans(self) -> dict[str, Any]:
        return {r.kind: self.cleaned_data[f"scan_{r.kind}"] for r in self.requirements
                if self.cleaned_data.get(f"scan_{r.kind}")}

    def originals(self) -> list[str]:
        return [r.kind for r in self.requirements if self.cleaned_data.get(f"original_{r.kind}")]

    def identity(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = ("full_name", "kk_number", "birth_place", "birth_date", "sex", "address", "rt", "rw")
        return {**{f: data[f] for f in fields}, "district_id": data["district"], "village_id": data["village"]}
