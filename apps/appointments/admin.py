from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.appointments.models import Booking, QuotaRule, Slot


@admin.register(QuotaRule)
class QuotaRuleAdmin(admin.ModelAdmin[QuotaRule]):
    list_display = ("location", "service", "daily_capacity", "online_share", "slot_minutes")
    list_filter = ("location", "service")


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin[Slot]):
    list_display = ("date", "start_time", "end_time", "location", "service", "quota", "booked", "walk_in_quota")
    list_filter = ("location", "service", "date")
    date_hierarchy = "date"
    # ``booked`` changes only through the booking service's conditional UPDATE.
    readonly_fields = ("booked",)

    def save_model(self, request: HttpRequest, obj: Slot, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        from apps.appointments.services import mark_not_full

        mark_not_full(obj.pk)  # a changed quota may have opened places


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ("code", "date", "location", "service", "status", "nik", "full_name")
    list_filter = ("status", "location", "service")
    search_fields = ("code", "nik", "full_name")
    date_hierarchy = "date"
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # bookings are made by residents
