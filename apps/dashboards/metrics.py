"""The figures of the section head's dashboard. Current state (pipeline, queue now, stock) is
read live through indexed queries; figures over a date range come from the maintained
aggregates (apps.dashboards.models). Every figure has a drill-down key (see drilldown.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import Application, Channel, ServiceType
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL, OPEN, Status
from apps.complaints.models import Complaint
from apps.complaints.workflow import OPEN as COMPLAINT_OPEN
from apps.core.calendar import add_working_days
from apps.dashboards.filters import Filters
from apps.dashboards.models import ApplicationDaily, ApplicationMonthly
from apps.issuance import services as issuance
from apps.issuance.models import BlankStock
from apps.issuance.services import cached_forecast
from apps.locations.models import Counter, Location
from apps.queueing.models import DailyQueueStats, Ticket, TicketStatus
from apps.regions.models import Region
from apps.surveys import ikm, periods
from apps.surveys.services import element_scores, responses

# Open files not yet done from the service-level point of view (the card is not printed yet).
NOT_DONE: frozenset[str] = frozenset(OPEN - DONE_FOR_SERVICE_LEVEL)
PIPELINE_ORDER = [s for s in Status.values if s in OPEN]
CENTRAL_STALE_DAYS = 3
STOCK_WARN_DAYS = 14


def scope(f: Filters) -> QuerySet[Application]:
    """Applications within the location, service and kecamatan filters (no dates)."""
    qs = Application.objects.all()
    if f.location_id:
        qs = qs.filter(location_id=f.location_id)
    if f.service_id:
        qs = qs.filter(service_type_id=f.service_id)
    if f.district:
        qs = qs.filter(district_id=f.district)
    return qs


def _dimensions(qs: QuerySet[Any], f: Filters) -> QuerySet[Any]:
    if f.location_id:
        qs = qs.filter(location_id=f.location_id)
    if f.service_id:
        qs = qs.filter(service_type_id=f.service_id)
    if f.district:
        qs = qs.filter(district_id=f.district)
    return qs


def daily_scope(f: Filters, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[ApplicationDaily]:
    return _dimensions(ApplicationDaily.objects.filter(day__gte=start or f.start, day__lte=end or f.end), f)


def monthly_scope(f: Filters, first: dt.date, last: dt.date) -> QuerySet[ApplicationMonthly]:
    """Months first..last (first days of months), within the filters' dimensions."""
    return _dimensions(ApplicationMonthly.objects.filter(month__gte=first, month__lte=last), f)


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _split(f: Filters) -> tuple[list[tuple[dt.date, dt.date]], tuple[dt.date, dt.date] | None]:
    """The range as whole months (read from the monthly table) and the partial months at its
    edges (read from the daily table)."""
    first_full = f.start if f.start.day == 1 else _month_after(f.start)
    after_end = f.end + dt.timedelta(days=1)
    last_full_after = after_end if after_end.day == 1 else after_end.replace(day=1)
    if first_full >= last_full_after:
        return [(f.start, f.end)], None
    edges = []
    if f.start < first_full:
        edges.append((f.start, first_full - dt.timedelta(days=1)))
    if last_full_after <= f.end:
        edges.append((last_full_after, f.end))
    last_month = (last_full_after - dt.timedelta(days=1)).replace(day=1)
    return edges, (first_full, last_month)


def pipeline(f: Filters) -> list[dict[str, Any]]:
    # Count("status"), not Count("id"): the status index alone answers it (an index-only scan).
    counts = dict(
        scope(f).filter(status__in=OPEN).values_list("status").annotate(n=Count("status")).values_list("status", "n")
    )
    return [{"status": s, "label": str(Status(s).label), "count": counts.get(s, 0)} for s in PIPELINE_ORDER]


def due_soon_until(today: dt.date) -> dt.date:
    return add_working_days(today, 2)


def service_level(f: Filters, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    late = Q(due_date__lt=today)
    # One pass over the (status, due_date) index: open files not yet printed, due up to 2 working days ahead.
    row = scope(f).filter(status__in=NOT_DONE, due_date__lte=due_soon_until(today)).aggregate(
        overdue=Count("due_date", filter=late),
        due_soon=Count("due_date", filter=~late),
        oldest=Min("due_date"),
    )
    oldest = row["oldest"]
    return {
        "overdue": row["overdue"],
        "due_soon": row["due_soon"],
        "oldest_overdue_days": (today - oldest).days if oldest and oldest < today else None,
    }


def central_backlog(f: Filters) -> dict[str, Any]:
    qs = scope(f).filter(status=Status.SENT_TO_CENTRAL)
    row = qs.aggregate(n=Count("id"), oldest=Min("status_changed_at"))
    days = None
    if row["oldest"]:
        days = (timezone.now() - row["oldest"]).days
    return {"count": row["n"], "oldest_days": days, "stale": days is not None and days >= CENTRAL_STALE_DAYS}


def period(f: Filters) -> dict[str, Any]:
    """Submissions in the date range, the online share and the service-level compliance."""
    sums = {
        "n_submitted": Sum("submitted"),
        "n_online": Sum("submitted", filter=Q(channel=Channel.ONLINE)),
        "n_completed": Sum("completed"),
        "n_in_time": Sum("completed_in_time"),
    }
    edges, months = _split(f)
    parts = [daily_scope(f, start, end).aggregate(**sums) for start, end in edges]
    if months:
        parts.append(monthly_scope(f, *months).aggregate(**sums))
    total = {key: sum(p[key] or 0 for p in parts) for key in sums}
    submitted, online = total["n_submitted"], total["n_online"]
    completed, in_time = total["n_completed"], total["n_in_time"]
    return {
        "submitted": submitted,
        "online": online,
        "walk_in": submitted - online,
        "online_share": round(100 * online / submitted, 1) if submitted else None,
        "completed": completed,
        "in_time_share": round(100 * in_time / completed, 1) if completed else None,
    }


def monthly_series(f: Filters) -> list[dict[str, Any]]:
    """Submissions per month and channel, over the filter range (at least the last 12 months)."""
    start = min(f.start, (f.end.replace(day=1) - dt.timedelta(days=335))).replace(day=1)
    rows = (
        monthly_scope(f, start, f.end.replace(day=1))
        .values("month", "channel")
        .annotate(n=Sum("submitted"))
        .order_by("month")
    )
    months: dict[dt.date, dict[str, int]] = {}
    for r in rows:
        month = r["month"]
        months.setdefault(month, {"online": 0, "walk_in": 0})[
            "online" if r["channel"] == Channel.ONLINE else "walk_in"
        ] += r["n"] or 0
    out = []
    for month, v in sorted(months.items()):
        total = v["online"] + v["walk_in"]
        out.append({"month": month, **v, "total": total,
                    "online_share": round(100 * v["online"] / total, 1) if total else None})
    return out


# --- queue today --------------------------------------------------------------------------------
def queue_today(f: Filters, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    active = Location.objects.filter(is_active=True)
    if f.location_id:
        active = active.filter(pk=f.location_id)
    locations = list(active)
    # Explicit ids, so the planner uses the ticket call-order index (location, date, ...).
    tickets = Ticket.objects.filter(date=today, location_id__in=[loc.pk for loc in locations])
    if f.service_id:
        tickets = tickets.filter(service_id=f.service_id)
    counts: dict[tuple[int, str], int] = {
        (loc, status): n
        for loc, status, n in tickets.values_list("location_id", "status").annotate(n=Count("id")).values_list(
            "location_id", "status", "n"
        )
    }
    waits: dict[int, list[float]] = {}
    for loc, queued, called in tickets.filter(called_at__isnull=False).values_list(
        "location_id", "queued_at", "called_at"
    ):
        if called is None:
            continue
        waits.setdefault(loc, []).append((called - queued).total_seconds())
    open_counters = dict(
        Counter.objects.filter(location_id__in=[loc.pk for loc in locations], is_active=True, is_open=True)
        .values_list("location_id").annotate(n=Count("id")).values_list("location_id", "n")
    )
    out = []
    for location in locations:
        w = waits.get(location.pk, [])
        out.append({
            "location": location,
            "waiting": counts.get((location.pk, TicketStatus.WAITING), 0),
            "in_service": counts.get((location.pk, TicketStatus.CALLED), 0)
            + counts.get((location.pk, TicketStatus.SERVING), 0),
            "served": counts.get((location.pk, TicketStatus.DONE), 0),
            "no_shows": counts.get((location.pk, TicketStatus.NO_SHOW), 0),
            "issued": sum(n for (loc, _s), n in counts.items() if loc == location.pk),
            "avg_wait_minutes": round(sum(w) / len(w) / 60) if w else None,
            "open_counters": open_counters.get(location.pk, 0),
        })
    return out


def served_series(f: Filters) -> list[dict[str, Any]]:
    """Tickets served and no-shows per day in the range (daily queue statistics)."""
    qs = DailyQueueStats.objects.filter(date__gte=f.start, date__lte=f.end)
    if f.location_id:
        qs = qs.filter(location_id=f.location_id)
    if f.service_id:
        qs = qs.filter(service_id=f.service_id)
    rows = qs.values("date").annotate(served=Sum("served"), no_shows=Sum("no_shows")).order_by("date")
    return [{"date": r["date"], "served": r["served"] or 0, "no_shows": r["no_shows"] or 0} for r in rows]


# --- blanks, complaints, IKM -----------------------------------------------------------------------
def blank_stock() -> dict[str, Any]:
    rows = list(BlankStock.objects.select_related("location").order_by("location__order"))
    # Demand from the forecast the scheduler keeps in the cache; the stock on hand is the live one above.
    forecast = cached_forecast(stock=sum(r.balance for r in rows))
    days = forecast.get("days_covered")
    return {
        "locations": [{"location": r.location, "balance": r.balance} for r in rows],
        "total": sum(r.balance for r in rows),
        "forecast": forecast,
        "low": bool(rows) and days is not None and days < STOCK_WARN_DAYS,
        "tracked": bool(rows),
    }


def refresh_cached_forecast() -> dict[str, Any]:
    """issuance's forecast reads residents turning 17 across the whole population: computed by
    the scheduler every 10 minutes and cached, not on each page view."""
    return issuance.refresh_cached_forecast()


def complaints(f: Filters, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    qs = Complaint.objects.all()
    if f.location_id:
        qs = qs.filter(location_id=f.location_id)
    if f.service_id:
        qs = qs.filter(service_type_id=f.service_id)
    is_open = Q(status__in=COMPLAINT_OPEN)
    return qs.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
        received=Count("id", filter=Q(received_on__gte=f.start, received_on__lte=f.end)),
    )


@dataclass
class IkmNow:
    label: str
    value: Decimal | None
    grade: str
    respondents: int


def ikm_now(f: Filters, today: dt.date | None = None) -> IkmNow:
    """The IKM of the current semester so far (surveys app's formula)."""
    period_ = periods.semester_of(today or timezone.localdate())
    service = ServiceType.objects.filter(pk=f.service_id).first() if f.service_id else None
    location = None
    if f.location_id:
        location = Location.objects.filter(pk=f.location_id).first()
    count, scores = element_scores(responses(period_, service, location))
    if not scores:
        return IkmNow(str(period_.label), None, "", count)
    value = ikm.ikm_value([s.nrr for s in scores])
    grade = ikm.grade(value)
    return IkmNow(str(period_.label), value, f"{grade.letter} ({grade.label})", count)


# --- what needs a decision today -------------------------------------------------------------------
def decisions(data: dict[str, Any], f: Filters) -> list[dict[str, Any]]:
    """The few figures that need the section head today (ux.md), most urgent first."""
    items: list[dict[str, Any]] = []
    sl = data["service_level"]
    if sl["overdue"]:
        items.append({"level": "red", "value": sl["overdue"], "metric": "overdue",
                      "text": _("berkas melewati standar waktu layanan (terlama %(days)s hari)")
                      % {"days": sl["oldest_overdue_days"]}})
    central = data["central"]
    if central["stale"]:
        items.append({"level": "amber", "value": central["count"], "metric": "central",
                      "text": _("berkas menunggu pusat; yang terlama sudah %(days)s hari")
                      % {"days": central["oldest_days"]}})
    blanks = data.get("blanks")
    if blanks and blanks["low"]:
        items.append({"level": "red", "value": blanks["total"], "metric": "",
                      "text": _("blangko tersisa, cukup untuk sekitar %(days)s hari")
                      % {"days": blanks["forecast"]["days_covered"]}})
    comp = data.get("complaints")
    if comp and comp["overdue"]:
        items.append({"level": "red", "value": comp["overdue"], "metric": "complaints-overdue",
                      "text": _("pengaduan melewati batas waktu")})
    for row in data.get("queue", []):
        if row["waiting"] and row["open_counters"] == 0:
            items.append({"level": "red", "value": row["waiting"], "metric": "tickets-waiting",
                          "text": _("orang menunggu di %(loc)s tanpa loket buka") % {"loc": row["location"].name}})
    if sl["due_soon"]:
        items.append({"level": "amber", "value": sl["due_soon"], "metric": "due_soon",
                      "text": _("berkas jatuh tempo dalam 2 hari kerja")})
    return items


def dashboard(f: Filters) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pipeline": pipeline(f),
        "service_level": service_level(f),
        "central": central_backlog(f),
        "period": period(f),
        "monthly": monthly_series(f),
        "queue": queue_today(f),
        "served": served_series(f),
        "blanks": blank_stock(),
        "complaints": complaints(f),
        "ikm": ikm_now(f),
    }
    data["decisions"] = decisions(data, f)
    return data


def per_district(f: Filters) -> list[dict[str, Any]]:
    """Submissions and the online share per kecamatan in the range (from the daily aggregate)."""
    names = dict(Region.objects.filter(parent_id=_regency()).values_list("code", "name"))
    rows = (
        daily_scope(f).values("district_id")
        .annotate(n=Sum("submitted"), online=Sum("submitted", filter=Q(channel=Channel.ONLINE)))
        .order_by("district_id")
    )
    out = []
    for r in rows:
        n, online = r["n"] or 0, r["online"] or 0
        out.append({"code": r["district_id"], "name": names.get(r["district_id"], r["district_id"] or "—"),
                    "submitted": n, "online": online,
                    "online_share": round(100 * online / n, 1) if n else None})
    return out


def _regency() -> str:
    from django.conf import settings

    return str(settings.SIPON_REGENCY_CODE)
