"""Forms of the section head's catalogue page: a service's terms and one required document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.applications.catalogue import REQUIREMENT_FIELDS, SERVICE_FIELDS
from apps.applications.models import RequiredDocument, ServiceType


class ServiceTermsForm(forms.ModelForm[ServiceType]):
    class Meta:
        model = ServiceType
        fields = list(SERVICE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age_years"), data.get("max_age_years")
        if low is not None and high is not None and low >= high:
            self.add_error("max_age_years", _("Umur maksimal harus lebih besar dari umur minimal."))
        days = data.get("service_level_days")
        if days is not None and not 1 <= days <= 60:
            self.add_error("service_level_days", _("Standar waktu antara 1 dan 60 hari kerja."))
        return data


class RequirementForm(forms.ModelForm[RequiredDocument]):
    accepted_formats = forms.MultipleChoiceField(
        label=_("Format diterima"), choices=RequiredDocument.Format.choices, widget=forms.CheckboxSelectMultiple,
        initial=[RequiredDocument.Format.IMAGE, RequiredDocument.Format.PDF],
    )
    max_size_kb = forms.IntegerField(label=_("Ukuran maksimal (KB)"), min_value=100, max_value=10240, initial=5120)
    max_pages = forms.IntegerField(label=_("Halaman PDF maksimal"), min_value=1, max_value=50, initial=10)
    order = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=99, required=False)

    class Meta:
        model = RequiredDocument
        fields = list(REQUIREMENT_FIELDS)
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0
