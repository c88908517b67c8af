"""Tasks left RUNNING by a killed worker are put back in the queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.ops.tasks_recovery import requeue_stale_tasks

pytestmark = pytest.mark.django_db


def _task(status: str, started_ago: dt.timedelta | None) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="apps.notifications.tasks.deliver", queue_name="default",
        backend_name="default", run_after=timezone.now(), status=status,
        started_at=timezone.now() - started_ago if started_ago else None,
    )


def test_it_requeues_only_tasks_running_longer_than_the_limit(settings: Any) -> None:
    settings.OPS_TASK_STALE_AFTER_SECONDS = 600
    stale = _task("RUNNING", dt.timedelta(minutes=30))
    fresh = _task("RUNNING", dt.timedelta(minutes=2))
    done = _task("SUCCESSFUL", dt.timedelta(hours=2))
    assert requeue_stale_tasks() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    done.refresh_from_db()
    assert (stale.status, stale.started_at) == ("READY", None)
    assert fresh.status == "RUNNING" and done.status == "SUCCESSFUL"
    assert requeue_stale_tasks() == 0
