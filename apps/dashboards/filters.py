"""The dashboard's filters, read from the URL so a filtered view can be bookmarked and shared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.inputs import parse_id

MAX_RANGE_DAYS = 5 * 366 + 1


@dataclass
class Filters:
    start: dt.date
    end: dt.date
    location_id: int | None = None
    service_id: int | None = None
    district: str | None = None
    errors: list[str] = field(default_factory=list)

    def query(self, **extra: Any) -> str:
        """The filters as a query string (plus ``extra``), for links that keep them."""
        params: dict[str, Any] = {"dari": self.start.isoformat(), "sampai": self.end.isoformat()}
        if self.location_id:
            params["lokasi"] = self.location_id
        if self.service_id:
            params["layanan"] = self.service_id
        if self.district:
            params["kecamatan"] = self.district
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _date(value: str | None, default: dt.date, label: str, errors: list[str]) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        message = _("Tanggal %(label)s tidak valid (format TTTT-BB-HH): %(value)s")
        errors.append(message % {"label": label, "value": value})
        return default


def _int(value: str | None) -> int | None:
    return parse_id(value)


def parse(data: QueryDict) -> Filters:
    today = timezone.localdate()
    errors: list[str] = []
    end = _date(data.get("sampai"), today, _("sampai"), errors)
    start = _date(data.get("dari"), end - dt.timedelta(days=29), _("dari"), errors)
    if start > end:
        errors.append(_("Tanggal awal harus sebelum tanggal akhir; rentang 30 hari terakhir dipakai."))
        end, start = today, today - dt.timedelta(days=29)
    if (end - start).days > MAX_RANGE_DAYS:
        errors.append(_("Rentang paling panjang 5 tahun; tanggal awal disesuaikan."))
        start = end - dt.timedelta(days=MAX_RANGE_DAYS)
    district = data.get("kecamatan") or None
    if district and not district.startswith(settings.SIPON_REGENCY_CODE + "."):
        errors.append(_("Kecamatan tidak dikenal."))
        district = None
    return Filters(start, end, _int(data.get("lokasi")), _int(data.get("layanan")), district, errors)
