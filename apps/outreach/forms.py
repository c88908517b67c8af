from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.outreach.models import OutreachVisit
from apps.regions.models import Region


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in django-stubs only
    class Meta:
        model = OutreachVisit
        fields = ["kind", "date", "district", "village", "place", "staff", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "staff": forms.CheckboxSelectMultiple}
        error_messages = {
            "date": {"required": _("Isi tanggal kegiatan."), "invalid": _("Tanggal tidak valid.")},
            "village": {"required": _("Pilih desa/kelurahan tujuan.")},
            "district": {"required": _("Pilih kecamatan.")},
            "place": {"required": _("Isi tempat kegiatan, misalnya Balai Desa.")},
            "staff": {"required": _("Pilih paling sedikit satu petugas.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regency = settings.SIPON_REGENCY_CODE
        self.fields["district"].queryset = Region.objects.filter(parent_id=regency).order_by("name")  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["village"].queryset = Region.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            parent__parent_id=regency, level=Region.Level.VILLAGE).order_by("parent__name", "name")
        self.fields["village"].label_from_instance = lambda r: f"{r.name} ({r.parent.name if r.parent else ''})"  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["staff"].queryset = User.objects.filter(groups__isnull=False).distinct().order_by("username")  # type: ignore[attr-defined]  # ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, village = data.get("district"), data.get("village")
        if district and village and village.parent_id != district.code:
            self.add_error("village", _("Desa ini tidak berada di kecamatan yang dipilih."))
        return data


class ResultForm(forms.Form):
    people_reached = forms.IntegerField(label=_("Warga terjangkau"), min_value=0, max_value=100000,
                                        error_messages={"required": _("Isi jumlah warga yang hadir/terjangkau."),
                                                        "min_value": _("Jumlah tidak boleh negatif.")})
    recordings_done = forms.IntegerField(label=_("Perekaman KTP-el dilakukan"), min_value=0, max_value=100000,
                                         initial=0, error_messages={"min_value": _("Jumlah tidak boleh negatif.")})
    result_notes = forms.CharField(label=_("Catatan hasil"), widget=forms.Textarea, required=False)
