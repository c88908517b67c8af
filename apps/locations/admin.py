from __future__ import annotations

from django import forms
from django.contrib import admin

from apps.core.links import ADMIN_OVERRIDES
from apps.locations.models import Closure, Counter, Location, Stage


class CounterForm(forms.ModelForm[Counter]):
    stages = forms.MultipleChoiceField(choices=Stage.choices, widget=forms.CheckboxSelectMultiple, label="Tahap")

    class Meta:
        model = Counter
        fields = ("location", "number", "name", "services", "stages", "is_active")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    formfield_overrides = ADMIN_OVERRIDES
    list_display = ("name", "kind", "is_active", "order")
    list_filter = ("kind", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("district", "village")  # region codes, not a select of every region in the country
    search_fields = ("name", "address")


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin[Counter]):
    form = CounterForm
    list_display = ("location", "number", "name", "is_active", "is_open")
    list_filter = ("location", "is_active")
    filter_horizontal = ("services",)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    list_display = ("location", "start_date", "end_date", "reason")
    list_filter = ("location",)
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]  # Django admin signature
        # New closures go through the service so bookings they hit are moved or cancelled, with notices.
        if change:
            super().save_model(request, obj, form, change)
            return
        from apps.locations.services import add_closure

        created = add_closure(
            obj.location, obj.start_date, obj.end_date, obj.reason, actor=request.user, request=request
        )
        obj.pk = created.pk
