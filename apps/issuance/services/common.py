"""Errors and the helpers every issuance step shares."""

from __future__ import annotations

from typing import Any

from apps.applications.models import Application
from apps.locations.models import Location


class IssuanceError(Exception):
    """A refused issuance action; the message is for the person at the desk (Indonesian)."""


class StockExhausted(IssuanceError):
    pass


class SerialAlreadyUsed(IssuanceError):
    pass


class SuketRefused(IssuanceError):
    pass


def main_office() -> Location | None:
    return Location.objects.filter(kind=Location.Kind.MAIN_OFFICE, is_active=True).order_by("order", "id").first()


def location_for(user: Any, application: Application | None = None) -> Location | None:
    """Where a staff member works: their own location, else the application's, else the main office."""
    location = getattr(user, "location", None)
    if location is None and application is not None and application.location_id:
        location = application.location
    return location or main_office()
