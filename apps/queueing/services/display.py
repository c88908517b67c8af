"""The call display."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

from apps.locations.models import Counter, Location, Stage
from apps.queueing.models import (
    CallEvent,
    ServiceRecord,
    Ticket,
    TicketStatus,
)
from apps.queueing.services.common import DEFAULT_SERVICE_SECONDS, MOVING_AVERAGE_SIZE

# --- Display ---------------------------------------------------------------------------------


def display_state(location: Location, *, day: dt.date | None = None) -> dict[str, Any]:
    day = day or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    counters = list(Counter.objects.filter(location=location, is_active=True).order_by("number"))
    current = {
        t.counter_id: t
        for t in Ticket.objects.filter(
            location=location, date=day, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)
        )
        .select_related("service")
        .order_by("called_at")
    }
    calls = list(CallEvent.objects.filter(location=location, created_at__gte=start).order_by("-id")[:8])
    waiting = dict(
        Ticket.objects.filter(location=location, date=day, status=TicketStatus.WAITING)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return {
        "location": location,
        "counters": [{"counter": c, "ticket": current.get(c.pk)} for c in counters],
        "calls": calls,
        "last_call": calls[0] if calls else None,
        "waiting": [
            {
                "stage": label,
                "count": waiting[value],
                "minutes": stage_wait_minutes(location, value, waiting[value], counters),
            }
            for value, label in Stage.choices
            if value in waiting
        ],
        "waiting_total": sum(waiting.values()),
    }


def stage_wait_minutes(location: Location, stage: str, waiting: int, counters: list[Counter]) -> int:
    """Estimated wait for someone joining a stage now: the moving average of recent service times at that
    stage (any service) x people waiting / open counters serving the stage."""
    recent = list(
        ServiceRecord.objects.filter(location=location, stage=stage)
        .order_by("-finished_at")
        .values_list("service_seconds", flat=True)[:MOVING_AVERAGE_SIZE]
    )
    average = max(int(sum(recent) / len(recent)), 30) if recent else DEFAULT_SERVICE_SECONDS
    open_here = max(sum(1 for c in counters if c.is_open and c.serves_stage(stage)), 1)
    return round(average * waiting / open_here / 60)
