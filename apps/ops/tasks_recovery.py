"""Background tasks left RUNNING by a worker that died (SIGKILL, power cut, OOM).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again
if that worker dies. This job puts such tasks back to READY once they have been running
longer than ``OPS_TASK_STALE_AFTER_SECONDS`` so another worker picks them up: delivery is
*at least once*, and Sipon's tasks are written to be idempotent (they re-read their row
and skip work already done).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

log = logging.getLogger("sipon.ops.tasks")


def requeue_stale_tasks(now: dt.datetime | None = None) -> int:
    if not django_apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.OPS_TASK_STALE_AFTER_SECONDS)
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status="RUNNING", started_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        if not stale:
            return 0
        count = DBTaskResult.objects.filter(pk__in=stale, status="RUNNING").update(
            status="READY", started_at=None
        )
    log.warning("requeued stale background tasks", extra={"count": count})
    return count
