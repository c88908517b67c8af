"""Periodic jobs of the notifications app."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.core.scheduler import Job
from apps.notifications.models import DeliveryStatus, Notification


def retry_pending() -> int:
    """Re-queue messages still pending a while after creation (a worker died, or sending failed)."""
    from apps.notifications.tasks import MAX_ATTEMPTS, deliver

    cutoff = timezone.now() - dt.timedelta(minutes=2)
    ids = list(
        Notification.objects.filter(
            status=DeliveryStatus.PENDING, attempts__lt=MAX_ATTEMPTS, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for notification_id in ids:
        deliver.enqueue(notification_id)
    return len(ids)


JOBS = [Job("notifications.retry_pending", dt.timedelta(minutes=2), retry_pending)]
