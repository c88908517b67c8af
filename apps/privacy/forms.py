from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.privacy.models import Breach, BreachStatus, CorrectionRequest, CorrectionStatus


class CorrectionForm(forms.ModelForm[CorrectionRequest]):
    class Meta:
        model = CorrectionRequest
        fields = ["item", "current_value", "correct_value", "note"]
        labels = {
            "item": _("Data mana yang salah?"),
            "current_value": _("Yang tertulis sekarang"),
            "correct_value": _("Yang benar"),
            "note": _("Keterangan"),
        }
        help_texts = {"correct_value": _("Tulis persis seperti di KK atau akta Anda.")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class HandleCorrectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"), widget=forms.RadioSelect,
        choices=[(CorrectionStatus.DONE, CorrectionStatus.DONE.label),
                 (CorrectionStatus.REJECTED, CorrectionStatus.REJECTED.label)],
    )
    response = forms.CharField(label=_("Jawaban untuk penduduk"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=2000)


class BreachForm(forms.ModelForm[Breach]):
    class Meta:
        model = Breach
        fields = ["title", "description", "discovered_at", "occurred_at", "data_kinds", "affected_count",
                  "specific_data", "measures"]
        widgets = {
            "discovered_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }


class BreachUpdateForm(forms.ModelForm[Breach]):
    class Meta:
        model = Breach
        fields = ["measures", "affected_count", "subjects_notified_at", "authority_notified_at", "status"]
        widgets = {
            "subjects_notified_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "authority_notified_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                         format="%Y-%m-%dT%H:%M"),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101  (a model field with choices)
        status.choices = BreachStatus.choices


class AccessLookupForm(forms.Form):
    nik = forms.RegexField(label=_("NIK penduduk"), regex=r"^\d{16}$",
                           error_messages={"invalid": _("NIK terdiri dari 16 angka.")},
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
