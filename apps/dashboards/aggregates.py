"""Rebuild the maintained aggregates from the applications. A day or month is always rebuilt
whole (delete, then insert its GROUP BY), so a rebuild can be repeated safely."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from apps.applications.models import Application, Channel
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL
from apps.dashboards.models import ApplicationDaily, VillageMonthly

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in local time, as aware datetimes."""
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=TZ),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TZ),
    )


@transaction.atomic
def refresh_daily(start: dt.date, end: dt.date) -> int:
    """Rebuild ApplicationDaily for the days start..end (inclusive)."""
    low, high = _bounds(start, end)
    ApplicationDaily.objects.filter(day__gte=start, day__lte=end).delete()
    done = Q(status__in=DONE_FOR_SERVICE_LEVEL)
    rows = (
        Application.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
        .annotate(d=TruncDate("submitted_at", tzinfo=TZ))
        .values("d", "district_id", "location_id", "service_type_id", "channel")
        .annotate(
            n=Count("id"),
            c=Count("id", filter=done),
            t=Count("id", filter=done & Q(completed_at__date__lte=F("due_date"))),
        )
        .order_by()
    )
    objs = [
        ApplicationDaily(
            day=r["d"], district_id=r["district_id"], location_id=r["location_id"],
            service_type_id=r["service_type_id"], channel=r["channel"],
            submitted=r["n"], completed=r["c"], completed_in_time=r["t"],
        )
        for r in rows.iterator(chunk_size=5000)
    ]
    ApplicationDaily.objects.bulk_create(objs, batch_size=5000)
    return len(objs)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def refresh_village_monthly(start: dt.date, end: dt.date) -> int:
    """Rebuild VillageMonthly for the months touching start..end."""
    first = _month_start(start)
    last_month = _month_start(end)
    after = (last_month + dt.timedelta(days=32)).replace(day=1)
    low = dt.datetime.combine(first, dt.time.min, tzinfo=TZ)
    high = dt.datetime.combine(after, dt.time.min, tzinfo=TZ)
    VillageMonthly.objects.filter(month__gte=first, month__lt=after).delete()
    rows = (
        Application.objects.filter(submitted_at__gte=low, submitted_at__lt=high, village_id__isnull=False)
        .annotate(m=TruncMonth("submitted_at", tzinfo=TZ))
        .values("m", "district_id", "village_id")
        .annotate(
            online=Count("id", filter=Q(channel=Channel.ONLINE)),
            walk_in=Count("id", filter=~Q(channel=Channel.ONLINE)),
        )
        .order_by()
    )
    objs = []
    for r in rows.iterator(chunk_size=5000):
        month = r["m"].date() if isinstance(r["m"], dt.datetime) else r["m"]
        objs.append(
            VillageMonthly(month=month, district_id=r["district_id"], village_id=r["village_id"],
                           online=r["online"], walk_in=r["walk_in"])
        )
    VillageMonthly.objects.bulk_create(objs, batch_size=5000)
    return len(objs)


def refresh_all() -> dict[str, int]:
    """Rebuild everything from the first submission to today."""
    first = Application.objects.exclude(submitted_at=None).order_by("submitted_at").values_list(
        "submitted_at", flat=True
    ).first()
    if first is None:
        return {"daily": 0, "monthly": 0}
    start, end = timezone.localtime(first).date(), timezone.localdate()
    return {"daily": refresh_daily(start, end), "monthly": refresh_village_monthly(start, end)}


def refresh_recent(days: int = 60) -> dict[str, int]:
    """The scheduler's job. Daily rows count completions by submission day, and files finish
    weeks after they are submitted, so the last ``days`` days are rebuilt; the monthly village
    counts only depend on submissions, so the last few days' months suffice."""
    end = timezone.localdate()
    return {
        "daily": refresh_daily(end - dt.timedelta(days=days), end),
        "monthly": refresh_village_monthly(end - dt.timedelta(days=3), end),
    }

