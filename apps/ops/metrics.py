"""Metrics in the Prometheus text exposition format (version 0.0.4), written by hand.

A collector is a function returning :class:`Metric` objects. Sipon's own collectors live
here; any app may add its own in ``apps/<app>/metrics.py`` as ``COLLECTORS = [func, ...]``
and they are picked up without changes here. Besides those, every model of a Sipon app
with a ``status`` field is counted per status (``sipon_records``), so new workflows
(bookings, tickets, outbox messages, complaints) appear on the dashboard as they land.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps as django_apps
from django.db import connection, models
from django.db.models import Count
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.core.models import ScheduledJob

log = logging.getLogger("sipon.ops.metrics")

_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


@dataclass
class Metric:
    name: str
    help: str
    type: str = "gauge"  # gauge | counter
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)

    def add(self, value: float, **labels: str) -> Metric:
        self.samples.append((labels, value))
        return self


Collector = Callable[[], Iterable[Metric]]


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _escape_help(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def render(metrics: Iterable[Metric]) -> str:
    """The text format: ``# HELP``, ``# TYPE`` and one line per sample, each family once."""
    families: dict[str, Metric] = {}
    for metric in metrics:
        if not _NAME.match(metric.name):
            raise ValueError(f"invalid metric name {metric.name!r}")
        if metric.name in families:
            families[metric.name].samples.extend(metric.samples)
        else:
            families[metric.name] = Metric(metric.name, metric.help, metric.type, list(metric.samples))
    lines: list[str] = []
    for metric in families.values():
        lines.append(f"# HELP {metric.name} {_escape_help(metric.help)}")
        lines.append(f"# TYPE {metric.name} {metric.type}")
        for labels, value in metric.samples:
            if labels:
                inner = ",".join(f'{key}="{_escape_label(str(val))}"' for key, val in sorted(labels.items()))
                lines.append(f"{metric.name}{{{inner}}} {_number(value)}")
            else:
                lines.append(f"{metric.name} {_number(value)}")
    return "\n".join(lines) + "\n"


# --- Sipon's own collectors ---------------------------------------------------------------


def database_up() -> Iterable[Metric]:
    metric = Metric("sipon_database_up", "1 if the database answered the scrape's first query.")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        metric.add(1)
    except Exception:  # any database error: report it as a value, not as a 500
        metric.add(0)
    yield metric


def records_per_status() -> Iterable[Metric]:
    """Rows per status of every Sipon model with a ``status`` field (applications, bookings,
    tickets, outbox messages, complaints, ...)."""
    metric = Metric("sipon_records", "Records per model and status.")
    for model in django_apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        status_field = next((f for f in model._meta.concrete_fields if f.name == "status"), None)
        if not isinstance(status_field, models.CharField):
            continue
        rows = model._default_manager.order_by().values_list("status").annotate(n=Count("pk"))
        for status, count in rows:
            metric.add(count, model=model._meta.label_lower, status=str(status))
    yield metric


def applications_per_status() -> Iterable[Metric]:
    counts = dict(Application.objects.order_by().values_list("status").annotate(n=Count("pk")))
    metric = Metric("sipon_applications", "Applications (permohonan) per status.")
    for status in Status.values:
        metric.add(counts.get(status, 0), status=status)
    yield metric


def task_queue() -> Iterable[Metric]:
    """Background tasks waiting and running per queue (django-tasks database backend)."""
    if not django_apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    depth = Metric("sipon_task_queue_depth", "Background tasks per queue and status (READY = waiting).")
    rows = DBTaskResult.objects.order_by().values_list("queue_name", "status").annotate(n=Count("pk"))
    for queue_name, status, count in rows:
        depth.add(count, queue=queue_name, status=status)
    yield depth
    oldest = Metric(
        "sipon_task_oldest_ready_age_seconds", "Age of the oldest task that is ready to run, per queue."
    )
    ready = (
        DBTaskResult.objects.filter(status="READY", run_after__lte=now)
        .order_by()
        .values_list("queue_name")
        .annotate(first=models.Min("enqueued_at"))
    )
    for queue_name, first in ready:
        oldest.add(max(0.0, (now - first).total_seconds()), queue=queue_name)
    yield oldest


def scheduled_jobs() -> Iterable[Metric]:
    finished = Metric("sipon_scheduled_job_last_finished_timestamp_seconds", "When each periodic job last finished.")
    failing = Metric("sipon_scheduled_job_failing", "1 if the last run of the periodic job raised an error.")
    for job in ScheduledJob.objects.order_by("name"):
        if job.last_finished_at:
            finished.add(job.last_finished_at.timestamp(), job=job.name)
        failing.add(1 if job.last_error else 0, job=job.name)
    yield finished
    yield failing


BUILTIN: list[Collector] = [database_up, applications_per_status, records_per_status, task_queue, scheduled_jobs]


def app_collectors() -> list[Collector]:
    found: list[Collector] = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.ops":
            continue
        module_name = f"{config.name}.metrics"
        if find_spec(module_name) is not None:
            found.extend(getattr(import_module(module_name), "COLLECTORS", []))
    return found


def collect() -> list[Metric]:
    """Every metric. A collector that fails is reported in ``sipon_metrics_collector_errors``
    instead of failing the whole scrape."""
    metrics: list[Metric] = []
    errors = Metric("sipon_metrics_collector_errors", "1 for a collector that raised during this scrape.")
    for collector in [*BUILTIN, *app_collectors()]:
        name = getattr(collector, "__qualname__", repr(collector))
        try:
            metrics.extend(collector())
            errors.add(0, collector=name)
        except Exception:  # one broken collector must not hide the others
            log.exception("metrics collector failed", extra={"collector": name})
            errors.add(1, collector=name)
    metrics.append(errors)
    return metrics
