"""One drain task sends every message that is due, in batches, each message once however many drains run at
once (rows locked with SKIP LOCKED), leaving messages that back off after a failure for later."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.notifications.models import Channel, DeliveryStatus, Notification
from apps.notifications.schedule import retry_pending
from apps.notifications.tasks import drain

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "central", "notifications"]}
}
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks with SKIP LOCKED need PostgreSQL (SQLite serialises writes)"
)


def _pending(address: str, **fields: Any) -> Notification:
    return Notification.objects.create(
        address=address, channel=Channel.EMAIL, event="test.drain", subject="s", body="b", **fields
    )


@pytest.mark.django_db
def test_a_drain_sends_every_due_message_once_and_leaves_the_others(mailoutbox: Any) -> None:
    fresh = [_pending(f"warga{n}@contoh.id") for n in range(3)]
    due_again = _pending("retry@contoh.id", attempts=1, next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    backing_off = _pending("later@contoh.id", attempts=1, next_attempt_at=timezone.now() + dt.timedelta(minutes=1))
    _pending("failed@contoh.id", status=DeliveryStatus.FAILED, attempts=5)
    _pending("sent@contoh.id", status=DeliveryStatus.SENT, attempts=1)
    assert drain.call(batch=2) == 4
    assert drain.call(batch=2) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted([r.address for r in fresh] + ["retry@contoh.id"])
    for row in [*fresh, due_again]:
        row.refresh_from_db()
        assert row.status == DeliveryStatus.SENT and row.sent_at is not None
    backing_off.refresh_from_db()
    assert backing_off.status == DeliveryStatus.PENDING and backing_off.attempts == 1


@pytest.mark.django_db
def test_a_failed_send_in_a_drain_backs_off_and_the_drain_goes_on(mailoutbox: Any) -> None:
    rows = [_pending(f"warga{n}@contoh.id") for n in range(3)]
    real_send = __import__("django.core.mail", fromlist=["send_mail"]).send_mail

    def flaky(subject: str, body: str, sender: Any, to: list[str], **kwargs: Any) -> int:
        if to == ["warga1@contoh.id"]:
            raise OSError("mail server refused")
        return int(real_send(subject, body, sender, to, **kwargs))

    with mock.patch("apps.notifications.tasks.send_mail", flaky):
        assert drain.call() == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["warga0@contoh.id", "warga2@contoh.id"]
    rows[1].refresh_from_db()
    assert rows[1].status == DeliveryStatus.PENDING and rows[1].attempts == 1 and "refused" in rows[1].last_error
    assert rows[1].next_attempt_at is not None and rows[1].next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_a_drain_that_runs_out_of_time_queues_another_for_the_rest(settings: Any, mailoutbox: Any) -> None:
    settings.TASKS = DB_TASKS
    for n in range(5):
        _pending(f"warga{n}@contoh.id")
    assert drain.call(batch=2, max_seconds=0) == 2
    assert len(mailoutbox) == 2
    follow_up = DBTaskResult.objects.get(task_path="apps.notifications.tasks.drain")
    assert follow_up.args_kwargs == {"args": [2, 0], "kwargs": {}}


@pytest.mark.django_db
def test_the_sweep_queues_a_drain_for_messages_a_dead_process_left_behind(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    left = _pending("warga@contoh.id")
    _pending("fresh@contoh.id")  # its own drain is still to come
    Notification.objects.filter(pk=left.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert retry_pending() == 1
    assert DBTaskResult.objects.filter(task_path="apps.notifications.tasks.drain").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_drain_skips_the_messages_another_drain_holds_and_each_is_sent_once(mailoutbox: Any) -> None:
    rows = [_pending(f"warga{n}@contoh.id") for n in range(4)]
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:  # another drain is sending the first two right now
            cursor.execute(
                "SELECT id FROM notifications_notification WHERE id IN (%s, %s) FOR UPDATE", [rows[0].pk, rows[1].pk]
            )
        assert drain.call() == 2
        assert sorted(m.to[0] for m in mailoutbox) == ["warga2@contoh.id", "warga3@contoh.id"]
        other.rollback()
    finally:
        other.close()
    assert drain.call() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [r.address for r in rows]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_drains_running_at_once_send_each_message_once() -> None:
    rows = [_pending(f"warga{n:02d}@contoh.id") for n in range(40)]
    sent: list[str] = []
    lock = threading.Lock()
    started = threading.Barrier(2)

    def record(subject: str, body: str, sender: Any, to: list[str], **kwargs: Any) -> int:
        with lock:
            sent.extend(to)
        threading.Event().wait(0.005)  # a mail server's round trip, so that the two drains overlap
        return 1

    def run() -> None:
        try:
            started.wait()
            drain.call(batch=5)
        finally:
            connections.close_all()

    with mock.patch("apps.notifications.tasks.send_mail", record):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(sent) == sorted(r.address for r in rows)
    assert Notification.objects.filter(status=DeliveryStatus.SENT, attempts=1).count() == 40
    with transaction.atomic():
        assert drain.call() == 0
