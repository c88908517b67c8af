"""With the database task backend the delivery task is written in the caller's transaction (a
transactional outbox): a message goes out exactly when the write that caused it commits, never for a
rolled-back write, and the request commits once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django_tasks_db.models import DBTaskResult

from apps.notifications.models import Channel, DeliveryStatus, Notification
from apps.notifications.services import notify

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "central", "notifications"]}
}
DELIVER = "apps.notifications.tasks.deliver"


@pytest.fixture
def database_tasks(settings: Any, _tasks_run_immediately: None) -> None:
    """The production task backend (tasks wait in the database for a worker), not the immediate one."""
    settings.TASKS = DB_TASKS


def _email(event: str = "test.outbox") -> list[Notification]:
    return notify(event=event, email="warga@contoh.id", subject="Laporan diterima", body="Terima kasih.")


def _tasks_seen_by_another_connection() -> int:
    """What a worker, on its own connection, can see of the delivery queue."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s", [DELIVER])
            return int(cursor.fetchone()[0])
    finally:
        other.close()


@pytest.mark.django_db
def test_the_delivery_task_is_written_in_the_same_transaction_as_the_message(database_tasks: None) -> None:
    with transaction.atomic():
        rows = _email()
        task = DBTaskResult.objects.get(task_path=DELIVER)
        email = next(r for r in rows if r.channel == Channel.EMAIL)
        assert task.args_kwargs == {"args": [email.pk], "kwargs": {}}
        assert task.queue_name == "notifications"


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_neither_message_nor_delivery_task(database_tasks: None) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _email()
        raise RuntimeError("the caller's write fails after notify()")
    assert not Notification.objects.filter(event="test.outbox").exists()
    assert not DBTaskResult.objects.filter(task_path=DELIVER).exists()


@pytest.mark.django_db
def test_a_rolled_back_savepoint_drops_its_delivery_task_but_not_the_outer_ones(database_tasks: None) -> None:
    with transaction.atomic():
        kept = _email("test.kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            _email("test.dropped")
            raise RuntimeError("inner write fails")
    kept_id = next(r.pk for r in kept if r.channel == Channel.EMAIL)
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.filter(task_path=DELIVER)] == [[kept_id]]
    assert not Notification.objects.filter(event="test.dropped").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sees_the_task_only_once_the_write_commits_and_sends_it_once(
    database_tasks: None, mailoutbox: Any
) -> None:
    with transaction.atomic():
        rows = _email()
        assert _tasks_seen_by_another_connection() == 0  # not before commit
    assert _tasks_seen_by_another_connection() == 1
    worker = ["db_worker", "--batch", "--queue-name", "notifications", "--no-startup-delay", "--no-reload"]
    call_command(*worker)
    call_command(*worker)  # nothing left to run: no second e-mail
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["warga@contoh.id"]
    email = next(r for r in rows if r.channel == Channel.EMAIL)
    email.refresh_from_db()
    assert email.status == DeliveryStatus.SENT and email.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_message_is_queued_at_once(database_tasks: None) -> None:
    _email()
    assert _tasks_seen_by_another_connection() == 1


@pytest.mark.django_db
def test_with_another_task_backend_the_task_is_enqueued_only_after_commit(
    mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        _email()
    assert len(callbacks) == 1 and mailoutbox == []  # nothing sent while the write is open
    callbacks[0]()
    assert len(mailoutbox) == 1
