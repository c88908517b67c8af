"""Demo outreach visits in Klaten villages (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.outreach.models import OutreachVisit, VisitKind, VisitStatus
from apps.regions.models import Region


def load(stdout: Any) -> None:
    today = timezone.localdate()
    plans = [
        ("33.10.25", VisitKind.SOSIALISASI, today - dt.timedelta(days=45), "Balai Desa", VisitStatus.DONE, 85, 0),
        ("33.10.14", VisitKind.MOBILE_ELDERLY, today - dt.timedelta(days=20), "Posyandu lansia", VisitStatus.DONE,
         40, 23),
        ("33.10.01", VisitKind.MOBILE_SCHOOL, today + dt.timedelta(days=10), "SMA Negeri", VisitStatus.PLANNED,
         None, None),
    ]
    for district_code, kind, date, place, status, reached, recorded in plans:
        village = Region.objects.filter(parent_id=district_code, level=Region.Level.VILLAGE).order_by("code").first()
        if village is None:
            continue
        OutreachVisit.objects.get_or_create(
            village=village, date=date, kind=kind,
            defaults={"district_id": district_code, "place": f"{place} {village.name}", "status": status,
                      "people_reached": reached, "recordings_done": recorded},
        )
    stdout.write("Demo outreach visits ready.")
