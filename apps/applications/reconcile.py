"""Reconciliation: no file stays stranded because an after-commit handler never ran.

Events are delivered after commit (:mod:`apps.core.events`); a process that dies between the commit and the
handler loses the delivery. This periodic job (``apps/applications/schedule.py``) finds files that have sat in
a state a subscriber should have moved them out of (:data:`~apps.applications.events.AWAITING_SUBSCRIBER`) for
longer than ``SIPON_EVENTS_STUCK_AFTER_SECONDS`` and publishes their last change again. The handlers are
idempotent (they re-check the state under a row lock), so a file that was only slow is not moved twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from apps.applications.events import AWAITING_SUBSCRIBER, StatusChanged
from apps.applications.models import Application, StatusChange
from apps.core import events

log = logging.getLogger("sipon.events")


def republish_stuck(*, now: dt.datetime | None = None) -> int:
    """Publish again the last change of each stuck file. Returns how many were republished."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.SIPON_EVENTS_STUCK_AFTER_SECONDS)
    stuck = Application.objects.filter(status__in=AWAITING_SUBSCRIBER, status_changed_at__lt=cutoff)
    count = 0
    for application_id, status in stuck.values_list("pk", "status")[:1000]:
        change = (
            StatusChange.objects.filter(application_id=application_id, to_status=status).order_by("-created_at", "-pk")
        ).first()
        if change is None:
            continue
        log.warning("republishing a stuck file", extra={"application": application_id, "status": status})
        events.publish(
            StatusChanged(
                application_id=application_id,
                from_status=change.from_status,
                to_status=change.to_status,
                change_id=change.pk,
                actor_id=change.actor_id,
                replay=True,
            )
        )
        count += 1
    return count
