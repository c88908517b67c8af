"""The public status of a service point: open or closed now, services today, the queue, the
blank-card stock, the notices in force. Figures owned by other apps are read through their
models when those exist; a panel whose source is missing is left out (never made up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.announcements.models import Notice
from apps.applications.models import ServiceType
from apps.issuance.models import BlankStock
from apps.locations.models import Counter
from apps.queueing.models import ServiceRecord, Ticket, TicketStatus


@dataclass
class LocationStatus:
    location: Any
    is_open_now: bool
    reason: str
    hours_today: tuple[dt.time, dt.time] | None
    services: list[Any]
    notices: list[Notice]
    queue: dict[str, Any] | None = None
    blanks: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def open_state(location: Any, now: dt.datetime | None = None) -> tuple[bool, str, tuple[dt.time, dt.time] | None]:
    """(open now?, the reason in words, today's hours). Days come from the location's own rule
    (hours, holidays, closures: ``Location.closed_reason``); the time of day is checked here."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    closed = location.closed_reason(day)
    if closed:
        return False, _("Tutup. %(reason)s") % {"reason": closed}, None
    hours = location.hours_on(day)
    if hours is None:  # closed_reason covers this; kept for safety
        return False, _("Tutup: tidak ada layanan pada hari ini."), None
    opens, closes = hours
    if local.time() < opens:
        return False, _("Belum buka. Buka pukul %(time)s.") % {"time": opens.strftime("%H.%M")}, hours
    if local.time() >= closes:
        return False, _("Sudah tutup. Tutup pukul %(time)s.") % {"time": closes.strftime("%H.%M")}, hours
    return True, _("Buka sampai pukul %(time)s.") % {"time": closes.strftime("%H.%M")}, hours


def _services_today(notices: list[Notice]) -> list[Any]:
    stopped: set[int] = set()
    for notice in notices:
        if notice.kind in ("closure", "central_down", "power_cut", "blank_stock"):
            stopped.update(s.pk for s in notice.services.all())
    return [s for s in ServiceType.objects.filter(is_active=True) if s.pk not in stopped]


def queue_now(location: Any, day: dt.date | None = None) -> dict[str, Any]:
    """People waiting today, open counters, and a rough wait for someone taking a ticket now:
    the recent average service time x people waiting / open counters."""
    day = day or timezone.localdate()
    waiting = Ticket.objects.filter(location=location, date=day, status=TicketStatus.WAITING).count()
    counters = Counter.objects.filter(location=location, is_active=True, is_open=True).count()
    recent = list(
        ServiceRecord.objects.filter(location=location)
        .order_by("-finished_at")
        .values_list("service_seconds", flat=True)[:50]
    )
    average = (sum(recent) / len(recent)) if recent else None
    wait = None
    if average is not None and counters:
        wait = round(average * waiting / counters / 60)
    return {"waiting": waiting, "open_counters": counters, "wait_minutes": wait}


def _blanks(location: Any) -> dict[str, Any] | None:
    """The location's blank balance, if it keeps a blank ledger (print points may not)."""
    balance = BlankStock.objects.filter(location=location).values_list("balance", flat=True).first()
    return None if balance is None else {"available": balance}


def location_status(location: Any, now: dt.datetime | None = None) -> LocationStatus:
    is_open, reason, hours = open_state(location, now)
    notices = list(Notice.objects.active().for_location(location).prefetch_related("services"))
    return LocationStatus(
        location=location,
        is_open_now=is_open,
        reason=reason,
        hours_today=hours,
        services=_services_today(notices),
        notices=notices,
        queue=queue_now(location),
        blanks=_blanks(location),
    )
