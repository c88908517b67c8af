"""Sending notifications in the task worker, with retries and exponential backoff.

``drain`` sends every message that is due (the path of every new message: see
``apps.notifications.services``); ``deliver`` sends one message by its id (delivery tasks queued one per
message before the drain existed are still honoured). Both lock the rows they send, so however many
workers run them at once, a message is sent by one of them only.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import time
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from apps.notifications.gateways import send_short_message
from apps.notifications.models import Channel, DeliveryStatus, Notification

log = logging.getLogger("sipon.notifications")
MAX_ATTEMPTS = 5
BACKOFF_BASE = dt.timedelta(minutes=1)
# Messages locked and sent per transaction. One, as with a task per message: a worker that dies while sending
# can only have sent one message whose "sent" was not committed (the next drain or the sweep sends it again).
DRAIN_BATCH = 1
DRAIN_SECONDS = 30.0


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next attempt: 1, 2, 4, 8 ... minutes, capped at one hour."""
    wait: dt.timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(wait, dt.timedelta(hours=1))


def due(now: dt.datetime) -> QuerySet[Notification]:
    """Messages waiting to be sent whose next attempt is not deferred (never tried, or backoff over)."""
    return Notification.objects.filter(status=DeliveryStatus.PENDING, attempts__lt=MAX_ATTEMPTS).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _send_with_attachment(notification: Notification, body: str) -> None:
    """An e-mail carrying a stored file (read from the default storage when sent, so the row stays small)."""
    message = EmailMessage(notification.subject, body, None, [notification.address])
    with default_storage.open(notification.attachment, "rb") as handle:
        content = handle.read()
    name = PurePosixPath(notification.attachment).name
    message.attach(name, content, mimetypes.guess_type(name)[0] or "application/octet-stream")
    message.send()


def attempt(notification: Notification) -> bool:
    """Send one locked, pending message and record the outcome (sent, or failed with its backoff).
    Call it inside the transaction that holds the row's lock."""
    notification.attempts += 1
    try:
        if notification.channel == Channel.EMAIL:
            body = notification.body + (f"\n\n{notification.url}" if notification.url else "")
            if notification.attachment:
                _send_with_attachment(notification, body)
            else:
                send_mail(notification.subject, body, None, [notification.address])
        elif notification.channel == Channel.SMS:
            send_short_message(notification)
    except Exception as exc:  # any delivery failure is retried after its backoff
        notification.last_error = str(exc)[:2000]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = DeliveryStatus.FAILED
            notification.next_attempt_at = None
        else:
            notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
        notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        log.warning("notification.failed", extra={"notification": notification.pk, "attempt": notification.attempts})
        return False
    notification.status = DeliveryStatus.SENT
    notification.sent_at = timezone.now()
    notification.next_attempt_at = None
    notification.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return True


@task(queue_name="notifications")
def deliver(notification_id: int) -> None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return  # already sent by another worker, or gone
        if notification.next_attempt_at and notification.next_attempt_at > timezone.now():
            return  # backing off; a later drain sends it when due
        attempt(notification)


@task(queue_name="notifications")
def drain(batch: int = DRAIN_BATCH, max_seconds: float = DRAIN_SECONDS) -> int:
    """Send every message that is due, ``batch`` messages per transaction; returns how many were tried.

    The rows of a batch are locked with SKIP LOCKED (PostgreSQL; SQLite serialises write transactions), so
    drains running at once in several workers each take different messages, and a message committed while
    a drain runs is taken by the next batch or the next drain. After ``max_seconds`` the drain queues a new
    drain for the rest, so one task never runs for ever."""
    tried = 0
    deadline = time.monotonic() + max_seconds
    while True:
        with transaction.atomic():
            rows = list(due(timezone.now()).select_for_update(skip_locked=True).order_by("pk")[:batch])
            for notification in rows:
                attempt(notification)
        tried += len(rows)
        if len(rows) < batch:
            return tried
        if time.monotonic() >= deadline:
            drain.enqueue(batch, max_seconds)
            return tried
