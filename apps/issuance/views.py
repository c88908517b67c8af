"""Public pages: today's blank stock and Suket verification (no personal data beyond initials)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.issuance import services
from apps.issuance.access import suket_by_code
from apps.issuance.models import StockSnapshot
from apps.locations.models import Location


def public_stock(request: HttpRequest) -> HttpResponse:
    locations = list(Location.objects.filter(is_active=True))
    balances = [(location, services.balance_of(location)) for location in locations]
    history = StockSnapshot.objects.select_related("location").order_by("-day", "location__order")[:70]
    return render(
        request,
        "issuance/public_stock.html",
        {
            "today": timezone.localdate(),
            "balances": balances,
            "total": sum(b for _l, b in balances),
            "history": history,
            "forecast": services.forecast(),
        },
    )


def suket_verify(request: HttpRequest, code: str) -> HttpResponse:
    try:
        suket = suket_by_code(code)
    except Http404:  # a forged or mistyped code: say plainly that no such Suket was issued
        return render(request, "issuance/suket_invalid.html", status=404)
    return render(
        request,
        "issuance/suket_verify.html",
        {
            "suket": suket,
            "status": services.suket_status(suket),
            "initials": services.initials(suket.application.full_name),
        },
    )
