"""Availability (cached): full slots, the next free slot, days with slots; the booking error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from apps.appointments.models import Slot
from apps.appointments.services.common import LOOKAHEAD_DAYS, NEXT_FREE_CACHE_SECONDS
from apps.locations.models import Location


class BookingError(Exception):
    """A booking that cannot be made, with the message to show (Indonesian) and a code."""

    def __init__(
        self, message: str, code: str, *, next_free: dict[str, Any] | None = None, existing: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.next_free = next_free
        self.existing = existing  # the code of the resident's own active booking that stands in the way


# --- Availability (cached) -------------------------------------------------------------------


def full_key(slot_id: int) -> str:
    """The cache key of a slot's "full" marker (its value is the cached answer, see :func:`_full_error`)."""
    return f"appt:full:{slot_id}"


def _next_free_key(location_id: int, service_id: int, after: dt.date) -> str:
    return f"appt:next:{location_id}:{service_id}:{after.isoformat()}"


def cached_full(slot_id: int) -> dict[str, Any] | None:
    """If the slot was seen full recently, the cached answer (with the next free date), else None."""
    value = cache.get(full_key(slot_id))
    return value if isinstance(value, dict) else None


def mark_not_full(slot_id: int) -> None:
    cache.delete(full_key(slot_id))


def next_free(location_id: int, service_id: int, after: dt.date) -> dict[str, Any] | None:
    """The first open slot with a free place after ``after`` (cached for a few seconds):
    ``{"slot_id", "date", "start", "end", "label"}`` or None."""
    key = _next_free_key(location_id, service_id, after)
    found = cache.get(key)
    if found is not None:
        return found or None

    location = Location.objects.get(pk=location_id)
    now = timezone.localtime()
    candidates = (
        Slot.objects.filter(
            location_id=location_id,
            service_id=service_id,
            date__gt=after,
            date__lte=after + dt.timedelta(days=LOOKAHEAD_DAYS),
            booked__lt=F("quota"),
        )
        .order_by("date", "start_time")
        .only("id", "date", "start_time", "end_time")[:50]
    )
    result: dict[str, Any] = {}
    closures = location.closures_between(after, after + dt.timedelta(days=LOOKAHEAD_DAYS))
    for slot in candidates:
        if slot.ends_at() <= now or not location.is_open_on(slot.date, closures=closures):
            continue
        result = {
            "slot_id": slot.pk,
            "date": slot.date.isoformat(),
            "start": f"{slot.start_time:%H:%M}",
            "end": f"{slot.end_time:%H:%M}",
            "label": date_format(slot.date, "l, j F Y"),
        }
        break
    cache.set(key, result, NEXT_FREE_CACHE_SECONDS)
    return result or None


def days_with_slots(
    location: Any, service: Any, *, start: dt.date | None = None, days: int = 14
) -> list[dict[str, Any]]:
    """Open days with their slots and free places, for the booking page."""
    start = start or timezone.localdate()
    now = timezone.localtime()
    slots = Slot.objects.filter(
        location=location, service=service, date__gte=start, date__lt=start + dt.timedelta(days=days + 14)
    ).order_by("date", "start_time")
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, []).append(slot)
    closures = location.closures_between(min(by_day), max(by_day)) if by_day else []
    result: list[dict[str, Any]] = []
    for day, day_slots in by_day.items():
        reason = location.closed_reason(day, closures=closures)
        visible = [s for s in day_slots if s.ends_at() > now]
        if not visible:
            continue
        result.append({"date": day, "closed_reason": reason, "slots": visible, "free": sum(s.free for s in visible)})
        if len(result) >= days:
            break
    return result
