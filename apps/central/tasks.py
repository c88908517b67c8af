"""Background work of the central app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from apps.central import outbox


@task(queue_name="central")
def drain_outbox() -> int:
    """Send what is due in the outbox (bounded, so one task does not run for ever)."""
    return outbox.drain(batch=50, max_seconds=30).sent
