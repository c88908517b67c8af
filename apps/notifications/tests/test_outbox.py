"""With the database task backend, the task that sends a message (a ``drain``) is written in the caller's
transaction (a transactional outbox): it commits or rolls back with the message, one per transaction; with another
backend it is queued after commit. (How a process spares the task row for later messages: test_drain_queue.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.notifications.models import Notification
from apps.notifications.tasks import drain
from apps.notifications.tests.conftest import DRAIN, email_notification


@pytest.mark.django_db
def test_the_drain_is_written_in_the_same_transaction_as_the_message_to_run_within_a_second(
    database_tasks: None,
) -> None:
    with transaction.atomic():
        before = timezone.now()
        email_notification()
        task = DBTaskResult.objects.get(task_path=DRAIN)
        assert task.args_kwargs == {"args": [], "kwargs": {}}
        assert task.queue_name == "notifications"
        assert before < task.run_after <= timezone.now() + dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_one_transaction_with_several_messages_queues_one_drain(database_tasks: None) -> None:
    with transaction.atomic():
        for n in range(3):
            email_notification(address=f"warga{n}@contoh.id")
    assert DBTaskResult.objects.filter(task_path=DRAIN).count() == 1


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_neither_message_nor_drain_and_nothing_is_sent(
    database_tasks: None, mailoutbox: Any
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        email_notification()
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
            email_notification("test.dropped", "dropped@contoh.id")
            raise RuntimeError("inner write fails")
        assert not DBTaskResult.objects.filter(task_path=DRAIN).exists()
        email_notification("test.kept", "kept@contoh.id")
    assert DBTaskResult.objects.filter(task_path=DRAIN).count() == 1
    assert not Notification.objects.filter(event="test.dropped").exists()
    drain.call()
    assert [m.to for m in mailoutbox] == [["kept@contoh.id"]]


@pytest.mark.django_db
def test_with_another_task_backend_the_drain_is_queued_only_after_commit(
    mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        email_notification()
    assert len(callbacks) == 1 and mailoutbox == []  # nothing sent while the write is open
    callbacks[0]()
    assert len(mailoutbox) == 1
