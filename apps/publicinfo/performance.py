"""The public performance figures (/kinerja/): IKM per semester, on-time completion per service and month,
complaints received and answered on time, blank stock. Read from the maintained aggregates
(apps.dashboards, decision record 0003), the survey answers and the stock snapshots, then cached: the
page is public and the figures change once a day.

The cached value holds only numbers, codes and keys (no translated words), so one entry serves every
language; labels are added when the page is drawn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.applications.models import ServiceType
from apps.complaints.models import Complaint
from apps.dashboards.models import ApplicationMonthly
from apps.issuance.models import StockSnapshot
from apps.surveys import ikm, periods
from apps.surveys.elements import ELEMENTS
from apps.surveys.services import element_scores, responses

CACHE_KEY = "publicinfo:performance:v1"
CACHE_SECONDS = 30 * 60
MONTHS = 12
SEMESTERS = 4


def _first_month(today: dt.date, months: int) -> dt.date:
    year, month = today.year, today.month - (months - 1)
    while month <= 0:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


def _month_keys(first: dt.date, today: dt.date) -> list[str]:
    keys, current = [], first
    while current <= today:
        keys.append(current.strftime("%Y-%m"))
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return keys


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _ikm(today: dt.date) -> list[dict[str, Any]]:
    out = []
    for period in periods.previous_semesters(periods.semester_of(today), SEMESTERS):
        count, scores = element_scores(responses(period))
        value = ikm.ikm_value([s.nrr for s in scores]) if scores else None
        out.append({
            "period": period.key,
            "respondents": count,
            "ikm": float(value) if value is not None else None,
            "grade": ikm.grade(value).letter if value is not None else None,
            "elements": [float(s.converted) for s in scores],
        })
    return out


def _on_time(first: dt.date, months: list[str]) -> list[dict[str, Any]]:
    rows = (
        ApplicationMonthly.objects.filter(month__gte=first)
        .values("service_type_id", "month")
        .annotate(done=Sum("completed"), in_time=Sum("completed_in_time"), submitted=Sum("submitted"))
    )
    by_service: dict[int, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_service.setdefault(row["service_type_id"], {})[row["month"].strftime("%Y-%m")] = {
            "submitted": int(row["submitted"] or 0),
            "done": int(row["done"] or 0),
            "in_time": int(row["in_time"] or 0),
        }
    out = []
    for service in ServiceType.objects.filter(is_active=True).only("id", "code", "name"):
        cells = by_service.get(service.pk, {})
        series = []
        for key in months:
            cell = cells.get(key, {"submitted": 0, "done": 0, "in_time": 0})
            series.append({"month": key, **cell, "rate": _rate(cell["in_time"], cell["done"])})
        out.append({"code": service.code, "name": service.name, "months": series})
    return out


def _complaints(first: dt.date, months: list[str]) -> list[dict[str, Any]]:
    answered = Q(answered_at__isnull=False)
    rows = (
        Complaint.objects.filter(received_on__gte=first)
        .annotate(m=TruncMonth("received_on", output_field=DateField()))
        .values("m")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=answered),
            on_time=Count("id", filter=answered & Q(answered_at__date__lte=F("due_date"))),
        )
    )
    found: dict[str, dict[str, Any]] = {row["m"].strftime("%Y-%m"): dict(row) for row in rows}
    out = []
    for key in months:
        row: dict[str, Any] = found.get(key, {})
        received, done, on_time = (int(row.get(k) or 0) for k in ("received", "answered", "on_time"))
        out.append({"month": key, "received": received, "answered": done, "answered_on_time": on_time,
                    "rate": _rate(on_time, received)})
    return out


def _stock(first: dt.date, months: list[str]) -> list[dict[str, Any]]:
    """The office-wide balance on the last snapshot day of each month."""
    totals = dict(
        StockSnapshot.objects.filter(day__gte=first).values("day").annotate(total=Sum("balance"))
        .values_list("day", "total")
    )
    last: dict[str, tuple[dt.date, int]] = {}
    for day, total in totals.items():
        key = day.strftime("%Y-%m")
        if key not in last or day > last[key][0]:
            last[key] = (day, int(total or 0))
    return [{"month": key, "day": last[key][0].isoformat() if key in last else None,
             "balance": last[key][1] if key in last else None} for key in months]


def compute(today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    first = _first_month(today, MONTHS)
    months = _month_keys(first, today)
    return {
        "generated": timezone.now().isoformat(timespec="seconds"),
        "months": months,
        "ikm": _ikm(today),
        "elements": [e.number for e in ELEMENTS],
        "on_time": _on_time(first, months),
        "complaints": _complaints(first, months),
        "blank_stock": _stock(first, months),
    }


def figures() -> dict[str, Any]:
    """The figures, from the cache when fresh."""
    data: dict[str, Any] | None = cache.get(CACHE_KEY)
    if data is None:
        data = compute()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def csv_rows(data: dict[str, Any]) -> list[list[Any]]:
    """Open data in long form: one measurement a row."""
    rows: list[list[Any]] = [["dataset", "period", "service", "measure", "value"]]
    for item in data["ikm"]:
        rows.append(["ikm", item["period"], "", "respondents", item["respondents"]])
        rows.append(["ikm", item["period"], "", "ikm", item["ikm"] if item["ikm"] is not None else ""])
        rows.append(["ikm", item["period"], "", "grade", item["grade"] or ""])
        for number, value in zip(data["elements"], item["elements"], strict=False):
            rows.append(["ikm", item["period"], "", f"u{number}", value])
    for service in data["on_time"]:
        for cell in service["months"]:
            for measure in ("submitted", "done", "in_time", "rate"):
                value = cell[measure]
                rows.append(["on_time", cell["month"], service["code"], measure, "" if value is None else value])
    for cell in data["complaints"]:
        for measure in ("received", "answered", "answered_on_time", "rate"):
            value = cell[measure]
            rows.append(["complaints", cell["month"], "", measure, "" if value is None else value])
    for cell in data["blank_stock"]:
        rows.append(["blank_stock", cell["month"], "", "balance", "" if cell["balance"] is None else cell["balance"]])
    return rows
