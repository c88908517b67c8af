from __future__ import annotations

from django.contrib import admin

from apps.queueing.models import DailyQueueStats, Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    list_display = ("__str__", "date", "location", "service", "stage", "status", "priority_group", "counter")
    list_filter = ("location", "status", "stage", "date")
    date_hierarchy = "date"
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]  # tickets come from the kiosk/desk
        return False


@admin.register(DailyQueueStats)
class DailyQueueStatsAdmin(admin.ModelAdmin[DailyQueueStats]):
    list_display = (
        "date",
        "location",
        "service",
        "issued",
        "served",
        "no_shows",
        "closed_unserved",
        "avg_wait_seconds",
        "avg_service_seconds",
    )
    list_filter = ("location", "service")
    date_hierarchy = "date"
