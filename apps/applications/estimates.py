"""Estimated completion date of an application: the service level in working days
(Indonesian public holidays skipped), pushed back by the current backlog."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.applications.models import Application
from apps.applications.workflow import TERMINAL, Status

# States whose estimate moves when the central link is down.
WAITING_ON_CENTRAL = frozenset(
    {Status.SUBMITTED, Status.IN_VERIFICATION, Status.VERIFIED, Status.AWAITING_BIOMETRICS, Status.SENT_TO_CENTRAL}
)
from apps.core.calendar import add_working_days, next_working_day


def estimate(application: Application, *, today: dt.date | None = None) -> dt.date | None:
    if application.status in TERMINAL or application.status == Status.DRAFT:
        return None
    today = today or timezone.localdate()
    start = timezone.localdate(application.submitted_at) if application.submitted_at else today
    due = add_working_days(start, application.service_type.service_level_days)
    from apps.central.health import expected_delay_working_days  # local: central reads applications

    delay = expected_delay_working_days() if application.status in WAITING_ON_CENTRAL else 0
    return add_working_days(max(due, next_working_day(today)), delay)


def refresh(application: Application) -> None:
    """Recompute and store the due date and estimate (inside the caller's transaction)."""
    if application.submitted_at and application.due_date is None:
        application.due_date = add_working_days(
            timezone.localdate(application.submitted_at), application.service_type.service_level_days
        )
    application.estimated_completion_date = estimate(application)
    Application.objects.filter(pk=application.pk).update(
        due_date=application.due_date, estimated_completion_date=application.estimated_completion_date
    )
