"""Day rollover: closing the day and its statistics."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.locations.models import Location, Stage
from apps.queueing.models import (
    OPEN_TICKET,
    DailyQueueStats,
    ServiceRecord,
    Ticket,
    TicketStatus,
)

# --- Day rollover ----------------------------------------------------------------------------


def close_day(location: Location, day: dt.date, *, reason: str | None = None) -> int:
    """Close the tickets still open for a day (with a reason) and keep the day's statistics."""
    reason = reason or _("Layanan hari ini sudah ditutup. Silakan datang lagi atau pesan jadwal daring.")
    now = timezone.now()
    with transaction.atomic():
        closed = Ticket.objects.filter(location=location, date=day, status__in=OPEN_TICKET).update(
            status=TicketStatus.CLOSED, closed_reason=reason[:200], finished_at=now
        )
        compute_stats(location, day)
    return closed


def compute_stats(location: Location, day: dt.date) -> list[DailyQueueStats]:
    rows: list[DailyQueueStats] = []
    service_ids = set(Ticket.objects.filter(location=location, date=day).values_list("service_id", flat=True))
    for service_id in service_ids:
        tickets = Ticket.objects.filter(location=location, date=day, service_id=service_id)
        records = ServiceRecord.objects.filter(location=location, date=day, service_id=service_id)
        first_stage_waits = records.filter(stage=Stage.DOCUMENT_CHECK).aggregate(w=Avg("waited_seconds"))["w"]
        row, _created = DailyQueueStats.objects.update_or_create(
            location=location,
            service_id=service_id,
            date=day,
            defaults={
                "issued": tickets.count(),
                "served": tickets.filter(status=TicketStatus.DONE).count(),
                "no_shows": tickets.filter(status=TicketStatus.NO_SHOW).count(),
                "closed_unserved": tickets.filter(status=TicketStatus.CLOSED).count(),
                "avg_wait_seconds": int(first_stage_waits or records.aggregate(w=Avg("waited_seconds"))["w"] or 0),
                "avg_service_seconds": int(records.aggregate(s=Avg("service_seconds"))["s"] or 0),
            },
        )
        rows.append(row)
    return rows


def rollover(now: dt.datetime | None = None) -> int:
    """Scheduled: close earlier days' open tickets, and today's once the location has closed."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    closed = 0
    for location in Location.objects.all():
        stale_days = set(
            Ticket.objects.filter(location=location, date__lt=today, status__in=OPEN_TICKET).values_list(
                "date", flat=True
            )
        )
        for day in sorted(stale_days):
            closed += close_day(location, day)
        hours = location.hours_on(today)
        if hours is not None and now.time() >= hours[1]:
            if Ticket.objects.filter(location=location, date=today, status__in=OPEN_TICKET).exists():
                closed += close_day(location, today)
            elif not DailyQueueStats.objects.filter(location=location, date=today).exists():
                compute_stats(location, today)
    return closed
