"""Forms of the administrator's location pages: details, weekly opening hours, a closure."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.links import https_links
from apps.locations.models import Location
from apps.locations.services import WEEKDAY_NAMES, WEEKDAYS
from apps.regions.widgets import FastSelect

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


def regency_districts() -> Any:
    """The regency's kecamatan (26 for Klaten), not every region of the country."""
    from apps.regions.models import Region

    return Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE, level=Region.Level.DISTRICT).order_by("name")


class LocationForm(forms.ModelForm[Location]):
    """The location's details. The place is chosen in two steps: one of the regency's kecamatan, then one of its
    desa/kelurahan (htmx swaps the village list when the kecamatan changes; without JavaScript the list holds
    every village of the regency grouped by kecamatan, and a village outside the chosen kecamatan is refused)."""

    village_code = forms.ChoiceField(
        label=_("Desa/kelurahan"), required=False, widget=FastSelect(attrs={"id": "id_village"}),
        help_text=_("Pilih kecamatan dulu; daftar desa/kelurahan akan menyesuaikan."),
        error_messages={"invalid_choice": _("Desa/kelurahan ini tidak ada di kecamatan yang dipilih.")},
    )

    class Meta:
        model = Location
        formfield_callback = https_links
        fields = ["name", "kind", "address", "district", "phone", "map_url", "is_active"]

    field_order = ["name", "kind", "address", "district", "village_code", "phone", "map_url", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        district.queryset = regency_districts()  # type: ignore[attr-defined]
        district.empty_label = _("— pilih kecamatan —")  # type: ignore[attr-defined]
        district.widget.attrs.update({
            "hx-get": reverse("regions:villages"), "hx-target": "#id_village", "hx-swap": "outerHTML",
            "hx-trigger": "change", "hx-sync": "this:replace",
        })
        chosen = (self.data.get("district") if self.is_bound else self.instance.district_id) or ""
        village = cast(forms.ChoiceField, self.fields["village_code"])
        village.choices = [("", _("— pilih desa/kelurahan —")), *village_choices(chosen)]
        if not self.is_bound and self.instance.village_id:
            self.initial["village_code"] = self.instance.village_id

    def add_prefix(self, field_name: str) -> str:
        # the village select is posted as "village", the name the regions view's fragment uses
        return super().add_prefix("village" if field_name == "village_code" else field_name)

    def clean(self) -> dict[str, Any]:
        from apps.regions.models import Region

        cleaned = super().clean() or {}
        district, code = cleaned.get("district"), cleaned.get("village_code") or ""
        village = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first() if code else None
        if village is not None and district is not None and village.parent_id != district.pk:
            self.add_error("village_code", _("Desa/kelurahan ini tidak ada di kecamatan yang dipilih."))
        cleaned["village"] = village
        return cleaned

    def details(self) -> dict[str, Any]:
        """What :func:`apps.locations.services.update_location` takes."""
        return {name: self.cleaned_data[name] for name in (*self.Meta.fields, "village")}


def village_choices(district: str) -> list[Any]:
    """The villages of one kecamatan of the regency, or (none chosen yet) every village of the regency grouped by
    kecamatan, so the form works without JavaScript."""
    from apps.regions.models import Region

    districts = dict(regency_districts().values_list("code", "name"))
    if district in districts:
        return list(Region.objects.filter(parent_id=district, level=Region.Level.VILLAGE)
                    .order_by("name").values_list("code", "name"))
    grouped: dict[str, list[tuple[str, str]]] = {code: [] for code in districts}
    for code, name, parent in (Region.objects.filter(level=Region.Level.VILLAGE, parent_id__in=list(districts))
                               .order_by("name").values_list("code", "name", "parent_id")):
        grouped[parent].append((code, name))
    return [(districts[code], villages) for code, villages in grouped.items()]


class OpeningHoursForm(forms.Form):
    """One row per weekday: closed, or open from .. to (time pickers)."""

    def __init__(self, *args: Any, location: Location, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for day in WEEKDAYS:
            span = location.opening_hours.get(str(day))
            initial[f"closed_{day}"] = not span
            if span:
                initial[f"opens_{day}"], initial[f"closes_{day}"] = span[0], span[1]
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            name = WEEKDAY_NAMES[day]
            self.fields[f"closed_{day}"] = forms.BooleanField(label=_("Tutup"), required=False)
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=_("%(day)s buka") % {"day": name}, required=False, widget=TIME_WIDGET,
                error_messages={"invalid": _("Tulis jam seperti 08:00.")})
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=_("%(day)s tutup") % {"day": name}, required=False, widget=TIME_WIDGET,
                error_messages={"invalid": _("Tulis jam seperti 15:00.")})

    def rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [(WEEKDAY_NAMES[d], self[f"closed_{d}"], self[f"opens_{d}"], self[f"closes_{d}"]) for d in WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for day in WEEKDAYS:
            if cleaned.get(f"closed_{day}"):
                continue
            opens, closes = cleaned.get(f"opens_{day}"), cleaned.get(f"closes_{day}")
            if f"opens_{day}" in self.errors or f"closes_{day}" in self.errors:
                continue
            if opens is None:
                self.add_error(f"opens_{day}", _("%(day)s: isi jam buka, atau centang Tutup.")
                               % {"day": WEEKDAY_NAMES[day]})
            if closes is None:
                self.add_error(f"closes_{day}", _("%(day)s: isi jam tutup, atau centang Tutup.")
                               % {"day": WEEKDAY_NAMES[day]})
            if opens is not None and closes is not None and closes <= opens:
                self.add_error(f"closes_{day}", _("%(day)s: jam tutup harus setelah jam buka.")
                               % {"day": WEEKDAY_NAMES[day]})
        return cleaned

    def hours(self) -> dict[int, tuple[dt.time, dt.time] | None]:
        data = self.cleaned_data
        return {
            day: None if data.get(f"closed_{day}") else (data[f"opens_{day}"], data[f"closes_{day}"])
            for day in WEEKDAYS
        }


class ClosureForm(forms.Form):
    start_date = forms.DateField(label=_("Mulai tanggal"), widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"required": _("Isi tanggal mulai."),
                                                 "invalid": _("Tulis tanggal yang benar.")})
    end_date = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": _("Isi tanggal selesai."),
                                               "invalid": _("Tulis tanggal yang benar.")})
    reason = forms.CharField(label=_("Alasan"), max_length=200,
                             help_text=_("Warga membacanya di pengumuman dan pesan pemindahan reservasi."),
                             error_messages={"required": _("Tulis alasan penutupan; warga akan membacanya.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and start < timezone.localdate():
            self.add_error("start_date", _("Tanggal mulai tidak boleh sebelum hari ini."))
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return cleaned
