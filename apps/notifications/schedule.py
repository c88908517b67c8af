"""Periodic jobs of the notifications app."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from apps.core.scheduler import Job
from apps.notifications.models import DeliveryStatus, Notification


def retry_pending() -> int:
    """Queue a drain when messages are due another attempt: those backing off after a failure whose wait is
    over, and those never tried a while after creation (the process that wrote them died before queueing
    their drain, or the drain failed). Returns how many are due (at most 500 counted)."""
    from apps.notifications.tasks import MAX_ATTEMPTS, drain

    now = timezone.now()
    cutoff = now - dt.timedelta(minutes=2)
    due = (
        Notification.objects.filter(status=DeliveryStatus.PENDING, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff))
        .order_by()
        .values_list("pk", flat=True)[:500]
    )
    count = len(due)
    if count:
        drain.enqueue()
    return count


JOBS = [Job("notifications.retry_pending", dt.timedelta(minutes=1), retry_pending)]
