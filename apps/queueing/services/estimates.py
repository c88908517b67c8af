"""Wait estimates and the almost-your-turn message."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.locations.models import Counter
from apps.notifications.services import notify
from apps.queueing.models import (
    ServiceRecord,
    Ticket,
    TicketStatus,
)
from apps.queueing.services.common import DEFAULT_SERVICE_SECONDS, MOVING_AVERAGE_SIZE

# --- Estimates -------------------------------------------------------------------------------


def _ahead_filter(ticket: Ticket) -> Q:
    return (
        Q(rank__lt=ticket.rank)
        | Q(rank=ticket.rank, queued_at__lt=ticket.queued_at)
        | Q(rank=ticket.rank, queued_at=ticket.queued_at, id__lt=ticket.pk)
    )


def people_ahead(ticket: Ticket) -> int:
    if ticket.status != TicketStatus.WAITING:
        return 0
    return (
        Ticket.objects.filter(
            location_id=ticket.location_id,
            date=ticket.date,
            stage=ticket.stage,
            service_id=ticket.service_id,
            status=TicketStatus.WAITING,
        )
        .filter(_ahead_filter(ticket))
        .count()
    )


def average_service_seconds(location_id: int, service_id: int, stage: str) -> int:
    recent = list(
        ServiceRecord.objects.filter(location_id=location_id, service_id=service_id, stage=stage)
        .order_by("-finished_at")
        .values_list("service_seconds", flat=True)[:MOVING_AVERAGE_SIZE]
    )
    if not recent:
        return DEFAULT_SERVICE_SECONDS
    return max(int(sum(recent) / len(recent)), 30)


def open_counters(location_id: int, service_id: int, stage: str) -> int:
    counters = (
        Counter.objects.filter(location_id=location_id, is_active=True, is_open=True)
        .filter(Q(services__isnull=True) | Q(services=service_id))
        .distinct()
    )
    return sum(1 for c in counters if c.serves_stage(stage))


def estimate_wait_minutes(ticket: Ticket, ahead: int | None = None) -> int | None:
    """Moving average of recent service times x people ahead / open counters (None once called)."""
    if ticket.status != TicketStatus.WAITING:
        return None
    ahead = people_ahead(ticket) if ahead is None else ahead
    average = average_service_seconds(ticket.location_id, ticket.service_id, ticket.stage)
    counters = max(open_counters(ticket.location_id, ticket.service_id, ticket.stage), 1)
    return round(average * ahead / counters / 60)


def _after_call(ticket: Ticket) -> None:
    transaction.on_commit(lambda: notify_almost_turn(ticket))


def notify_almost_turn(called: Ticket) -> int:
    """Tell the people who now have few enough ahead of them (once, only with a phone number)."""
    threshold = int(getattr(settings, "QUEUE_ALMOST_TURN_AHEAD", 3))
    front = list(
        Ticket.objects.filter(
            location_id=called.location_id,
            date=called.date,
            stage=called.stage,
            service_id=called.service_id,
            status=TicketStatus.WAITING,
        ).order_by("rank", "queued_at", "id")[: threshold + 1]
    )
    sent = 0
    for position, ticket in enumerate(front):
        if not ticket.contact_phone or ticket.almost_notified:
            continue
        with transaction.atomic():
            if not Ticket.objects.filter(pk=ticket.pk, almost_notified=False).update(almost_notified=True):
                continue
            notify(
                event="queue.almost_turn",
                phone=ticket.contact_phone,
                channels=("sms",),
                subject=_("Antrean %(label)s: sebentar lagi giliran Anda") % {"label": ticket.label},
                body=_(
                    "Nomor antrean %(label)s: tinggal %(ahead)d orang lagi sebelum Anda. Mohon bersiap di dekat loket."
                )
                % {"label": ticket.label, "ahead": position},
                url=f"{settings.SITE_URL}/antrean/tiket/{ticket.token}/",
            )
            sent += 1
    return sent
