"""Periodic jobs of the notifications app."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from apps.core.scheduler import Job
from apps.notifications.models import DeliveryStatus, Notification


def retry_pending() -> int:
    """Re-queue messages that are due another attempt: those backing off after a failure whose
    wait is over, and those never tried a while after creation (a worker died)."""
    from apps.notifications.tasks import MAX_ATTEMPTS, deliver

    now = timezone.now()
    cutoff = now - dt.timedelta(minutes=2)
    ids = list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for notification_id in ids:
        deliver.enqueue(notification_id)
    return len(ids)


JOBS = [Job("notifications.retry_pending", dt.timedelta(minutes=1), retry_pending)]
