"""Empty the filter-list cache (apps.dashboards.choices) when a location, service or region changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from apps.applications.models import ServiceType
from apps.locations.models import Location
from apps.regions.models import Region


def _forget(sender: Any, **kwargs: Any) -> None:
    from apps.dashboards.choices import forget

    forget()


def connect() -> None:
    for model in (Location, ServiceType, Region):
        post_save.connect(_forget, sender=model, dispatch_uid=f"dashboards.choices.save.{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"dashboards.choices.delete.{model.__name__}")
