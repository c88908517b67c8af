"""With the database task backend, the task that sends a message (a ``drain``) is written in the caller's
transaction (a transactional outbox): a message goes out once the write that caused it commits, never for a
rolled-back write, within seconds, and once; messages a process commits while its drain is still to come
write no task row (the request commits once and writes one row fewer)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.notifications.models import Channel, DeliveryStatus, Notification
from apps.notifications.services import notify
from apps.notifications.tasks import drain

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "central", "notifications"]}
}
DRAIN = "apps.notifications.tasks.drain"
WORKER = ["db_worker", "--batch", "--queue-name", "notifications", "--no-startup-delay", "--no-reload"]


@pytest.fixture
def database_tasks(settings: Any, _tasks_run_immediately: None) -> None:
    """The production task backend (tasks wait in the database for a worker), not the immediate one."""
    settings.TASKS = DB_TASKS


def _email(event: str = "test.outbox", address: str = "warga@contoh.id") -> Notification:
    rows = notify(event=event, email=address, subject="Laporan diterima", body="Terima kasih.")
    return next(r for r in rows if r.channel == Channel.EMAIL)


def _drains_seen_by_another_connection() -> int:
    """What a worker, on its own connection, can see of the delivery queue."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s", [DRAIN])
            return int(cursor.fetchone()[0])
    finally:
        other.close()


@pytest.mark.django_db
def test_the_drain_is_written_in_the_same_transaction_as_the_message_to_run_within_a_second(
    database_tasks: None,
) -> None:
    with transaction.atomic():
        before = timezone.now()
        _email()
        task = DBTaskResult.objects.get(task_path=DRAIN)
        assert task.args_kwargs == {"args": [], "kwargs": {}}
        assert task.queue_name == "notifications"
        assert before < task.run_after <= timezone.now() + dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_one_transaction_with_several_messages_queues_one_drain(database_tasks: None) -> None:
    with transaction.atomic():
        for n in range(3):
            _email(address=f"warga{n}@contoh.id")
    assert DBTaskResult.objects.filter(task_path=DRAIN).count() == 1


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_neither_message_nor_drain_and_nothing_is_sent(
    database_tasks: None, mailoutbox: Any
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _email()
        raise RuntimeError("the caller's write fails after notify()")
    assert not Notification.objects.filter(event="test.outbox").exists()
    assert not DBTaskResult.objects.filter(task_path=DRAIN).exists()
    assert drain.call() == 0 and mailoutbox == []


@pytest.mark.django_db
def test_a_rolled_back_savepoint_drops_its_drain_and_a_later_message_queues_its_own(
    database_tasks: None, mailoutbox: Any
) -> None:
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            _email("test.dropped", "dropped@contoh.id")
            raise RuntimeError("inner write fails")
        assert not DBTaskResult.objects.filter(task_path=DRAIN).exists()
        _email("test.kept", "kept@contoh.id")
    assert DBTaskResult.objects.filter(task_path=DRAIN).count() == 1
    assert not Notification.objects.filter(event="test.dropped").exists()
    drain.call()
    assert [m.to for m in mailoutbox] == [["kept@contoh.id"]]


@pytest.mark.django_db(transaction=True)
def test_the_worker_sees_the_drain_once_the_write_commits_and_sends_the_message_once_within_seconds(
    database_tasks: None, mailoutbox: Any
) -> None:
    with transaction.atomic():
        email = _email()
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
            _email(address=f"warga{n}@contoh.id")
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
        _email(address="first@contoh.id")
    time.sleep(0.2)  # within the margin before the queued drain starts: it may already be running
    with transaction.atomic():
        _email(address="second@contoh.id")
    assert _drains_seen_by_another_connection() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_drain_is_queued_at_once(database_tasks: None) -> None:
    _email()
    assert _drains_seen_by_another_connection() == 1


@pytest.mark.django_db
def test_with_another_task_backend_the_drain_is_queued_only_after_commit(
    mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        _email()
    assert len(callbacks) == 1 and mailoutbox == []  # nothing sent while the write is open
    callbacks[0]()
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_drain_that_cannot_be_queued_after_commit_does_not_fail_the_write_and_the_sweep_queues_it(
    database_tasks: None,
) -> None:
    from unittest import mock

    from apps.notifications.schedule import retry_pending

    with mock.patch("apps.notifications.services._enqueue_drain", side_effect=RuntimeError("task table locked")):
        email = _email()  # outside a transaction: the drain is queued once the row is committed
    assert Notification.objects.filter(pk=email.pk, status=DeliveryStatus.PENDING).exists()
    assert _drains_seen_by_another_connection() == 0
    Notification.objects.filter(pk=email.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert retry_pending() == 1
    assert _drains_seen_by_another_connection() == 1
