"""Tests of this app run background tasks at once (notifications are sent on commit)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apps.notifications.models import Channel, Notification
from apps.notifications.services import forget_queued_drain, notify

# The production task backend (tasks wait in the database for a worker) and the drain task's name in it.
DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "central", "notifications"]}
}
DRAIN = "apps.notifications.tasks.drain"


@pytest.fixture(autouse=True)
def _tasks_run_immediately(immediate_tasks: None) -> None:
    """See ``immediate_tasks`` in the root conftest."""


@pytest.fixture(autouse=True)
def _no_drain_queued_by_an_earlier_test() -> Iterator[None]:
    """A drain another test queued was emptied with its database: this process must not count on it."""
    forget_queued_drain()
    yield
    forget_queued_drain()


@pytest.fixture
def database_tasks(settings: Any, _tasks_run_immediately: None) -> None:
    """The production task backend (tasks wait in the database for a worker), not the immediate one."""
    settings.TASKS = DB_TASKS


def email_notification(event: str = "test.outbox", address: str = "warga@contoh.id") -> Notification:
    """``notify`` with one e-mail address: its e-mail row."""
    rows = notify(event=event, email=address, subject="Laporan diterima", body="Terima kasih.")
    return next(r for r in rows if r.channel == Channel.EMAIL)
