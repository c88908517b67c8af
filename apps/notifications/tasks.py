"""Sending notifications in the task worker, with retries and exponential backoff."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from apps.notifications.gateways import send_short_message
from apps.notifications.models import Channel, DeliveryStatus, Notification

log = logging.getLogger("sipon.notifications")
MAX_ATTEMPTS = 5
BACKOFF_BASE = dt.timedelta(minutes=1)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next attempt: 1, 2, 4, 8 ... minutes, capped at one hour."""
    wait: dt.timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(wait, dt.timedelta(hours=1))


@task(queue_name="notifications")
def deliver(notification_id: int) -> None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return  # already sent by another worker, or gone
        if notification.next_attempt_at and notification.next_attempt_at > timezone.now():
            return  # backing off; the scheduler's sweep re-queues it when due
        notification.attempts += 1
        try:
            if notification.channel == Channel.EMAIL:
                body = notification.body + (f"\n\n{notification.url}" if notification.url else "")
                send_mail(notification.subject, body, None, [notification.address])
            elif notification.channel == Channel.SMS:
                send_short_message(notification)
        except Exception as exc:  # any delivery failure is retried by the scheduler's sweep
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = DeliveryStatus.FAILED
                notification.next_attempt_at = None
            else:
                notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
            notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            log.warning("notification.failed",
                        extra={"notification": notification.pk, "attempt": notification.attempts})
            return
        notification.status = DeliveryStatus.SENT
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        notification.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
