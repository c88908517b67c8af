"""The public status of a service point: open or closed now, services today, the queue, the
blank-card stock, the notices in force. Figures owned by other apps are read through their
models when those exist; a panel whose source is missing is left out (never made up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.announcements.models import Notice
from apps.core.calendar import holiday_name


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


def _model(label: str, name: str) -> Any:
    try:
        return django_apps.get_model(label, name)
    except LookupError:
        return None


def closure_on(location: Any, day: dt.date) -> Any:
    """A closure of this location covering ``day`` (the queueing/locations engineer's model), if any."""
    for label, name in (("locations", "Closure"), ("queueing", "Closure"), ("locations", "LocationClosure")):
        model = _model(label, name)
        if model is None:
            continue
        fields = {f.name for f in model._meta.get_fields()}
        query = model.objects.filter(location=location) if "location" in fields else model.objects.none()
        if {"starts_on", "ends_on"} <= fields:
            return query.filter(starts_on__lte=day, ends_on__gte=day).first()
        if "date" in fields:
            return query.filter(date=day).first()
        if {"starts_at", "ends_at"} <= fields:
            return query.filter(starts_at__date__lte=day, ends_at__date__gte=day).first()
    return None


def open_state(location: Any, now: dt.datetime | None = None) -> tuple[bool, str, tuple[dt.time, dt.time] | None]:
    """(open now?, the reason in words, today's hours)."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    hours = location.hours_on(day)
    holiday = holiday_name(day)
    if not location.is_active:
        return False, _("Lokasi ini tidak melayani lagi."), None
    if holiday:
        return False, _("Tutup: hari libur (%(name)s).") % {"name": holiday}, None
    closure = closure_on(location, day)
    if closure is not None:
        reason = getattr(closure, "reason", "") or str(closure)
        return False, _("Tutup hari ini: %(reason)s") % {"reason": reason}, None
    if hours is None:
        return False, _("Tutup: tidak ada layanan pada hari ini."), None
    opens, closes = hours
    if local.time() < opens:
        return False, _("Belum buka. Buka pukul %(time)s.") % {"time": opens.strftime("%H.%M")}, hours
    if local.time() >= closes:
        return False, _("Sudah tutup. Tutup pukul %(time)s.") % {"time": closes.strftime("%H.%M")}, hours
    return True, _("Buka sampai pukul %(time)s.") % {"time": closes.strftime("%H.%M")}, hours


def _services_today(notices: list[Notice]) -> list[Any]:
    from apps.applications.models import ServiceType

    stopped: set[int] = set()
    for notice in notices:
        if notice.kind in ("closure", "central_down", "power_cut", "blank_stock"):
            stopped.update(s.pk for s in notice.services.all())
    return [s for s in ServiceType.objects.filter(is_active=True) if s.pk not in stopped]


def _queue(location: Any) -> dict[str, Any] | None:
    """Waiting tickets and the estimated wait, from the queueing app's services if it offers them."""
    try:
        from apps.queueing import services as queueing_services
    except ImportError:
        return None
    summary = getattr(queueing_services, "queue_summary", None)
    if callable(summary):
        try:
            result = summary(location)
        except Exception:  # a queueing failure must not take the public status page down
            return None
        return dict(result) if result is not None else None
    Ticket = _model("queueing", "Ticket")
    if Ticket is None:
        return None
    fields = {f.name for f in Ticket._meta.get_fields()}
    if not {"location", "status"} <= fields:
        return None
    today = timezone.localdate()
    query = Ticket.objects.filter(location=location)
    for name in ("service_date", "date", "day"):
        if name in fields:
            query = query.filter(**{name: today})
            break
    else:
        query = query.filter(created_at__date=today) if "created_at" in fields else query
    waiting = query.filter(status="waiting").count()
    return {"waiting": waiting, "wait_minutes": None}


def _blanks(location: Any) -> dict[str, Any] | None:
    try:
        from apps.issuance import services as issuance_services
    except ImportError:
        return None
    for name in ("blank_stock", "stock_for", "blank_stock_for", "current_stock"):
        func = getattr(issuance_services, name, None)
        if callable(func):
            try:
                value = func(location)
            except Exception:  # not fatal for a public page
                return None
            return {"available": int(value)} if isinstance(value, int) else None
    return None


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
        queue=_queue(location),
        blanks=_blanks(location),
    )
