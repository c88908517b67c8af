"""Evaluation action items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.complaints.models import ActionItem, Complaint
from apps.complaints.services.rules import _now
from apps.core import audit
from apps.notifications.models import Channel
from apps.notifications.services import notify

# --- evaluation action items --------------------------------------------------------


@transaction.atomic
def create_action_item(
    *,
    title: str,
    assignee: Any,
    due_date: dt.date,
    created_by: Any,
    meeting_month: dt.date,
    notes: str = "",
    complaint: Complaint | None = None,
    ikm_element: int | None = None,
    request: HttpRequest | None = None,
) -> ActionItem:
    item = ActionItem.objects.create(
        title=title.strip(),
        notes=notes.strip(),
        assignee=assignee,
        due_date=due_date,
        created_by=created_by,
        meeting_month=meeting_month.replace(day=1),
        complaint=complaint,
        ikm_element=ikm_element,
    )
    audit.record("complaint.action_item_created", actor=created_by, obj=item, request=request)
    notify(
        event="evaluation.action_item",
        recipient=assignee,
        channels=(Channel.IN_APP,),
        subject=_("Tindak lanjut evaluasi: %(title)s") % {"title": item.title},
        body=_("Tenggat %(date)s.") % {"date": due_date.strftime("%d-%m-%Y")},
        url=f"{settings.SITE_URL}/staf/pengaduan/evaluasi/",
    )
    return item


@transaction.atomic
def mark_action_done(
    item: ActionItem, *, by: Any, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> bool:
    done = ActionItem.objects.filter(pk=item.pk, state=ActionItem.State.OPEN).update(
        state=ActionItem.State.DONE, done_at=_now(now), done_by=by
    )
    if done:
        audit.record("complaint.action_item_done", actor=by, obj=item, request=request)
    item.refresh_from_db()
    return bool(done)
