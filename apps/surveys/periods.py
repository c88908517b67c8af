"""Reporting periods: a semester (``2026-S1``) or a year (``2026``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date  # inclusive
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        if "-S" in self.key:
            year, half = self.key.split("-S")
            return _("Semester %(half)s %(year)s") % {"half": "I" if half == "1" else "II", "year": year}
        return _("Tahun %(year)s") % {"year": self.key}

    def months(self) -> list[dt.date]:
        out = []
        current = self.start
        while current <= self.end:
            out.append(current)
            current = dt.date(current.year + (current.month // 12), current.month % 12 + 1, 1)
        return out


_KEY = re.compile(r"^(\d{4})(?:-S([12]))?$")


def parse(key: str) -> Period:
    match = _KEY.match(key.strip())
    if not match:
        raise ValueError(key)
    year = int(match.group(1))
    if match.group(2) == "1":
        return Period(key, dt.date(year, 1, 1), dt.date(year, 6, 30))
    if match.group(2) == "2":
        return Period(key, dt.date(year, 7, 1), dt.date(year, 12, 31))
    return Period(key, dt.date(year, 1, 1), dt.date(year, 12, 31))


def semester_of(day: dt.date) -> Period:
    return parse(f"{day.year}-S{1 if day.month <= 6 else 2}")


def previous_semesters(period: Period, count: int) -> list[Period]:
    """``count`` semesters ending with the one that ends ``period``, oldest first."""
    current = semester_of(period.end)
    out = [current]
    while len(out) < count:
        year, half = current.key.split("-S")
        current = parse(f"{year}-S1") if half == "2" else parse(f"{int(year) - 1}-S2")
        out.append(current)
    return list(reversed(out))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
