"""The IKM questionnaire as a form: nine questions with their own wordings, then the profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.applications.models import ServiceType
from apps.locations.models import Location
from apps.surveys.elements import ELEMENTS, AgeBand, Education, Occupation, Sex


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ELEMENTS:
            self.fields[item.field] = forms.TypedChoiceField(
                label=f"{item.number}. {item.question}",
                coerce=int,
                widget=forms.RadioSelect,
                choices=[(i + 1, text) for i, text in enumerate(item.answers)],
                error_messages={"required": _("Pilih salah satu jawaban untuk pertanyaan %(n)d.") % {"n": item.number}},
            )
        self.fields["age_band"] = forms.ChoiceField(label=_("Umur"), choices=[("", "—"), *AgeBand.choices])
        self.fields["sex"] = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
        self.fields["education"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"), choices=[("", "—"), *Education.choices]
        )
        self.fields["occupation"] = forms.ChoiceField(
            label=_("Pekerjaan utama"), choices=[("", "—"), *Occupation.choices]
        )
        for name, message in (
            ("age_band", _("Pilih kelompok umur Anda.")),
            ("sex", _("Pilih jenis kelamin Anda.")),
            ("education", _("Pilih pendidikan terakhir Anda.")),
            ("occupation", _("Pilih pekerjaan utama Anda.")),
        ):
            self.fields[name].error_messages["required"] = message
        self.fields["suggestion"] = forms.CharField(
            label=_("Saran untuk perbaikan layanan"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Jangan tulis nama atau NIK: jawaban survei tidak terhubung dengan identitas Anda."),
        )

    def question_fields(self) -> list[Any]:
        return [self[item.field] for item in ELEMENTS]

    def profile_fields(self) -> list[Any]:
        return [self[name] for name in ("age_band", "sex", "education", "occupation", "suggestion")]


class KioskForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor tiket antrean atau nomor permohonan"),
        max_length=30,
        help_text=_("Tertulis di tiket atau bukti permohonan Anda, contoh C-014."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReportFilterForm(forms.Form):
    periode = forms.RegexField(
        label=_("Periode"),
        regex=r"^\d{4}(-S[12])?$",
        required=False,
        help_text=_("Contoh 2026-S1 (semester) atau 2026 (tahun)."),
    )
    layanan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Layanan"), queryset=None, required=False, empty_label=_("Semua layanan")
    )
    lokasi: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Lokasi"), queryset=None, required=False, empty_label=_("Semua lokasi")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["layanan"].queryset = ServiceType.objects.all()  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["lokasi"].queryset = Location.objects.all()  # type: ignore[attr-defined]  # ModelChoiceField
