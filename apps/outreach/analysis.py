"""The online share of applications per kecamatan and desa over time (from the dashboards
app's monthly village aggregate), villages ranked for outreach, and each visit's effect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from apps.accounts.models import ResidentProfile
from apps.applications.models import Application
from apps.dashboards.models import VillageMonthly
from apps.regions.models import Region

MIN_APPLICATIONS = 10  # villages with fewer applications in the window are not ranked by share


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def last_months(count: int, today: dt.date | None = None) -> list[dt.date]:
    first = (today or timezone.localdate()).replace(day=1)
    return [add_months(first, -i) for i in range(count - 1, -1, -1)]


def share(online: int, total: int) -> float | None:
    return round(100 * online / total, 1) if total else None


def district_months(months: list[dt.date], district: str | None = None) -> list[dict[str, Any]]:
    """Per kecamatan: the online share of each month (a table with one row per kecamatan)."""
    qs = VillageMonthly.objects.filter(month__gte=months[0], month__lte=months[-1])
    if district:
        qs = qs.filter(district_id=district)
    cells: dict[str, dict[dt.date, tuple[int, int]]] = {}
    for code, month, online, walk_in in (
        qs.values("district_id", "month").annotate(o=Sum("online"), w=Sum("walk_in"))
        .values_list("district_id", "month", "o", "w")
    ):
        cells.setdefault(code, {})[month] = (online or 0, (online or 0) + (walk_in or 0))
    names = dict(Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).values_list("code", "name"))
    rows = []
    for code in sorted(cells, key=lambda c: names.get(c, c)):
        values = [cells[code].get(m, (0, 0)) for m in months]
        total_online = sum(v[0] for v in values)
        total = sum(v[1] for v in values)
        rows.append({"code": code, "name": names.get(code, code), "shares": [share(o, t) for o, t in values],
                     "online": total_online, "total": total, "share": share(total_online, total)})
    return rows


def village_series(village: str, months: list[dt.date]) -> list[dict[str, Any]]:
    rows = {r.month: r for r in VillageMonthly.objects.filter(village_id=village, month__gte=months[0],
                                                              month__lte=months[-1])}
    out = []
    for m in months:
        r = rows.get(m)
        online, total = (r.online, r.total) if r else (0, 0)
        out.append({"month": m, "online": online, "total": total, "share": share(online, total)})
    return out


def village_shares(start: dt.date, end: dt.date, district: str | None = None) -> list[dict[str, Any]]:
    """Every village with its applications and online share between the months start..end."""
    qs = VillageMonthly.objects.filter(month__gte=start, month__lte=end)
    if district:
        qs = qs.filter(district_id=district)
    rows = qs.values("village_id", "district_id").annotate(o=Sum("online"), w=Sum("walk_in"))
    names = dict(Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=settings.SIPON_REGENCY_CODE + ".")
                 .values_list("code", "name"))
    districts = dict(Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).values_list("code", "name"))
    out = []
    for r in rows:
        online, total = r["o"] or 0, (r["o"] or 0) + (r["w"] or 0)
        out.append({"code": r["village_id"], "name": names.get(r["village_id"], r["village_id"]),
                    "district": r["district_id"], "district_name": districts.get(r["district_id"], ""),
                    "online": online, "total": total, "share": share(online, total)})
    return out


def lowest_share(months: int = 6, limit: int = 20, district: str | None = None) -> list[dict[str, Any]]:
    window = last_months(months)
    rows = [r for r in village_shares(window[0], window[-1], district) if r["total"] >= MIN_APPLICATIONS]
    rows.sort(key=lambda r: (r["share"], -r["total"]))
    return rows[:limit]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def seventeen_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates of the people who turn 17 after today and up to a year from today:
    born after today-17y and on or before today-16y."""
    return _years_before(today, 17) + dt.timedelta(days=1), _years_before(today, 16)


def turning_17(today: dt.date | None = None) -> dict[str, int]:
    """Per village: residents turning 17 in the next 12 months (first e-KTP demand), from
    resident profiles and from applications (each NIK once). Cached for the day."""
    today = today or timezone.localdate()
    key = f"outreach:turning17:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    born_from, born_to = seventeen_window(today)
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for nik, village in ResidentProfile.objects.filter(birth_date__range=(born_from, born_to)).values_list(
        "nik", "village_id"
    ):
        seen.add(nik)
        counts[village] = counts.get(village, 0) + 1
    for nik, village in (
        Application.objects.filter(birth_date__range=(born_from, born_to), village_id__isnull=False)
        .values_list("nik", "village_id").distinct()
    ):
        if nik in seen:
            continue
        seen.add(nik)
        counts[village] = counts.get(village, 0) + 1
    cache.set(key, counts, 60 * 60 * 6)
    return counts


def highest_demand(limit: int = 20, district: str | None = None) -> list[dict[str, Any]]:
    counts = turning_17()
    names = {c: (n, p) for c, n, p in Region.objects.filter(code__in=list(counts)).values_list(
        "code", "name", "parent_id")}
    districts = dict(Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).values_list("code", "name"))
    window = last_months(6)
    shares = {r["code"]: r for r in village_shares(window[0], window[-1], district)}
    rows: list[dict[str, Any]] = []
    for code, n in counts.items():
        name, parent = names.get(code, (code, ""))
        if district and parent != district:
            continue
        rows.append({"code": code, "name": name, "district": parent, "district_name": districts.get(parent, ""),
                     "turning_17": n, "share": shares.get(code, {}).get("share")})
    rows.sort(key=lambda r: (-int(r["turning_17"]), str(r["name"])))
    return rows[:limit]


@dataclass
class Effect:
    before_online: int
    before_total: int
    after_online: int
    after_total: int
    complete: bool  # the three months after the visit are over

    @property
    def before(self) -> float | None:
        return share(self.before_online, self.before_total)

    @property
    def after(self) -> float | None:
        return share(self.after_online, self.after_total)

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


def visit_effect(village: str, date: dt.date, today: dt.date | None = None) -> Effect:
    """The village's online share in the 3 full months before the visit's month and the 3
    months after it."""
    month = date.replace(day=1)
    before = VillageMonthly.objects.filter(village_id=village, month__gte=add_months(month, -3),
                                           month__lte=add_months(month, -1)).aggregate(o=Sum("online"),
                                                                                       w=Sum("walk_in"))
    after = VillageMonthly.objects.filter(village_id=village, month__gte=add_months(month, 1),
                                          month__lte=add_months(month, 3)).aggregate(o=Sum("online"),
                                                                                     w=Sum("walk_in"))
    bo, bw, ao, aw = (before["o"] or 0, before["w"] or 0, after["o"] or 0, after["w"] or 0)
    today = today or timezone.localdate()
    return Effect(bo, bo + bw, ao, ao + aw, complete=add_months(month, 4) <= today)

