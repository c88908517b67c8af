"""Notifications to residents. ``notify`` is the one entry point every app uses.

It is called inside the caller's transaction: it writes one row per channel and
queues the sending, so a request never waits for a message to go out. A message is
sent once the caller's write commits, and never for a rolled-back write: the rows are
written in the caller's transaction, and only committed rows are ever sent.

Sending is batched: one ``drain`` task (``apps.notifications.tasks``) sends every message
that is due, instead of one task per message. With a task backend that runs tasks later
(django-tasks-db, the default), a process queues a drain to run a delay after the first
message that needs one (``NOTIFICATIONS_DRAIN_DELAY_SECONDS``, default 1 s), and queues no
other drain while that one is still to come (``DRAIN_MARGIN`` before it, for the worker's
clock): every message this process commits before then is taken by it, and a message
committed later queues the next drain. So under load a request writes no task row at all
(about one drain per process per second), and a resident still gets the message within
seconds (the delay plus the worker's polling interval).

* with the database task backend on the same database, the drain's task row is written in
  the caller's transaction (a transactional outbox: it commits or rolls back with the
  message, and the request commits once);
* with any other backend (the immediate one in tests, a broker), or outside a transaction,
  the drain is queued from ``transaction.on_commit``.

A process that dies between a commit and queueing its drain leaves messages pending: the
scheduler's ``notifications.retry_pending`` sweep queues a drain for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.utils import timezone, translation

from apps.core.rows import insert
from apps.notifications.models import Channel, DeliveryStatus, Notification

# How much earlier than planned a drain may start (the worker's clock may run a little ahead of this one's).
DRAIN_MARGIN = dt.timedelta(milliseconds=250)


def notify(
    *,
    event: str,
    subject: str,
    body: str,
    recipient: Any = None,
    email: str = "",
    phone: str = "",
    url: str = "",
    channels: tuple[str, ...] = (Channel.IN_APP, Channel.EMAIL, Channel.SMS),
    language: str | None = None,
    attachment: str = "",
) -> list[Notification]:
    """Record a message for a person on each channel they can be reached on, and queue
    sending. ``subject`` and ``body`` must already be in the recipient's language (build
    them inside :func:`in_language`). ``attachment``: the name of a file in the default
    storage, attached to the e-mail (other channels ignore it)."""
    language = language or getattr(recipient, "preferred_language", None) or "id"
    email = email or (getattr(recipient, "email", None) or "")
    phone = phone or (getattr(recipient, "phone", None) or "")
    rows: list[Notification] = []
    for channel in channels:
        if channel == Channel.IN_APP and recipient is None:
            continue
        address = email if channel == Channel.EMAIL else phone if channel == Channel.SMS else ""
        if channel in (Channel.EMAIL, Channel.SMS) and not address:
            continue
        rows.append(
            Notification(
                recipient=recipient,
                address=address,
                channel=channel,
                event=event,
                language=language,
                subject=subject[:200],
                body=body,
                url=url,
                attachment=attachment if channel == Channel.EMAIL else "",
                status="sent" if channel == Channel.IN_APP else "pending",
            )
        )
    if len(rows) == 1:
        insert(rows[0])  # the usual case (an anonymous resident's one address): no ORM query compiled
    else:
        Notification.objects.bulk_create(rows)
    if any(row.status == DeliveryStatus.PENDING for row in rows):
        _queue_drain(router.db_for_write(Notification))
    return rows


# When the drain this process last queued (and committed) will run, if it is still to come. Shared by the
# threads of a process: a race only queues a second drain, never forgets one.
_drain_runs_at: list[dt.datetime | None] = [None]


def _delay() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "NOTIFICATIONS_DRAIN_DELAY_SECONDS", 1.0)))


def _covered(moment: dt.datetime) -> bool:
    """Whether a drain queued by this process will start after ``moment`` (with a margin for the worker's
    clock), and so will see what was committed by then. A time further ahead than one delay (the clock was
    set back) is not trusted."""
    runs_at = _drain_runs_at[0]
    return runs_at is not None and moment < runs_at - DRAIN_MARGIN and runs_at <= moment + _delay()


def forget_queued_drain() -> None:
    """Forget the drain this process queued (tests: the database it was queued in has been emptied)."""
    _drain_runs_at[0] = None


def _note_drain(runs_at: dt.datetime) -> None:
    _drain_runs_at[0] = runs_at


def _enqueue_drain() -> dt.datetime:
    """Queue a drain to run after the delay; returns when it will run."""
    from apps.notifications.tasks import drain

    runs_at = timezone.now() + _delay()
    drain.using(run_after=runs_at).enqueue()
    return runs_at


class _DrainInTransaction:
    """The on-commit callback of a drain written in the open transaction. Its presence in the connection's
    on-commit list means this transaction already queues a drain (rolling back a savepoint drops both the
    task row and this callback)."""

    def __init__(self, runs_at: dt.datetime) -> None:
        self.runs_at = runs_at

    def __call__(self) -> None:
        _note_drain(self.runs_at)


def _ensure_drain() -> None:
    """After commit: queue a drain unless one this process queued runs later than now."""
    if not _covered(timezone.now()):
        _note_drain(_enqueue_drain())


def _queue_drain(using: str) -> None:
    from apps.notifications.tasks import drain

    if not drain.get_backend().supports_defer:
        # The backend runs a task when it is queued (the immediate one in tests): one drain per commit.
        transaction.on_commit(lambda: drain.enqueue(), using=using)
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        if any(isinstance(callback, _DrainInTransaction) for _sids, callback, _robust in connection.run_on_commit):
            return  # this transaction's drain runs after it commits and sends this message too
        if not _covered(timezone.now()) and _outbox(using):
            runs_at = _enqueue_drain()  # written with the message: commits or rolls back with it
            transaction.on_commit(_DrainInTransaction(runs_at), using=using)
            return
    # A drain this process queued earlier will probably run after this commit: checked again once committed.
    # Robust: the caller's write is committed by then, and a drain that could not be queued is queued by the
    # scheduler's sweep; the request must not fail for it.
    transaction.on_commit(_ensure_drain, using=using, robust=True)


def _outbox(using: str) -> bool:
    """Whether a task can be written in the caller's open transaction: the task backend keeps its queue in
    the database ``using`` (django-tasks-db), so the task row commits or rolls back together with the
    notification rows."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from apps.notifications.tasks import drain

    return isinstance(drain.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == using


@contextmanager
def in_language(recipient: Any) -> Iterator[None]:
    """``with in_language(user):`` renders texts in the recipient's language."""
    with translation.override(getattr(recipient, "preferred_language", None) or "id"):
        yield
