"""Deadlines, codes and who may see the filer (the rules every step shares)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role, roles_of
from apps.complaints.models import Complaint
from apps.complaints.workflow import (
    ANSWER_WITHIN_DAYS,
    OPEN,
    PLAN_WITHIN_DAYS,
    VERIFY_WITHIN_DAYS,
    Status,
)
from apps.core.calendar import add_working_days, working_days_between

CONFIDENTIAL_LABEL = "Dirahasiakan"


def reopen_days() -> int:
    return int(getattr(settings, "COMPLAINTS_REOPEN_DAYS", 14))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(_now(now))


def new_code() -> str:
    """A random tracking code (32^7, about 3.4e10 values). Uniqueness is enforced by the database:
    :func:`file_complaint` retries on the rare collision instead of querying first."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "ADU-" + "".join(secrets.choice(alphabet) for _ in range(7))


def deadlines(received_on: dt.date, complexity: str) -> tuple[dt.date, dt.date, dt.date]:
    """(verify by, plan follow-up by, answer by), in working days after ``received_on``."""
    return (
        add_working_days(received_on, VERIFY_WITHIN_DAYS),
        add_working_days(received_on, PLAN_WITHIN_DAYS),
        add_working_days(received_on, ANSWER_WITHIN_DAYS[complexity]),
    )


def working_days_left(complaint: Complaint, now: dt.datetime | None = None) -> int:
    """Working days until the answer deadline (negative when late)."""
    return working_days_between(_today(now), complaint.due_date)


def is_overdue(complaint: Complaint, now: dt.datetime | None = None) -> bool:
    if complaint.status not in OPEN:
        return False
    today = _today(now)
    if complaint.status == Status.POSTPONED:
        return today > complaint.due_date
    if today > complaint.due_date:
        return True
    if complaint.status == Status.RECEIVED and today > complaint.verify_by:
        return True
    return complaint.status in (Status.RECEIVED, Status.VERIFIED) and today > complaint.plan_by


def can_see_identity(user: Any) -> bool:
    """Only the section head and the customer-service lead (permission) see a confidential filer."""
    return Role.SECTION_HEAD in roles_of(user) or bool(
        getattr(user, "has_perm", lambda _p: False)("complaints.view_confidential_identity")
    )


def filer_label(complaint: Complaint, viewer: Any) -> str:
    if complaint.confidential and not can_see_identity(viewer):
        return CONFIDENTIAL_LABEL
    if complaint.filer is not None:
        profile = getattr(complaint.filer, "resident", None)
        return complaint.name or (profile.full_name if profile else str(complaint.filer))
    return complaint.name or _("(tanpa nama)")
