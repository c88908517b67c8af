"""Rebuild the maintained aggregates from the applications. A day or month is always rebuilt
whole (delete, then insert its GROUP BY), so a rebuild can be repeated safely."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from apps.applications.models import Application, Channel
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL
from apps.dashboards.models import ApplicationDaily, ApplicationMonthly, VillageMonthly

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
        # Inserted in day order, so one day's rows sit on few pages (range scans stay cheap).
        .order_by("d")
    )
    return _insert_select(
        ApplicationDaily,
        {"day": "d", "district_id": "district_id", "location_id": "location_id",
         "service_type_id": "service_type_id", "channel": "channel", "submitted": "n", "completed": "c",
         "completed_in_time": "t"},
        rows,
    )


def _insert_select(model: Any, columns: dict[str, str], rows: QuerySet[Any, Any]) -> int:
    """INSERT INTO model's table the rows of a GROUP BY queryset, inside the database (no rows
    travel to Python). ``columns`` maps the table's columns to the queryset's output names."""
    sql, params = rows.query.sql_with_params()
    q = connection.ops.quote_name
    target = ", ".join(q(c) for c in columns)
    source = ", ".join(f"sub.{q(name)}" for name in columns.values())
    with connection.cursor() as cursor:
        # Names come from our own model and queryset, never from input.
        cursor.execute(
            f"INSERT INTO {q(model._meta.db_table)} ({target}) SELECT {source} FROM ({sql}) sub",  # noqa: S608
            params,
        )
        return int(cursor.rowcount)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@transaction.atomic
def refresh_monthly(start: dt.date, end: dt.date) -> int:
    """Rebuild ApplicationMonthly for the months touching start..end, from ApplicationDaily
    (so refresh the daily rows first)."""
    first, after = _month_start(start), _next_month(end)
    ApplicationMonthly.objects.filter(month__gte=first, month__lt=after).delete()
    rows = (
        ApplicationDaily.objects.filter(day__gte=first, day__lt=after)
        .annotate(m=TruncMonth("day", output_field=DateField()))
        .values("m", "district_id", "location_id", "service_type_id", "channel")
        .annotate(n=Sum("submitted"), c=Sum("completed"), t=Sum("completed_in_time"))
        .order_by("m")
    )
    return _insert_select(
        ApplicationMonthly,
        {"month": "m", "district_id": "district_id", "location_id": "location_id",
         "service_type_id": "service_type_id", "channel": "channel", "submitted": "n", "completed": "c",
         "completed_in_time": "t"},
        rows,
    )


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
        .annotate(m=TruncMonth(TruncDate("submitted_at", tzinfo=TZ), output_field=DateField()))
        .values("m", "district_id", "village_id")
        .annotate(
            online=Count("id", filter=Q(channel=Channel.ONLINE)),
            walk_in=Count("id", filter=~Q(channel=Channel.ONLINE)),
        )
        .order_by("m")
    )
    return _insert_select(
        VillageMonthly,
        {"month": "m", "district_id": "district_id", "village_id": "village_id", "online": "online",
         "walk_in": "walk_in"},
        rows,
    )


def refresh_all() -> dict[str, int]:
    """Rebuild everything from the first submission to today."""
    first = Application.objects.exclude(submitted_at=None).order_by("submitted_at").values_list(
        "submitted_at", flat=True
    ).first()
    if first is None:
        return {"daily": 0, "months": 0, "monthly": 0}
    start, end = timezone.localtime(first).date(), timezone.localdate()
    daily = refresh_daily(start, end)
    return {"daily": daily, "months": refresh_monthly(start, end), "monthly": refresh_village_monthly(start, end)}


def refresh_recent(days: int = 60) -> dict[str, int]:
    """The scheduler's job. Daily rows count completions by submission day, and files finish
    weeks after they are submitted, so the last ``days`` days are rebuilt; the monthly village
    counts only depend on submissions, so the last few days' months suffice."""
    end = timezone.localdate()
    start = end - dt.timedelta(days=days)
    daily = refresh_daily(start, end)
    return {
        "daily": daily,
        "months": refresh_monthly(start, end),
        "monthly": refresh_village_monthly(end - dt.timedelta(days=3), end),
    }

