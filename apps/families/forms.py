"""The resident's form for a member of their KK, and the desk's KK lookup. Messages say how to fix the problem."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Sex
from apps.core.inputs import NameField, PlaceField, past_birth_date, person_name
from apps.families.models import Relationship

NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


def _digits(value: str, label: str) -> str:
    value = re.sub(r"[\s.-]", "", value or "")
    if not (value.isascii() and value.isdigit()) or len(value) != 16:
        raise forms.ValidationError(
            _("%(label)s harus 16 angka; Anda mengetik %(typed)d karakter.") % {"label": label, "typed": len(value)}
        )
    return value


class MemberForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"), max_length=24, required=False, widget=forms.TextInput(attrs=NUMBER_ATTRS),
        help_text=_("16 angka. Kosongkan untuk bayi yang belum punya NIK."),
    )
    full_name = NameField(label=_("Nama lengkap"), help_text=_("Seperti tertulis di KK, tanpa gelar."),
                          error_messages={"required": _("Isi nama lengkap.")})
    birth_place = PlaceField(label=_("Tempat lahir"), error_messages={"required": _("Isi tempat lahir.")})
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal lahir."),
                        "invalid": _("Tanggal lahir tidak sah; contoh: 2009-01-31.")},
    )
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect,
                            error_messages={"required": _("Pilih jenis kelamin.")})
    relationship = forms.ChoiceField(
        label=_("Hubungan dalam keluarga"), choices=[("", _("Pilih…")), *Relationship.choices],
        error_messages={"required": _("Pilih hubungan dalam keluarga."),
                        "invalid_choice": _("Pilih hubungan dari daftar.")},
    )

    def clean_nik(self) -> str:
        value = self.cleaned_data.get("nik") or ""
        return _digits(value, str(_("NIK"))) if value.strip() else ""

    def clean_full_name(self) -> str:
        return person_name(self.cleaned_data["full_name"])

    def clean_birth_date(self) -> dt.date:
        return past_birth_date(self.cleaned_data["birth_date"])


class KkLookupForm(forms.Form):
    kk = forms.CharField(label=_("Nomor KK"), max_length=24, widget=forms.TextInput(attrs=NUMBER_ATTRS),
                         error_messages={"required": _("Isi nomor KK.")})

    def clean_kk(self) -> str:
        return _digits(self.cleaned_data["kk"], str(_("Nomor KK")))
