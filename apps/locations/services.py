"""Writes to service points: closures (which move or cancel the bookings they hit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import audit
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
    """Close a location for a date range. Bookings on those days are moved to the next free slot
    or cancelled, each resident is notified, and a public notice is raised. Never silent."""
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
    from apps.appointments.services import handle_closure

    outcome = handle_closure(closure, actor=actor)
    from apps.announcements.services import raise_system_notice

    if start_date == end_date:
        when = date_format(start_date, "l, j F Y")
    else:
        when = _("%(start)s sampai %(end)s") % {
            "start": date_format(start_date, "j F Y"),
            "end": date_format(end_date, "j F Y"),
        }
    raise_system_notice(
        f"closure-{closure.pk}",
        kind="closure",
        severity="warning",
        title=_("%(location)s tutup %(when)s") % {"location": location.name, "when": when},
        summary=_("Layanan di %(location)s tutup %(when)s: %(reason)s.")
        % {"location": location.name, "when": when, "reason": closure.reason},
        body=_(
            "Reservasi pada tanggal tersebut dipindah ke sesi berikutnya (%(moved)d) atau dibatalkan (%(cancelled)d); "
            "pemiliknya sudah diberi tahu."
        )
        % outcome,
        locations=[location],
    )
    audit.record("closure.created", actor=actor, obj=closure, request=request, data={**outcome, "reason": reason})
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
