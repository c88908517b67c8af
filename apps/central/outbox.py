"""Sending the outbox to central.

Each message is claimed with a lease (a conditional UPDATE that only takes rows still pending
and not leased, or whose lease has expired; on PostgreSQL candidates are picked with
``SELECT ... FOR UPDATE SKIP LOCKED``), sent with its idempotency key, and marked sent only by
the holder of the lease. A worker killed at any moment leaves a lease that expires: the message
is sent again with the same key, central answers the same thing, and applying the answer is
idempotent (see :func:`apps.central.services.apply_central_state`).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.central import health
from apps.central.gateway import CentralGateway, PermanentError, SendResult, TransientError, get_gateway
from apps.central.models import LinkHealth, OutboxMessage

log = logging.getLogger("sipon.central")
PENDING = OutboxMessage.State.PENDING


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def lease_seconds() -> float:
    return _setting("CENTRAL_LEASE_SECONDS", 30)


def backoff_seconds(attempts: int, *, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: base * 2^(attempts-1), capped, times a factor in [0.5, 1.5)."""
    base = _setting("CENTRAL_RETRY_BASE_SECONDS", 5)
    cap = _setting("CENTRAL_RETRY_MAX_SECONDS", 600)
    delay = min(cap, base * (2 ** max(0, attempts - 1)))
    return float(delay * (0.5 + (rng or random).random()))


def _replayable_commit() -> None:
    """Call inside a transaction: on PostgreSQL its COMMIT returns without waiting for the write-ahead
    log to reach the disk (``synchronous_commit = off`` for this transaction only; the database stays
    consistent, a crash of the database server may lose the last fraction of a second of such commits).

    Only for the sender's own bookkeeping, which such a loss cannot harm: a lost lease, backoff or "sent"
    mark leaves the message pending, it is sent again with the same idempotency key, central answers the
    same, and applying that answer again changes nothing. Never for the outbox message itself (written
    with the state change that causes it, in the caller's transaction) nor for answers that move an
    application (residents are told of those)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _due(now: dt.datetime) -> Q:
    return Q(status=PENDING, next_attempt_at__lte=now) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))


def claim(limit: int, *, now: dt.datetime | None = None) -> tuple[str, list[OutboxMessage]]:
    """Lease up to ``limit`` due messages for this caller. Returns the lease token and the messages.

    PostgreSQL: the due rows are read and locked in one statement (``FOR UPDATE SKIP LOCKED``: two
    workers never wait for each other, nor take the same row), then leased. SQLite (one writer at a
    time): the lease ``UPDATE`` re-checks that each row is still due, and the rows it took are read back."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    lease_until = now + dt.timedelta(seconds=lease_seconds())
    due = OutboxMessage.objects.filter(_due(now)).order_by("next_attempt_at", "id")
    with transaction.atomic():
        _replayable_commit()
        if connection.vendor == "postgresql":
            locked = list(due.select_for_update(skip_locked=True)[:limit])
            if not locked:
                return token, []
            ids = [message.pk for message in locked]
            if OutboxMessage.objects.filter(id__in=ids).update(lease_until=lease_until, lease_token=token) == len(ids):
                for message in locked:
                    message.lease_until, message.lease_token = lease_until, token
                return token, locked
        else:
            ids = list(due.values_list("id", flat=True)[:limit])
            if not ids:
                return token, []
            OutboxMessage.objects.filter(_due(now), id__in=ids).update(lease_until=lease_until, lease_token=token)
    claimed = list(OutboxMessage.objects.filter(id__in=ids, lease_token=token).order_by("id"))
    return token, claimed


def release(messages: list[OutboxMessage], token: str) -> None:
    """Give back messages claimed but not tried (no attempt counted)."""
    if messages:
        OutboxMessage.objects.filter(id__in=[m.pk for m in messages], lease_token=token, status=PENDING).update(
            lease_until=None, lease_token=""
        )


def _failed(message: OutboxMessage, token: str, exc: Exception) -> int:
    """Put a message whose send failed into backoff, if it is still ours (1) - its lease may have
    expired while central was slow and another worker sent it meanwhile (0)."""
    attempts = message.attempts + 1
    return OutboxMessage.objects.filter(pk=message.pk, lease_token=token, status=PENDING).update(
        attempts=attempts,
        next_attempt_at=timezone.now() + dt.timedelta(seconds=backoff_seconds(attempts)),
        lease_until=None,
        lease_token="",
        last_error=str(exc)[:300],
    )


def _record_answers(answers: list[tuple[OutboxMessage, SendResult]]) -> None:
    """Mark sent and apply central's answers, one transaction for the batch (a crash before the
    commit only means the batch is sent again with the same keys). Enrolment answers go to
    :func:`apps.central.services.apply_answers`, civil-registry answers (KK, deeds) to
    :func:`apps.central.civil.apply_civil_answer`; both are idempotent."""
    from apps.central.civil import apply_civil_answer
    from apps.central.services import apply_answers, moves_application

    if not answers:
        return
    civil = [(message, result) for message, result in answers if message.kind == OutboxMessage.Kind.CIVIL]
    enrolment = [(message, result) for message, result in answers if message.kind != OutboxMessage.Kind.CIVIL]
    with transaction.atomic():
        if not civil and not any(moves_application(result.state) for _message, result in enrolment):
            _replayable_commit()
        sent_ids = [message.pk for message, _result in answers]
        OutboxMessage.objects.filter(pk__in=sent_ids, status=PENDING).update(
            status=OutboxMessage.State.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            lease_until=None,
            last_error="",
        )
        apply_answers(
            [
                (message.application_id, result.record_id, result.state, result.reason)
                for message, result in enrolment
                if message.application_id is not None
            ]
        )
        for message, result in civil:
            if message.application_id is not None:
                apply_civil_answer(
                    application_id=message.application_id,
                    registration_number=result.record_id,
                    state=result.state,
                    answer=result.raw,
                )
    health.record_success()


_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    """Threads for the HTTP calls only (they never touch the database)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=send_concurrency(), thread_name_prefix="central-send")
    return _executor


def send_concurrency() -> int:
    return max(1, int(getattr(settings, "CENTRAL_SEND_CONCURRENCY", 4)))


def _call(gateway: CentralGateway, message: OutboxMessage) -> SendResult | Exception:
    send = gateway.send_civil_update if message.kind == OutboxMessage.Kind.CIVIL else gateway.send_enrolment
    try:
        return send(message.payload, idempotency_key=message.idempotency_key)
    except (TransientError, PermanentError) as exc:
        return exc


@dataclass
class _Batch:
    """Leased messages whose HTTP calls are on the wire (``started_at``: when they were handed over)."""

    messages: list[OutboxMessage]
    token: str
    futures: list[Future[SendResult | Exception]]
    started_at: dt.datetime


def _start_sending(messages: list[OutboxMessage], token: str, gateway: CentralGateway) -> _Batch:
    """Hand the HTTP calls to the pool (``CENTRAL_SEND_CONCURRENCY`` in flight) and return at once."""
    started_at = timezone.now()
    return _Batch(messages, token, [_pool().submit(_call, gateway, message) for message in messages], started_at)


def _finish(batch: _Batch) -> tuple[int, int]:
    """Wait for a batch's answers and write them down. Returns (sent, failed)."""
    answers: list[tuple[OutboxMessage, SendResult]] = []
    failures: list[tuple[OutboxMessage, TransientError]] = []
    for message, future in zip(batch.messages, batch.futures, strict=True):
        outcome = future.result()
        if isinstance(outcome, TransientError):
            failures.append((message, outcome))
        elif isinstance(outcome, PermanentError):
            log.error("central refused message %s: %s", message.pk, outcome)
            with transaction.atomic():
                marked = OutboxMessage.objects.filter(pk=message.pk, status=PENDING).update(
                    status=OutboxMessage.State.DEAD,
                    attempts=message.attempts + 1,
                    lease_until=None,
                    last_error=str(outcome)[:300],
                )
                if marked:  # this worker marked it: tell the stage once
                    from apps.central import civil  # civil builds on this module's sending

                    civil.refused(message, str(outcome))
        elif isinstance(outcome, SendResult):
            answers.append((message, outcome))
    _record_answers(answers)
    if failures:
        with transaction.atomic():  # one commit for the batch's backoffs
            _replayable_commit()
            still_ours = sum(_failed(message, batch.token, error) for message, error in failures)
        # The link row once per batch, not once per message; not for messages another worker has sent
        # meanwhile, nor if the link has worked since (such old news must not declare an outage).
        if still_ours:
            health.record_failure(str(failures[-1][1]), count=still_ours, attempted_at=batch.started_at)
    return len(answers), len(failures)


def send_batch(messages: list[OutboxMessage], token: str, gateway: CentralGateway) -> tuple[int, int]:
    """Send leased messages and record the answers. Returns (sent, failed)."""
    return _finish(_start_sending(messages, token, gateway))


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0


def drain(
    *,
    batch: int = 50,
    max_messages: int | None = None,
    max_seconds: float | None = None,
    gateway: CentralGateway | None = None,
) -> DrainResult:
    """Send due messages until none are left (or a limit is hit, or the link fails).

    Two batches overlap: while one batch's answers are written to the database, the next one is
    already on the wire. While the link is failing only one message is tried at a time (a probe),
    so an outage does not burn every message's retry budget."""
    gateway = gateway or get_gateway()
    result = DrainResult()
    started = time.monotonic()
    in_flight: _Batch | None = None

    def finish(batch: _Batch) -> None:
        sent, failed = _finish(batch)
        result.sent += sent
        result.failed += failed

    try:
        while True:
            if max_messages is not None and result.sent >= max_messages:
                break
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                break
            failing = LinkHealth.objects.filter(pk=1, consecutive_failures__gt=0).exists()
            token, messages = claim(1 if failing else batch)
            if not messages:
                break
            batch_on_wire = _start_sending(messages, token, gateway)
            if in_flight is not None:
                finish(in_flight)
            in_flight = batch_on_wire
            if failing:  # a probe: wait for it before sending more
                in_flight = None
                finish(batch_on_wire)
            if result.failed:
                break
    finally:
        if in_flight is not None:
            finish(in_flight)
    return result


def pause_after_failure(consecutive_failures: int) -> float:
    """How long a worker waits before probing the link again (backoff with jitter)."""
    cap = _setting("CENTRAL_PROBE_MAX_SECONDS", 30)
    return min(cap, backoff_seconds(max(1, consecutive_failures)))


def pending_count() -> int:
    return OutboxMessage.objects.filter(status=PENDING).count()
