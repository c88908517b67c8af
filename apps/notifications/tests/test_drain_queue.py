"""A process queues a drain to run a second after a message, and writes no task row for the messages it commits
before that drain runs: the worker sees the drain only once the write commits and sends each message once, within
seconds; a message committed when the drain may already be running queues another; a drain that cannot be queued
after commit does not fail the write, and the sweep queues it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.notifications.models import DeliveryStatus, Notification
from apps.notifications.tests.conftest import DRAIN, email_notification

WORKER = ["db_worker", "--batch", "--queue-name", "notifications", "--no-startup-delay", "--no-reload"]


def _drains_seen_by_another_connection() -> int:
    """What a worker, on its own connection, can see of the delivery queue."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s", [DRAIN])
            return int(cursor.fetchone()[0])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sees_the_drain_once_the_write_commits_and_sends_the_message_once_within_seconds(
    database_tasks: None, mailoutbox: Any
) -> None:
    with transaction.atomic():
        email = email_notification()
        assert _drains_seen_by_another_connection() == 0  # not before commit
    committed = time.monotonic()
    assert _drains_seen_by_another_connection() == 1
    runs_at = DBTaskResult.objects.get(task_path=DRAIN).run_after
    time.sleep(max((runs_at - timezone.now()).total_seconds(), 0) + 0.05)
    call_command(*WORKER)
    call_command(*WORKER)  # nothing left to run: no second e-mail
    assert time.monotonic() - committed < 3
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["warga@contoh.id"]
    email.refresh_from_db()
    assert email.status == DeliveryStatus.SENT and email.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_messages_committed_while_the_drain_is_still_to_come_write_no_task_and_go_with_it(
    database_tasks: None, mailoutbox: Any
) -> None:
    for n in range(3):
        with transaction.atomic():
            email_notification(address=f"warga{n}@contoh.id")
    assert _drains_seen_by_another_connection() == 1
    runs_at = DBTaskResult.objects.get(task_path=DRAIN).run_after
    time.sleep(max((runs_at - timezone.now()).total_seconds(), 0) + 0.05)
    call_command(*WORKER)
    assert sorted(m.to[0] for m in mailoutbox) == ["warga0@contoh.id", "warga1@contoh.id", "warga2@contoh.id"]


@pytest.mark.django_db(transaction=True)
def test_a_message_committed_when_the_drain_is_about_to_run_queues_a_new_one(
    database_tasks: None, settings: Any
) -> None:
    settings.NOTIFICATIONS_DRAIN_DELAY_SECONDS = 0.4
    with transaction.atomic():
        email_notification(address="first@contoh.id")
    time.sleep(0.2)  # within the margin before the queued drain starts: it may already be running
    with transaction.atomic():
        email_notification(address="second@contoh.id")
    assert _drains_seen_by_another_connection() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_drain_is_queued_at_once(database_tasks: None) -> None:
    email_notification()
    assert _drains_seen_by_another_connection() == 1


@pytest.mark.django_db(transaction=True)
def test_a_drain_that_cannot_be_queued_after_commit_does_not_fail_the_write_and_the_sweep_queues_it(
    database_tasks: None,
) -> None:
    from unittest import mock

    from apps.notifications.schedule import retry_pending

    with mock.patch("apps.notifications.services._enqueue_drain", side_effect=RuntimeError("task table locked")):
        email = email_notification()  # outside a transaction: the drain is queued once the row is committed
    assert Notification.objects.filter(pk=email.pk, status=DeliveryStatus.PENDING).exists()
    assert _drains_seen_by_another_connection() == 0
    Notification.objects.filter(pk=email.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert retry_pending() == 1
    assert _drains_seen_by_another_connection() == 1
