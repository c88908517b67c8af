from django.contrib import admin

from apps.outreach.models import OutreachVisit


@admin.register(OutreachVisit)
class OutreachVisitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "kind", "village", "status", "people_reached", "recordings_done")
    list_filter = ("kind", "status")
