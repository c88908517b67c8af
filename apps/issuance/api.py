"""Public API: today's blank-card stock."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from apps.issuance import services
from apps.locations.models import Location

router = Router(tags=["kartu"])


class LocationStock(Schema):
    location: str
    name: str
    balance: int


class StockOut(Schema):
    date: dt.date
    total: int
    locations: list[LocationStock]
    demand_30: int
    demand_90: int
    days_covered: int | None


@router.get("/stok", response={200: StockOut}, auth=None, summary="Stok blangko KTP-el hari ini")
def stock(request: HttpRequest) -> StockOut:
    rows = [
        LocationStock(location=loc.slug, name=loc.name, balance=services.balance_of(loc))
        for loc in Location.objects.filter(is_active=True)
    ]
    numbers = services.forecast()
    return StockOut(
        date=timezone.localdate(),
        total=sum(r.balance for r in rows),
        locations=rows,
        demand_30=numbers["demand_30"],
        demand_90=numbers["demand_90"],
        days_covered=numbers["days_covered"],
    )
