"""Estimated completion date of an application: the service level in working days
(Indonesian public holidays skipped), pushed back by the current backlog at the
verification desk and by the delays the stages report (central's outage, the print queue, the blanks).

The core does not import a stage: each stage registers a *delay source* at start-up (its
``AppConfig.ready``) with :func:`register_delay_source`, a function of the file that answers how many working
days that stage adds to it now. The estimate adds them up."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.applications.links import follow_url
from apps.applications.models import Application, StatusChange
from apps.applications.workflow import OPEN, TERMINAL, Status
from apps.core.calendar import add_working_days, next_working_day
from apps.notifications.services import in_language, notify

# States whose estimate moves when the central link is down.
WAITING_ON_CENTRAL = frozenset(
    {Status.SUBMITTED, Status.IN_VERIFICATION, Status.VERIFIED, Status.AWAITING_BIOMETRICS, Status.SENT_TO_CENTRAL}
)
# States still waiting for the verification desk (the backlog applies to them).
WAITING_ON_DESK = frozenset({Status.SUBMITTED, Status.IN_VERIFICATION})
# Files the desk is assumed to handle per working day before there is any history.
DEFAULT_DAILY_THROUGHPUT = 40
THROUGHPUT_WINDOW_DAYS = 5
MIN_DECISIONS_MEASURED = 25
BACKLOG_CACHE_KEY = "applications:backlog-days"
BACKLOG_CACHE_SECONDS = 60


T = TypeVar("T")
# Set inside :func:`one_reading`: each input read once for a whole run over many files.
_run_memo: ContextVar[dict[str, Any] | None] = ContextVar("estimates_run_memo", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within the block every input of the estimate (the desk backlog, each stage's inputs) is read once and
    reused: for recomputing many files in one go (a run costs the same queries for ten files or ten thousand)."""
    token = _run_memo.set({})
    try:
        yield
    finally:
        _run_memo.reset(token)


def remembered(key: str, read: Callable[[], T]) -> T:
    """``read()``, or inside :func:`one_reading` the value read the first time for ``key``."""
    memo = _run_memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return cast(T, memo[key])  # stored by this function for this key, from read() of type T


DelaySource = Callable[[Application], int]
_delay_sources: dict[str, DelaySource] = {}


def register_delay_source(name: str, source: DelaySource) -> None:
    """Called by a stage's ``AppConfig.ready``: ``source(application)`` is the working days it adds now."""
    _delay_sources[name] = source


def stage_delay(application: Application) -> int:
    return sum(source(application) for source in _delay_sources.values())


def desk_throughput_per_day(*, now: dt.datetime | None = None) -> float:
    """Files decided at the verification desk per calendar working day, over the last week."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=7)
    decided = StatusChange.objects.filter(
        from_status=Status.IN_VERIFICATION,
        to_status__in=(Status.VERIFIED, Status.NEEDS_CORRECTION, Status.REJECTED),
        created_at__gte=since,
    ).count()
    return decided / THROUGHPUT_WINDOW_DAYS


def backlog_days() -> int:
    """Working days the desk needs to clear the files now waiting (0 if one day is enough).
    Cached for a minute: every submission and status page asks."""
    return remembered(BACKLOG_CACHE_KEY, _backlog_days)


def _backlog_days() -> int:
    cached = cache.get(BACKLOG_CACHE_KEY)
    if cached is not None:
        return int(cached)
    waiting = Application.objects.filter(status__in=WAITING_ON_DESK).count()
    measured = desk_throughput_per_day()
    # A handful of decisions says little about the desk's pace (a new office, a demo, a holiday week):
    # below a minimum sample the default capacity is assumed.
    throughput = measured if measured * THROUGHPUT_WINDOW_DAYS >= MIN_DECISIONS_MEASURED else DEFAULT_DAILY_THROUGHPUT
    days = max(0, math.ceil(waiting / throughput) - 1)
    cache.set(BACKLOG_CACHE_KEY, days, BACKLOG_CACHE_SECONDS)
    return days


def estimate(application: Application, *, today: dt.date | None = None) -> dt.date | None:
    if application.status in TERMINAL or application.status == Status.DRAFT:
        return None
    today = today or timezone.localdate()
    start = timezone.localdate(application.submitted_at) if application.submitted_at else today
    due = add_working_days(start, application.service_type.service_level_days)
    delay = stage_delay(application)
    if application.status in WAITING_ON_DESK:
        delay += backlog_days()
    if application.status == Status.NEEDS_CORRECTION:
        # The clock waits for the resident: count the service level again from today.
        due = max(due, add_working_days(today, application.service_type.service_level_days))
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


def refresh_open() -> int:
    """Periodic: move the stored estimates of open files along with the backlog."""
    count = 0
    with one_reading():
        for application in Application.objects.filter(status__in=OPEN).select_related("service_type").iterator():
            before = application.estimated_completion_date
            refresh(application)
            count += before != application.estimated_completion_date
    return count


def mark_told(application_id: int, day: dt.date | None) -> None:
    """Remember that the applicant was told ``day`` (a status message or a receipt that named it)."""
    if day is not None:
        Application.objects.filter(pk=application_id).update(estimate_told=day)


def refresh_and_tell(applications: QuerySet[Application], *, reason: str) -> dict[str, int]:
    """Recompute the estimates of ``applications`` (each under its row lock) and tell each applicant whose
    date moved later than the date they were last told: once, because the told date is remembered
    (``Application.estimate_told``), so a second recalculation to the same date sends nothing. A date that
    moves earlier is not a message (the status page and the next status message show it)."""
    moved = told = 0
    with one_reading():
        for pk in list(applications.values_list("pk", flat=True)):
            moved_here, told_here = _refresh_one_and_tell(pk, reason=reason)
            moved += moved_here
            told += told_here
    return {"moved": moved, "told": told}


def _refresh_one_and_tell(pk: int, *, reason: str) -> tuple[bool, bool]:
    """One file, under its row lock: (its date moved, its applicant was told)."""
    with transaction.atomic():
        # of=self: the applicant is a nullable join (walk-in files), which PostgreSQL cannot lock
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("service_type", "applicant").get(pk=pk)
        )
        before = application.estimated_completion_date
        refresh(application)
        new = application.estimated_completion_date
        baseline = application.estimate_told or before
        told = False
        if new is not None and baseline is not None and new > baseline:
            told = _tell_new_date(application, new=new, old=baseline, reason=reason)
            mark_told(pk, new)
    return before != new, told


def _tell_new_date(application: Application, *, new: dt.date, old: dt.date, reason: str) -> bool:
    recipient = application.applicant
    phone = (application.form_data or {}).get("contact_phone", "")
    if recipient is None and not phone:
        return False
    url = follow_url(application)
    with in_language(recipient):
        notify(
            event="application.estimate_moved",
            recipient=recipient,
            phone=phone,
            subject=_("Perkiraan selesai permohonan %(number)s berubah") % {"number": application.number},
            body=_(
                "%(reason)s Perkiraan KTP-el Anda selesai kini %(new)s (sebelumnya %(old)s). Bila perlu, Anda dapat "
                "meminta Surat Keterangan (Suket) pengganti KTP-el di kantor. Layanan ini gratis."
            )
            % {"reason": reason, "new": date_format(new, "j F Y"), "old": date_format(old, "j F Y")},
            url=url,
        )
    return True
