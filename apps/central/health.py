"""Health of the link to the central system: success and failure tracking, outage declaration
(a public notice and a staff banner), and the delay estimated dates must allow for."""

from __future__ import annotations

import datetime as dt
import logging
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.applications import estimates
from apps.applications.models import Application
from apps.central.events import OutageDeclared, OutageEnded
from apps.central.models import LinkHealth, OutboxMessage
from apps.core import events
from apps.core.calendar import working_days_between

log = logging.getLogger("sipon.central")
NOTICE_KEY = "central_down"
# Set while refresh_estimates runs: the central delay it read once, so each estimate does not read it again.
_pinned_delay: ContextVar[int | None] = ContextVar("central_pinned_delay", default=None)


def outage_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "CENTRAL_OUTAGE_AFTER_SECONDS", 600)))


def _row() -> Any:
    return LinkHealth.get()


def record_success() -> None:
    """The link works: clear the failure streak, and end a declared outage."""
    row = _row()
    now = timezone.now()
    if (
        row.consecutive_failures
        or row.failing_since
        or row.last_success_at is None
        or (now - row.last_success_at > dt.timedelta(seconds=1))
    ):
        LinkHealth.objects.filter(pk=1).update(
            last_success_at=now, failing_since=None, consecutive_failures=0, last_error=""
        )
    if row.consecutive_failures:
        # The link is back: messages waiting out their backoff go now, not minutes later.
        OutboxMessage.objects.filter(status=OutboxMessage.State.PENDING, next_attempt_at__gt=now).update(
            next_attempt_at=now
        )
    if row.outage_since is not None:
        with transaction.atomic():  # short: the link row is locked only while the flag and notice change
            ended = bool(LinkHealth.objects.filter(pk=1, outage_since__isnull=False).update(outage_since=None))
            if ended:
                _end_outage()
        if ended:
            refresh_estimates()


def record_failure(error: str, *, count: int = 1, attempted_at: dt.datetime | None = None) -> bool:
    """Count ``count`` failed calls to central (one statement on the link row). A failure of a call
    started (``attempted_at``) before the link's last recorded success is old news - the link has
    worked since - and is not counted, so answers that arrive late cannot declare an outage after
    the link came back. Returns True if counted."""
    _row()
    now = timezone.now()
    rows = LinkHealth.objects.filter(pk=1)
    if attempted_at is not None:
        rows = rows.filter(Q(last_success_at__isnull=True) | Q(last_success_at__lt=attempted_at))
    counted = rows.update(
        consecutive_failures=F("consecutive_failures") + count,
        failing_since=Coalesce(F("failing_since"), Value(now)),
        last_failure_at=now,
        last_error=error[:300],
    )
    if counted:
        check_outage()
    return bool(counted)


def check_outage(now: dt.datetime | None = None) -> bool:
    """Declare an outage once failures have lasted ``CENTRAL_OUTAGE_AFTER_SECONDS``. Returns True if one is on."""
    now = now or timezone.now()
    row = _row()
    if row.outage_since is not None:
        return True
    if row.failing_since is None or now - row.failing_since < outage_after():
        return False
    with transaction.atomic():  # short: the link row is locked only while the flag and notice change
        declared = bool(
            LinkHealth.objects.filter(pk=1, outage_since__isnull=True, failing_since__isnull=False).update(
                outage_since=row.failing_since
            )
        )
        if declared:
            _declare_outage()
    if declared:
        refresh_estimates()
    return True


def _declare_outage() -> None:
    log.warning("central outage declared")
    events.publish(OutageDeclared())  # announcements raises the public notice


def _end_outage() -> None:
    log.warning("central outage ended")
    events.publish(OutageEnded())


def refresh_estimates() -> int:
    """Recompute the estimated date of every application still waiting on central.

    Runs after an outage is declared or ended, outside the transaction that changed the link row
    (so senders never wait on that row while thousands of dates are recomputed), in chunks. The
    central delay is read once for the whole run, not once per application. A crash half-way
    leaves some dates stale until the hourly estimate refresh (``applications.refresh_estimates``)."""
    count = 0
    last_pk = 0
    token = _pinned_delay.set(expected_delay_working_days())
    try:
        with estimates.one_reading():  # the desk backlog and the stages' inputs: read once too
            while True:
                with transaction.atomic():
                    chunk = list(
                        Application.objects.filter(status__in=estimates.WAITING_ON_CENTRAL, pk__gt=last_pk)
                        .select_related("service_type")
                        # what estimates.estimate() reads (another field would still load, one query per row)
                        .only(
                            "status",
                            "submitted_at",
                            "estimated_completion_date",
                            "location",
                            "service_type__service_level_days",
                            "service_type__category",
                        )
                        .order_by("pk")[:500]
                    )
                    moved: dict[dt.date | None, list[int]] = {}
                    for application in chunk:
                        new = estimates.estimate(application)
                        if new != application.estimated_completion_date:
                            moved.setdefault(new, []).append(application.pk)
                    for new, pks in moved.items():  # one UPDATE per distinct date, not one CASE per row
                        Application.objects.filter(pk__in=pks).update(estimated_completion_date=new)
                if not chunk:
                    return count
                count += len(chunk)
                last_pk = chunk[-1].pk
    finally:
        _pinned_delay.reset(token)


def outage_since() -> dt.datetime | None:
    return LinkHealth.objects.filter(pk=1).values_list("outage_since", flat=True).first()


def expected_delay_working_days() -> int:
    """Extra working days estimated dates must allow for while the central link is down:
    one day for catching up, plus every working day the outage has already lasted."""
    pinned = _pinned_delay.get()
    if pinned is not None:
        return pinned
    since = outage_since()
    if since is None:
        return 0
    return 1 + working_days_between(timezone.localdate(since), timezone.localdate())


def delay_for(application: Any) -> int:
    """Delay source for the estimate (registered in ``CentralConfig.ready``): files still to reach central
    wait as long as the link is down."""
    return expected_delay_working_days() if application.status in estimates.WAITING_ON_CENTRAL else 0


def status() -> dict[str, Any]:
    """What the staff banner and the status page show."""
    row = _row()
    return {
        "outage_since": row.outage_since,
        "failing_since": row.failing_since,
        "last_success_at": row.last_success_at,
        "consecutive_failures": row.consecutive_failures,
        "last_error": row.last_error,
        "waiting": OutboxMessage.objects.filter(status=OutboxMessage.State.PENDING).count(),
        "dead": OutboxMessage.objects.filter(status=OutboxMessage.State.DEAD).count(),
    }
