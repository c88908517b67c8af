"""The life event's own fields: a birth (the child, the parents from the KK or typed) and a death (the deceased
from the KK's active members, the date and place). Stored in ``form_data`` under the keys of
:mod:`apps.applications.services.life_events`; checks that need the database run in ``services.save_event``."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Sex
from apps.accounts.nik import parse_nik
from apps.applications.forms import DATE_WIDGET, NUMBER_ATTRS, _digits
from apps.core.inputs import NameField, PlaceField, person_name
from apps.families.models import FamilyMember

NOT_LISTED = "-"  # "not in the list: typed below" (a value, so the choice itself stays required)


def _member_label(member: FamilyMember) -> str:
    return f"{member.full_name} ({member.get_relationship_display()}, {member.birth_date:%d-%m-%Y})"


def _date_field(label: Any, required_text: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET,
                           error_messages={"required": required_text,
                                           "invalid": _("Tanggal tidak sah; contoh: 2026-11-20.")})


def _optional_nik(form: forms.Form, field: str) -> str:
    value = str(form.cleaned_data.get(field) or "").strip()
    if not value:
        return ""
    value = _digits(value, 16, str(_("NIK")))
    try:
        parse_nik(value)
    except forms.ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc
    return value


class _EventForm(forms.Form):
    def __init__(self, *args: Any, members: list[FamilyMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}

    def _choices(self, field: str, members: list[FamilyMember], empty: Any) -> None:
        cast(forms.ChoiceField, self.fields[field]).choices = [(NOT_LISTED, empty)] + [
            (str(m.pk), _member_label(m)) for m in members]

    def member(self, field: str) -> FamilyMember | None:
        return self.members.get(str(self.cleaned_data.get(field) or ""))


class BirthForm(_EventForm):
    child_name = NameField(label=_("Nama anak"), help_text=_("Nama lengkap anak seperti akan tertulis di akta."),
                           error_messages={"required": _("Isi nama anak.")})
    child_birth_date = _date_field(_("Tanggal lahir anak"), _("Isi tanggal lahir anak."))
    child_birth_place = PlaceField(label=_("Tempat lahir anak"), help_text=_("Kota/kabupaten tempat anak lahir."),
                                   error_messages={"required": _("Isi tempat lahir anak.")})
    child_sex = forms.ChoiceField(label=_("Jenis kelamin anak"), choices=Sex.choices, widget=forms.RadioSelect,
                                  error_messages={"required": _("Pilih jenis kelamin anak.")})
    mother_member_id = forms.ChoiceField(label=_("Ibu"), error_messages={"required": _("Pilih ibu.")})
    mother_name = NameField(label=_("Nama ibu (jika tidak ada di daftar)"), required=False)
    mother_nik = forms.CharField(label=_("NIK ibu (jika tidak ada di daftar)"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs=NUMBER_ATTRS))
    father_member_id = forms.ChoiceField(label=_("Ayah"), required=False)
    father_name = NameField(label=_("Nama ayah (jika tidak ada di daftar)"), required=False)
    father_nik = forms.CharField(label=_("NIK ayah (jika tidak ada di daftar)"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs=NUMBER_ATTRS))

    def __init__(self, *args: Any, members: list[FamilyMember], **kwargs: Any) -> None:
        super().__init__(*args, members=members, **kwargs)
        self._choices("mother_member_id", [m for m in members if m.sex == Sex.FEMALE],
                      _("Tidak ada di daftar — ketik di bawah"))
        self._choices("father_member_id", [m for m in members if m.sex == Sex.MALE],
                      _("Tidak ada di daftar — ketik di bawah (boleh dikosongkan)"))

    def clean_child_name(self) -> str:
        return person_name(str(self.cleaned_data["child_name"]))

    def clean_child_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["child_birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal lahir anak tidak boleh sesudah hari ini."))
        if value.year < 1900:
            raise forms.ValidationError(_("Tanggal lahir anak tidak masuk akal; periksa tahunnya."))
        return value

    def clean_mother_nik(self) -> str:
        return _optional_nik(self, "mother_nik")

    def clean_father_nik(self) -> str:
        return _optional_nik(self, "father_nik")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (self.member("mother_member_id") is None and not cleaned.get("mother_name")
                and "mother_name" not in self.errors and "mother_member_id" not in self.errors):
            self.add_error("mother_member_id", _("Pilih ibu dari daftar anggota KK, atau ketik nama ibu."))
        return cleaned

    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        event: dict[str, Any] = {
            "child_name": data["child_name"], "child_birth_date": data["child_birth_date"].isoformat(),
            "child_birth_place": data["child_birth_place"], "child_sex": data["child_sex"], "child_nik": "",
        }
        for parent in ("mother", "father"):
            member = self.member(f"{parent}_member_id")
            event[f"{parent}_member_id"] = member.pk if member else None
            event[f"{parent}_name"] = member.full_name if member else str(data.get(f"{parent}_name") or "").upper()
            event[f"{parent}_nik"] = member.nik if member else data.get(f"{parent}_nik", "")
        return event


class DeathForm(_EventForm):
    deceased_member_id = forms.ChoiceField(label=_("Anggota keluarga yang meninggal"),
                                           error_messages={"required": _("Pilih anggota keluarga.")})
    deceased_nik = forms.CharField(label=_("NIK almarhum/almarhumah (jika tidak ada di daftar)"), required=False,
                                   max_length=20, widget=forms.TextInput(attrs=NUMBER_ATTRS))
    deceased_name = NameField(label=_("Nama almarhum/almarhumah (jika tidak ada di daftar)"), required=False)
    death_date = _date_field(_("Tanggal kematian"), _("Isi tanggal kematian."))
    death_place = PlaceField(label=_("Tempat kematian"), help_text=_("Misalnya rumah sakit atau desa."),
                             error_messages={"required": _("Isi tempat kematian.")})

    def __init__(self, *args: Any, members: list[FamilyMember], **kwargs: Any) -> None:
        super().__init__(*args, members=members, **kwargs)
        self._choices("deceased_member_id", members, _("Tidak ada di daftar — ketik NIK dan nama di bawah"))

    def clean_deceased_nik(self) -> str:
        return _optional_nik(self, "deceased_nik")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = self.member("deceased_member_id")
        if chosen is not None and not chosen.nik:
            self.add_error("deceased_member_id", _("Anggota ini belum mempunyai NIK di data kami; laporkan "
                                                   "kematiannya di loket layanan."))
        if chosen is None and "deceased_member_id" not in self.errors and not self.errors.get("deceased_nik"):
            if not cleaned.get("deceased_nik"):
                self.add_error("deceased_member_id",
                               _("Pilih anggota keluarga yang meninggal, atau ketik NIK dan namanya."))
            elif not cleaned.get("deceased_name"):
                self.add_error("deceased_name", _("Isi nama almarhum/almarhumah."))
        return cleaned

    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        member = self.member("deceased_member_id")
        nik = member.nik if member else data["deceased_nik"]
        born = member.birth_date if member else parse_nik(nik).birth_date
        return {
            "deceased_member_id": member.pk if member else None, "deceased_nik": nik,
            "deceased_name": member.full_name if member else str(data["deceased_name"]).upper(),
            "deceased_birth_date": born.isoformat(), "death_date": data["death_date"].isoformat(),
            "death_place": data["death_place"],
        }


EVENT_FORMS: dict[str, type[BirthForm] | type[DeathForm]] = {"birth": BirthForm, "death": DeathForm}


def event_form(application: Any, kind: str, data: Any = None, *, initial: Any = None) -> BirthForm | DeathForm:
    """The event's form for a file, its member choices from the file's KK (for a death, without the applicant):
    the page and the API fill in the same form."""
    from apps.applications.services import life_events
    from apps.families.services import active_members

    family = life_events.family_for(application.kk_number)
    members = active_members(family) if family is not None else []
    if kind == "death":
        members = [m for m in members if m.nik != application.nik]
    return EVENT_FORMS[kind](data, members=members, initial=initial)
