"""Writes to service points: closures (which move or cancel the bookings they hit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import audit, events
from apps.locations.events import ClosureAdded
from apps.locations.models import Closure, Location


@transaction.atomic
def add_closure(
    location: Location,
    start_date: dt.date,
    end_date: dt.date,
    reason: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Closure:
    """Close a location for a date range. After commit, bookings on those days are moved to the next free
    slot or cancelled and each resident is notified (``apps/appointments/closures.py``), then a public notice is
    raised (``apps/announcements/system.py``). Never silent."""
    if end_date < start_date:
        raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not reason.strip():
        raise ValidationError(_("Tulis alasan penutupan; warga akan membacanya."))
    closure = Closure.objects.create(
        location=location,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Moving the bookings it hits (appointments) and the public notice (announcements) follow after commit.
    events.publish(ClosureAdded(closure_id=closure.pk, actor_id=closure.created_by_id))
    audit.record("closure.created", actor=actor, obj=closure, request=request, data={"reason": reason})
    return closure


WEEKDAYS = range(7)  # Python weekday numbers, 0 = Monday
WEEKDAY_NAMES = [gettext_lazy("Senin"), gettext_lazy("Selasa"), gettext_lazy("Rabu"), gettext_lazy("Kamis"),
                 gettext_lazy("Jumat"), gettext_lazy("Sabtu"), gettext_lazy("Minggu")]


def clean_opening_hours(hours: dict[int, tuple[dt.time, dt.time] | None]) -> dict[str, list[str]]:
    """Opening hours as stored (``{"0": ["08:00", "15:00"], ...}``; a closed day is absent), checked: each open
    day closes after it opens."""
    stored: dict[str, list[str]] = {}
    for day in WEEKDAYS:
        span = hours.get(day)
        if span is None:
            continue
        opens, closes = span
        if closes <= opens:
            raise ValidationError(_("Jam tutup harus setelah jam buka."), code="order")
        stored[str(day)] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
    return stored


@transaction.atomic
def set_opening_hours(
    location: Location,
    hours: dict[int, tuple[dt.time, dt.time] | None],
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> bool:
    """Replace a location's weekly opening hours (``None`` for a closed weekday). Bookings already made keep their
    time; new slots follow the new hours. False when nothing changed. Audited with the before and after."""
    stored = clean_opening_hours(hours)
    locked = Location.objects.select_for_update().get(pk=location.pk)
    before = locked.opening_hours
    if before == stored:
        return False
    locked.opening_hours = stored
    locked.save(update_fields=["opening_hours"])
    location.opening_hours = stored
    audit.record("location.hours_changed", actor=actor, obj=locked, request=request,
                 data={"before": before, "after": stored})
    return True


LOCATION_DETAIL_FIELDS = ("name", "kind", "address", "district", "village", "phone", "map_url", "is_active")


@transaction.atomic
def update_location(
    location: Location, data: dict[str, Any], *, actor: Any = None, request: HttpRequest | None = None
) -> list[str]:
    """Change a location's details (name, kind, address, kecamatan and desa, phone, map link, active). Returns the
    names of the fields that changed; audited."""
    locked = Location.objects.select_for_update().get(pk=location.pk)
    changed = [name for name in LOCATION_DETAIL_FIELDS if name in data and getattr(locked, name) != data[name]]
    if not changed:
        return []
    for name in changed:
        setattr(locked, name, data[name])
        setattr(location, name, data[name])
    locked.full_clean(exclude=["slug", "opening_hours"])
    locked.save(update_fields=changed)
    audit.record("location.updated", actor=actor, obj=locked, request=request, data={"fields": changed})
    return changed


def hours_summary(location: Location) -> list[tuple[str, str]]:
    """Each weekday with its hours ("08.00-15.00") or "Tutup", for tables."""
    rows = []
    for day in WEEKDAYS:
        span = location.opening_hours.get(str(day))
        rows.append((str(WEEKDAY_NAMES[day]), f"{span[0]}-{span[1]}" if span else _("Tutup")))
    return rows


def upcoming_closures(today: dt.date) -> list[Closure]:
    """The closure of each location that ends first among those not yet over (one query)."""
    seen: dict[int, Closure] = {}
    for closure in Closure.objects.filter(end_date__gte=today).order_by("start_date"):
        seen.setdefault(closure.location_id, closure)
    return list(seen.values())
