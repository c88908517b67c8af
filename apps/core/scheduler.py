"""Periodic jobs (reminders, escalations, retention, outbox sweeps, day rollover).

Each app lists its jobs in ``apps/<app>/schedule.py`` as ``JOBS = [Job(...), ...]``.
``manage.py run_scheduler`` runs them. Several schedulers may run at once (one per
server): each job's row is locked with SKIP LOCKED on PostgreSQL (on SQLite the
IMMEDIATE transaction serialises them), and a job only runs when its interval has
passed since it last started, so no job runs twice at the same time.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from apps.core.models import ScheduledJob

log = logging.getLogger("sipon.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    func: Callable[[], object]


def all_jobs() -> list[Job]:
    jobs: list[Job] = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.schedule"
        if find_spec(module_name) is not None:
            jobs.extend(getattr(import_module(module_name), "JOBS", []))
    return jobs


def _claim(job: Job, now: dt.datetime) -> bool:
    with transaction.atomic():
        ScheduledJob.objects.get_or_create(name=job.name)
        row = ScheduledJob.objects.select_for_update(skip_locked=True).filter(name=job.name).first()
        if row is None:
            return False
        if row.last_started_at and now - row.last_started_at < job.every:
            return False
        row.last_started_at = now
        row.save(update_fields=["last_started_at"])
        return True


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Run every job whose interval has passed. Returns the names of the jobs run."""
    ran: list[str] = []
    for job in all_jobs():
        moment = now or timezone.now()
        if not _claim(job, moment):
            continue
        error = ""
        try:
            job.func()
        except Exception:  # one failing job must not stop the others
            error = traceback.format_exc()
            log.exception("scheduled job failed", extra={"job": job.name})
        ScheduledJob.objects.filter(name=job.name).update(last_finished_at=timezone.now(), last_error=error)
        ran.append(job.name)
    return ran
