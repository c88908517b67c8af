from __future__ import annotations

from django import forms

from apps.publicinfo.models import INTERNAL_FIELDS, PUBLIC_FIELDS, ServiceStandard


class StandardForm(forms.ModelForm[ServiceStandard]):
    class Meta:
        model = ServiceStandard
        fields = [*PUBLIC_FIELDS, *INTERNAL_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in (*PUBLIC_FIELDS, *INTERNAL_FIELDS)}
