"""Counters: calling, serving, finishing, transferring; the walk-in file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import rows
from apps.locations.models import NEXT_STAGE, Counter, Stage
from apps.queueing.models import (
    CallEvent,
    ServiceRecord,
    Ticket,
    TicketStatus,
)
from apps.queueing.services.common import QueueError
from apps.queueing.services.estimates import _after_call

# --- Counters --------------------------------------------------------------------------------


def _service_ids(counter: Counter) -> list[int]:
    return list(counter.services.values_list("pk", flat=True))


def waiting_for(counter: Counter, day: dt.date | None = None) -> QuerySet[Ticket]:
    """Tickets this counter may call, in call order."""
    day = day or timezone.localdate()
    qs = Ticket.objects.filter(
        location_id=counter.location_id, date=day, status=TicketStatus.WAITING, stage__in=list(counter.stages or [])
    ).filter(Q(target_counter__isnull=True) | Q(target_counter=counter))
    services = _service_ids(counter)
    if services:
        qs = qs.filter(service_id__in=services)
    return qs.order_by("rank", "queued_at", "id")


def current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
        .select_related("service", "application")
        .order_by("-called_at")
        .first()
    )


def _record_service(ticket: Ticket, now: dt.datetime) -> None:
    started = ticket.serving_started_at or ticket.called_at or now
    waited = (ticket.called_at - ticket.queued_at).total_seconds() if ticket.called_at else 0
    rows.insert(
        ServiceRecord(
            location_id=ticket.location_id,
            service_id=ticket.service_id,
            stage=ticket.stage,
            ticket=ticket,
            date=ticket.date,
            waited_seconds=max(int(waited), 0),
            service_seconds=max(int((now - started).total_seconds()), 0),
            finished_at=now,
        )
    )


def _lock_open(ticket_id: int, counter: Counter | None = None) -> Ticket:
    qs = Ticket.objects.select_for_update().filter(pk=ticket_id)
    ticket = qs.first()
    if ticket is None:
        raise QueueError(_("Tiket tidak ditemukan."), "unknown")
    if counter is not None and ticket.counter_id != counter.pk:
        raise QueueError(_("Tiket ini tidak sedang di loket Anda."), "not_here")
    return ticket


# The statements of a call, written out: a counter's "call next" runs them on every press, and building them with
# the ORM cost more CPU than running them (W2 in docs/performance.md). The same SQL on both databases; the row
# locks where the database has them (SQLite's IMMEDIATE transactions serialise writers instead).
_CURRENT_SQL = """
SELECT id, location_id, service_id, stage, date, queued_at, called_at, serving_started_at, counter_id
FROM queueing_ticket WHERE counter_id = %s AND status IN (%s, %s) ORDER BY called_at DESC LIMIT 1
"""
_PICK_SQL = """
SELECT id FROM queueing_ticket
WHERE location_id = %s AND date = %s AND status = %s AND stage IN ({stages})
  AND (target_counter_id IS NULL OR target_counter_id = %s)
  AND (service_id IN (SELECT servicetype_id FROM locations_counter_services WHERE counter_id = %s)
       OR NOT EXISTS (SELECT 1 FROM locations_counter_services WHERE counter_id = %s))
ORDER BY rank, queued_at, id LIMIT 1
"""
_CLAIM_SQL = """
UPDATE queueing_ticket SET status = %s, counter_id = %s, called_at = %s, call_count = call_count + 1,
    served_by_id = %s, target_counter_id = NULL
WHERE id = %s AND status = %s RETURNING *
"""
_FINISH_SQL = "UPDATE queueing_ticket SET status = %s, finished_at = %s WHERE id = %s"


def _lock_clause(*, skip_locked: bool = False) -> str:
    features = connection.features
    if not features.has_select_for_update:
        return ""
    if skip_locked and features.has_select_for_update_skip_locked:
        return " FOR UPDATE SKIP LOCKED"
    return " FOR UPDATE"


def call_next(
    counter: Counter, *, actor: Any = None, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> Ticket | None:
    """Finish the counter's current ticket (if any) and call the next one in policy order (:func:`waiting_for`
    is the same order as a queryset). Returns the called ticket, or None if nobody is waiting."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    stages = list(counter.stages or [])
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    with transaction.atomic():
        current = next(
            iter(
                Ticket.objects.raw(
                    _CURRENT_SQL + _lock_clause(), [counter.pk, TicketStatus.CALLED, TicketStatus.SERVING]
                )
            ),
            None,
        )
        if current is not None:  # locked already: finish it without reading it again
            _record_service(current, now)
            with connection.cursor() as cursor:
                cursor.execute(_FINISH_SQL, [TicketStatus.DONE, at, current.pk])
        if not stages:
            return None
        pick_sql = _PICK_SQL.format(stages=", ".join(["%s"] * len(stages))) + _lock_clause(skip_locked=True)
        pick_params = [
            counter.location_id,
            ops.adapt_datefield_value(day),
            TicketStatus.WAITING,
            *stages,
            counter.pk,
            counter.pk,
            counter.pk,
        ]
        served_by = actor.pk if getattr(actor, "is_authenticated", False) else None
        for _attempt in range(32):
            with connection.cursor() as cursor:
                cursor.execute(pick_sql, pick_params)
                found = cursor.fetchone()
            if found is None:
                return None
            claim = [TicketStatus.CALLED, counter.pk, at, served_by, found[0], TicketStatus.WAITING]
            ticket = next(iter(Ticket.objects.raw(_CLAIM_SQL, claim)), None)
            if ticket is not None:
                _announce(ticket, counter, recall=False)
                break
        else:
            return None
    _after_call(ticket)
    return ticket


def _announce(ticket: Ticket, counter: Counter, *, recall: bool) -> None:
    rows.insert(
        CallEvent(
            location_id=ticket.location_id,
            ticket=ticket,
            counter=counter,
            label=ticket.label,
            counter_number=counter.number,
            is_recall=recall,
        )
    )


def recall(ticket: Ticket, counter: Counter, *, actor: Any = None) -> Ticket:
    with transaction.atomic():
        locked = _lock_open(ticket.pk, counter)
        if locked.status != TicketStatus.CALLED:
            raise QueueError(_("Hanya tiket yang sedang dipanggil yang dapat dipanggil ulang."), "state")
        Ticket.objects.filter(pk=locked.pk).update(call_count=F("call_count") + 1, called_at=timezone.now())
        _announce(locked, counter, recall=True)
    return locked


def start_serving(ticket: Ticket, counter: Counter, *, actor: Any = None) -> Ticket:
    with transaction.atomic():
        locked = _lock_open(ticket.pk, counter)
        if locked.status != TicketStatus.CALLED:
            raise QueueError(_("Tiket ini tidak sedang dipanggil."), "state")
        locked.status = TicketStatus.SERVING
        locked.serving_started_at = timezone.now()
        locked.save(update_fields=["status", "serving_started_at"])
    return locked


def _finish_locked(ticket_id: int, counter: Counter, now: dt.datetime) -> Ticket:
    locked = _lock_open(ticket_id, counter)
    if locked.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        raise QueueError(_("Tiket ini tidak sedang dilayani."), "state")
    return _finish(locked, now)


def _finish(locked: Ticket, now: dt.datetime) -> Ticket:
    """Close a ticket already locked by the caller and record its service time."""
    _record_service(locked, now)
    locked.status = TicketStatus.DONE
    locked.finished_at = now
    locked.save(update_fields=["status", "finished_at"])
    return locked


def finish(ticket: Ticket, counter: Counter, *, actor: Any = None) -> Ticket:
    with transaction.atomic():
        return _finish_locked(ticket.pk, counter, timezone.now())


def mark_no_show(ticket: Ticket, counter: Counter, *, actor: Any = None) -> Ticket:
    """The person did not come: requeued once at the back, closed the second time."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_open(ticket.pk, counter)
        if locked.status != TicketStatus.CALLED:
            raise QueueError(_("Hanya tiket yang sedang dipanggil yang dapat ditandai tidak hadir."), "state")
        if locked.no_show_count == 0:
            locked.status = TicketStatus.WAITING
            locked.queued_at = now
            locked.counter = None
            locked.no_show_count = 1
            locked.save(update_fields=["status", "queued_at", "counter", "no_show_count"])
        else:
            locked.status = TicketStatus.NO_SHOW
            locked.no_show_count += 1
            locked.finished_at = now
            locked.closed_reason = _("Tidak hadir saat dipanggil dua kali.")
            locked.save(update_fields=["status", "no_show_count", "finished_at", "closed_reason"])
    return locked


def transfer(
    ticket: Ticket,
    counter: Counter,
    *,
    to_stage: str | None = None,
    to_counter: Counter | None = None,
    actor: Any = None,
) -> Ticket:
    """Send a ticket on: to the next stage (document check -> operator), or to a given counter.
    It keeps its place in ticket order."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_open(ticket.pk, counter)
        if locked.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
            raise QueueError(_("Tiket ini tidak sedang dilayani."), "state")
        if to_counter is not None:
            if to_counter.location_id != locked.location_id or to_counter.pk == counter.pk:
                raise QueueError(_("Pilih loket lain di lokasi yang sama."), "counter")
            stage = to_stage or (
                locked.stage if to_counter.serves_stage(locked.stage) else (to_counter.stages or [None])[0]
            )
        else:
            stage = to_stage or NEXT_STAGE.get(locked.stage)
        if not stage or stage not in Stage.values:
            raise QueueError(_("Tidak ada tahap berikutnya untuk tiket ini; pilih Selesai."), "stage")
        _record_service(locked, now)
        locked.status = TicketStatus.WAITING
        locked.stage = stage
        locked.counter = None
        locked.target_counter = to_counter
        locked.serving_started_at = None
        locked.called_at = None
        locked.save(update_fields=["status", "stage", "counter", "target_counter", "serving_started_at", "called_at"])
    return locked
