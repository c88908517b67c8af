"""The dashboard's filter lists (locations, services, kecamatan), kept in the cache: they change a few times a year
and were three queries on every dashboard page. Any save or delete of a location, service or region empties the
cache at once and again after the transaction commits (apps.dashboards.signals); the timeout covers bulk writes
that send no signal (the region loader)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

from apps.applications.models import ServiceType
from apps.core import caching
from apps.locations.models import Location
from apps.regions.models import Region

CACHE_KEY = "dashboards:filter-choices:v1"
CACHE_SECONDS = 10 * 60


def _read() -> dict[str, list[dict[str, Any]]]:
    districts = Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).order_by("name")
    return {
        "locations": [{"pk": pk, "name": name} for pk, name in Location.objects.filter(is_active=True).values_list(
            "pk", "name")],
        "services": [{"pk": pk, "name": name} for pk, name in ServiceType.objects.filter(is_active=True).values_list(
            "pk", "name")],
        "districts": [{"code": code, "name": name} for code, name in districts.values_list("code", "name")],
    }


def filter_choices() -> dict[str, list[dict[str, Any]]]:
    """``locations`` and ``services`` (pk, name; active ones, in their usual order) and ``districts`` (code, name;
    the regency's kecamatan by name)."""
    value: dict[str, list[dict[str, Any]]] | None = cache.get(CACHE_KEY)
    if value is None:
        value = _read()
        cache.set(CACHE_KEY, value, CACHE_SECONDS)
    return value


def forget() -> None:
    caching.forget(CACHE_KEY)
