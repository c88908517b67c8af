"""Stock publication, the demand forecast and the stock alert for the staff banner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.models import ResidentProfile
from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.issuance.models import (
    BlankStock,
    StockSnapshot,
)
from apps.issuance.services.ledger import balance_of
from apps.issuance.services.suket import _add_months
from apps.locations.models import Location


# --- stock publication, forecast, alerts ---------------------------------------------------------
def publish_daily_stock(day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    count = 0
    for location in Location.objects.filter(is_active=True):
        StockSnapshot.objects.update_or_create(location=location, day=day, defaults={"balance": balance_of(location)})
        count += 1
    return count


def forecast(today: dt.date | None = None) -> dict[str, Any]:
    """Demand for blanks in the next 30 and 90 days: print-ready records waiting now, residents
    turning 17 in the window (from resident profiles and applications, each NIK once), and the
    past 90 days' rate of replacement cards (lost, damaged, changed data)."""
    today = today or timezone.localdate()
    waiting = Application.objects.filter(status=Status.PRINT_READY).count()
    since = timezone.now() - dt.timedelta(days=90)
    replacements_90 = Application.objects.filter(
        submitted_at__gte=since, service_type__requires_biometrics=False, service_type__category="ktp"
    ).count()
    daily_replacement = replacements_90 / 90
    result: dict[str, Any] = {"waiting": waiting, "daily_replacement": round(daily_replacement, 2)}
    for days in (30, 90):
        born_from = _add_months(today, -17 * 12) + dt.timedelta(days=1)
        born_to = _add_months(today + dt.timedelta(days=days), -17 * 12)
        niks = set(ResidentProfile.objects.filter(birth_date__range=(born_from, born_to)).values_list("nik", flat=True))
        niks |= set(Application.objects.filter(birth_date__range=(born_from, born_to)).values_list("nik", flat=True))
        turning = len(niks)
        result[f"turning17_{days}"] = turning
        result[f"demand_{days}"] = waiting + turning + round(daily_replacement * days)
    return _with_stock(result, sum(BlankStock.objects.values_list("balance", flat=True)))


def _with_stock(numbers: dict[str, Any], stock: int) -> dict[str, Any]:
    """The forecast's demand beside ``stock``: how many days the blanks on hand cover at the 90-day rate."""
    daily = numbers["demand_90"] / 90
    return {**numbers, "stock": stock, "days_covered": None if daily == 0 else int(stock / daily)}


FORECAST_CACHE_KEY = "issuance:blank-forecast"
FORECAST_CACHE_SECONDS = 30 * 60


def refresh_cached_forecast() -> dict[str, Any]:
    """Compute :func:`forecast` and keep it for the pages that show it on every request (the
    dashboards' scheduler job calls this every 10 minutes)."""
    value = forecast()
    cache.set(FORECAST_CACHE_KEY, value, FORECAST_CACHE_SECONDS)
    return value


def cached_forecast(stock: int | None = None) -> dict[str, Any]:
    """:func:`forecast` for the staff banner and the dashboard. The demand side scans residents turning 17
    across the population, so it comes from the cache (refreshed every 10 minutes; computed here when cold);
    the stock on hand is always current (``stock``, or read now), so a change of stock shows at once."""
    numbers = cache.get(FORECAST_CACHE_KEY)
    if numbers is None:
        numbers = refresh_cached_forecast()
    if stock is None:
        stock = sum(BlankStock.objects.values_list("balance", flat=True))
    return _with_stock(numbers, stock)


def stock_alert() -> dict[str, Any] | None:
    """For the staff banner: the low-stock situation, or None. Demand from the cached forecast, stock now."""
    balances = list(BlankStock.objects.values_list("balance", flat=True))
    numbers = cached_forecast(stock=sum(balances))
    days = numbers["days_covered"]
    if numbers["stock"] == 0 and balances:
        return {"exhausted": True, **numbers}
    if days is not None and days < settings.ISSUANCE_STOCK_ALERT_DAYS:
        return {"exhausted": False, **numbers}
    return None
