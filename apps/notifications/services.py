"""Notifications to residents. ``notify`` is the one entry point every app uses.

It is called inside the caller's transaction: it writes one row per channel and
queues the sending, so a request never waits for a message to go out. A message is
sent exactly when the caller's write commits, and never for a rolled-back write:

* with the database task backend (django-tasks-db, the default) on the same database,
  the delivery task rows are written in the caller's transaction -- a transactional
  outbox: the worker sees them only once that transaction commits, a rollback (of the
  transaction or of the savepoint around ``notify``) removes them with the rest, and the
  request commits once instead of twice;
* with any other backend (the immediate one in tests, a broker), the tasks are enqueued
  from ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import router, transaction
from django.utils import translation

from apps.notifications.models import Channel, Notification


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
) -> list[Notification]:
    """Record a message for a person on each channel they can be reached on, and queue
    sending. ``subject`` and ``body`` must already be in the recipient's language (build
    them inside :func:`in_language`)."""
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
                recipient=recipient, address=address, channel=channel, event=event, language=language,
                subject=subject[:200], body=body, url=url,
                status="sent" if channel == Channel.IN_APP else "pending",
            )
        )
    Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows if row.channel != Channel.IN_APP and row.pk is not None]
    if ids:
        using = router.db_for_write(Notification)
        if _outbox(using):
            _enqueue(ids)
        else:
            transaction.on_commit(lambda: _enqueue(ids), using=using)
    return rows


def _outbox(using: str) -> bool:
    """Whether the delivery tasks can be written in the caller's open transaction: the task backend
    keeps its queue in the database ``using`` (django-tasks-db), so the task rows commit or roll
    back together with the notification rows. Outside a transaction, or with any other backend,
    the tasks are enqueued after commit instead."""
    if not transaction.get_connection(using).in_atomic_block:
        return False
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from apps.notifications.tasks import deliver

    return isinstance(deliver.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == using


def _enqueue(ids: list[int]) -> None:
    from apps.notifications.tasks import deliver

    for notification_id in ids:
        deliver.enqueue(notification_id)


@contextmanager
def in_language(recipient: Any) -> Iterator[None]:
    """``with in_language(user):`` renders texts in the recipient's language."""
    with translation.override(getattr(recipient, "preferred_language", None) or "id"):
        yield


def application_status_changed(change_id: int) -> None:
    """Tell the applicant that their application moved (called after commit)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from apps.applications.models import StatusChange
    from apps.applications.workflow import RESIDENT_TEXT, Status

    change = StatusChange.objects.select_related("application__applicant", "application__service_type").get(
        pk=change_id
    )
    application = change.application
    recipient = application.applicant
    if recipient is None and not application.form_data.get("contact_phone"):
        return
    with in_language(recipient), transaction.atomic():
        from django.template.loader import render_to_string

        # The label of this change, not the file's current status (it may have moved on since).
        status_label = change.get_to_status_display()
        url = f"{settings.SITE_URL}/permohonan/{application.number}/"
        context = {
            "application": application, "change": change, "status_label": status_label,
            "text": RESIDENT_TEXT.get(change.to_status, ""), "estimate": application.estimated_completion_date,
            "url": url, "office": settings.SIPON_OFFICE_NAME,
        }
        notify(
            event=f"application.{change.to_status}",
            recipient=recipient,
            phone=application.form_data.get("contact_phone", ""),
            subject=_("Permohonan %(number)s: %(status)s")
            % {"number": application.number, "status": status_label},
            body=render_to_string("notifications/email/application_status.txt", context).strip(),
            url=url,
        )
        if change.to_status == Status.COLLECTED:
            # The service is complete: offer the IKM survey (one invitation per application).
            from apps.surveys.services import invitation_for, offer_survey

            offer_survey(
                invitation_for(application=application),
                recipient=recipient,
                phone=application.form_data.get("contact_phone", ""),
            )
