"""Deterministic applications for dashboard tests (written directly: the dashboard only reads)."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from apps.applications.models import Application, ServiceType
from apps.locations.models import Location

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
_serial = itertools.count(1)


def location(slug: str = "kantor-utama") -> Location:
    loc, _created = Location.objects.get_or_create(
        slug=slug, defaults={"name": f"Kantor {slug}", "kind": Location.Kind.MAIN_OFFICE, "address": "Jl. Pemuda 1"}
    )
    return loc


def service(code: str = "ktp-hilang") -> ServiceType:
    """The seeded catalogue entry (recreated when a transactional test flushed the seed)."""
    found, _created = ServiceType.objects.get_or_create(
        code=code, defaults={"name": code.replace("-", " ").title(), "service_level_days": 3}
    )
    return found


def application(
    *,
    status: str = "submitted",
    submitted: dt.datetime | None = None,
    due: dt.date | None = None,
    channel: str = "online",
    code: str = "ktp-hilang",
    village: str = "33.10.25.1001",
    district: str = "33.10.25",
    loc: Location | None = None,
    **extra: Any,
) -> Application:
    n = next(_serial)
    extra.setdefault("full_name", f"WARGA {n}")
    submitted = submitted or dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
    return Application.objects.create(
        number=f"KTP-TEST-{n:06d}", service_type=service(code), channel=channel, status=status,
        nik=f"3310250101900{n:03d}", submitted_at=submitted, status_changed_at=submitted,
        due_date=due, district_id=district, village_id=village, location=loc, **extra,
    )


def second_visit_queries(client: Any, url: str) -> list[str]:
    """The SQL of a page's second visit (the first one fills the caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries]
