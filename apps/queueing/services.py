"""The walk-in queue: tickets, calls from counters, transfers, wait estimates, day rollover.

Race-free by construction:

* ticket numbers come from one :class:`DailySequence` row per location, day and queue code,
  advanced with a conditional UPDATE (the row lock serialises issuers of one queue);
* calling the next ticket picks a candidate with ``SELECT ... FOR UPDATE SKIP LOCKED`` on
  PostgreSQL (a no-op on SQLite, whose IMMEDIATE transactions serialise writers) and claims it
  with a conditional ``UPDATE ... WHERE status = 'waiting'`` whose row count is checked, so two
  counters never call the same ticket on either database.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.services import normalise_code
from apps.core import audit, rows
from apps.locations.models import NEXT_STAGE, Counter, Location, Stage
from apps.notifications.services import notify
from apps.queueing.models import (
    OPEN_TICKET,
    CallEvent,
    DailyQueueStats,
    DailySequence,
    ServiceRecord,
    Source,
    Ticket,
    TicketStatus,
)

DEFAULT_SERVICE_SECONDS = 300
MOVING_AVERAGE_SIZE = 20


class QueueError(Exception):
    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Policy ----------------------------------------------------------------------------------


def rank_for(*, priority_group: str = "", booked_on_time: bool = False) -> int:
    """The call class of a ticket under ``settings.QUEUE_CALL_POLICY`` (lower is called first)."""
    policy = [str(p) for p in getattr(settings, "QUEUE_CALL_POLICY", ["priority", "booked", "walk_in"])]
    classes = []
    if priority_group:
        classes.append("priority")
    if booked_on_time:
        classes.append("booked")
    classes.append("walk_in")
    return min(policy.index(c) if c in policy else len(policy) for c in classes)


# --- Issuing ---------------------------------------------------------------------------------


def _next_number(location_id: int, day: dt.date, code: str) -> int:
    """Advance the day's sequence for a queue (inside the caller's transaction) and return the number."""
    rows = DailySequence.objects.filter(location_id=location_id, date=day, queue_code=code)
    if not rows.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                DailySequence.objects.create(location_id=location_id, date=day, queue_code=code, last_number=1)
                return 1
        except IntegrityError:  # another issuer created the row first
            rows.update(last_number=F("last_number") + 1)
    # We hold the row lock from the UPDATE until commit, so this reads our own number.
    return int(rows.values_list("last_number", flat=True).get())


def _walk_in_quota_left(location: Location, service: Any, day: dt.date) -> int | None:
    """Walk-in places left today when slots define a walk-in quota, else None (no limit)."""
    slots = Slot.objects.filter(location=location, service=service, date=day)
    total = sum(s.walk_in_quota for s in slots)
    if not slots:
        return None
    issued = Ticket.objects.filter(location=location, service=service, date=day, booking__isnull=True).count()
    return total - issued


@transaction.atomic
def issue_ticket(
    location: Location,
    service: Any,
    *,
    priority_group: str = "",
    source: str = Source.KIOSK,
    contact_phone: str = "",
    booking: Booking | None = None,
    booked_on_time: bool = False,
    actor: Any = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    now = now or timezone.now()
    today = timezone.localdate(now)
    reason = location.closed_reason(today)
    if reason:
        raise QueueError(_("Tiket tidak dapat diambil hari ini. %(reason)s") % {"reason": reason}, "closed")
    hours = location.hours_on(today)
    if hours is not None and timezone.localtime(now).time() >= hours[1]:
        raise QueueError(
            _("Layanan hari ini sudah tutup pukul %(time)s. Silakan datang lagi pada hari kerja berikutnya.")
            % {"time": f"{hours[1]:%H:%M}"},
            "closed",
        )
    code = service.queue_code or "C"
    number = _next_number(location.pk, today, code)
    if booking is None:
        left = _walk_in_quota_left(location, service, today)
        if left is not None and left <= 0:
            raise QueueError(
                _("Kuota datang langsung untuk %(service)s hari ini sudah habis. Pesan jadwal daring untuk hari lain.")
                % {"service": service.name},
                "quota",
            )
    ticket = Ticket.objects.create(
        location=location,
        date=today,
        service=service,
        queue_code=code,
        number=number,
        token=secrets.token_urlsafe(12),
        source=source,
        stage=Stage.DOCUMENT_CHECK,
        priority_group=priority_group or "",
        rank=rank_for(priority_group=priority_group, booked_on_time=booked_on_time),
        queued_at=now,
        booking=booking,
        contact_phone=contact_phone.strip()[:20],
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        audit.record(
            "ticket.issued",
            actor=actor,
            obj=ticket,
            request=request,
            subject_nik=booking.nik if booking else "",
            data={"source": source},
        )
    return ticket


def check_in(
    code: str,
    location: Location,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Turn a booking into a ticket at the location's kiosk or desk, only at the booked location and day."""
    now = now or timezone.now()
    clean = normalise_code(code)
    if not clean:
        raise QueueError(_("Masukkan kode reservasi (8 huruf/angka) atau pindai kode QR."), "empty")
    booking = Booking.objects.select_related("slot", "service", "location").filter(code=clean).first()
    if booking is None:
        raise QueueError(
            _("Kode reservasi %(code)s tidak ditemukan. Periksa lagi kodenya.") % {"code": clean}, "unknown"
        )
    if booking.status == BookingStatus.CHECKED_IN:
        existing = Ticket.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
    if booking.status != BookingStatus.BOOKED:
        raise QueueError(
            _("Reservasi %(code)s sudah tidak aktif (%(status)s).")
            % {"code": clean, "status": booking.get_status_display()},
            "inactive",
        )
    if booking.location_id != location.pk:
        raise QueueError(
            _("Reservasi ini untuk %(location)s, bukan lokasi ini. Silakan datang ke sana.")
            % {"location": booking.location.name},
            "wrong_location",
        )
    today = timezone.localdate(now)
    if booking.date != today:
        raise QueueError(
            _("Reservasi ini untuk tanggal %(day)s, bukan hari ini.") % {"day": booking.date.strftime("%d-%m-%Y")},
            "wrong_day",
        )
    on_time = now <= booking.slot.ends_at()
    with transaction.atomic():
        if not Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=BookingStatus.CHECKED_IN, checked_in_at=now
        ):
            raise QueueError(_("Reservasi ini baru saja diproses. Coba lagi."), "race")
        ticket = issue_ticket(
            location,
            booking.service,
            source=Source.BOOKING,
            booking=booking,
            booked_on_time=on_time,
            actor=actor,
            request=request,
            now=now,
        )
    return ticket


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
