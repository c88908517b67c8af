"""Deterministic factories for bookings and the queue (shared by appointments and queueing tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.applications.models import ServiceType
from apps.appointments.models import Slot
from apps.core.calendar import holidays_in, next_working_day
from apps.locations.models import Counter, Location, Stage

ALL_DAY = {str(d): ["00:00", "23:59"] for d in range(7)}


def make_service(code: str = "ktp-baru", name: str = "KTP-el baru (pemula)", queue_code: str = "C") -> ServiceType:
    service, _created = ServiceType.objects.get_or_create(
        code=code, defaults={"name": name, "queue_code": queue_code, "requires_biometrics": code == "ktp-baru"}
    )
    return service


def make_location(slug: str = "kantor-uji", name: str = "Kantor Uji Klaten", **kwargs: Any) -> Location:
    location, _created = Location.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Location.Kind.MAIN_OFFICE,
            "address": "Jl. Pemuda 1, Klaten",
            "opening_hours": ALL_DAY,
            **kwargs,
        },
    )
    return location


def make_counter(
    location: Location,
    number: int,
    stages: tuple[str, ...] = (Stage.DOCUMENT_CHECK,),
    services: tuple[ServiceType, ...] = (),
    is_open: bool = True,
) -> Counter:
    counter, _created = Counter.objects.get_or_create(
        location=location, number=number, defaults={"stages": list(stages), "is_open": is_open}
    )
    if services:
        counter.services.set(services)
    return counter


def open_day(offset: int = 1) -> dt.date:
    """A working day ``offset`` days or more from today (tomorrow by default)."""
    return next_working_day(timezone.localdate() + dt.timedelta(days=offset))


def require_open_today() -> None:
    today = timezone.localdate()
    if today in holidays_in(today.year):
        pytest.skip("today is a public holiday: locations are closed")


def make_slot(
    location: Location,
    service: ServiceType,
    day: dt.date | None = None,
    *,
    quota: int = 10,
    start: str = "08:00",
    end: str = "09:00",
    walk_in_quota: int = 0,
    booked: int = 0,
) -> Slot:
    return Slot.objects.create(
        location=location,
        service=service,
        date=day or open_day(),
        start_time=dt.time.fromisoformat(start),
        end_time=dt.time.fromisoformat(end),
        quota=quota,
        walk_in_quota=walk_in_quota,
        booked=booked,
    )
