"""Working days in Indonesia: weekends, national holidays and joint leave (cuti bersama).

Service levels, complaint deadlines and estimated dates are counted in working
days. National holidays come from the ``holidays`` package (every year), and
the official joint-leave days from ``lokal-id`` for the years it publishes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import lokal


@lru_cache(maxsize=64)
def holidays_in(year: int) -> frozenset[dt.date]:
    days = set(holidays.country_holidays("ID", years=year).keys())
    if year in lokal.HOLIDAY_YEARS:
        days.update(
            dt.date.fromisoformat(h.date) if isinstance(h.date, str) else h.date
            for h in lokal.get_holidays(year).holidays
        )
    return frozenset(days)


def holiday_name(day: dt.date) -> str | None:
    name = holidays.country_holidays("ID", years=day.year).get(day)
    if name:
        return str(name)
    if day in holidays_in(day.year):
        return "Cuti bersama"
    return None


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays_in(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    current = start
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    current = day
    while not is_working_day(current):
        current += dt.timedelta(days=1)
    return current
