"""Objects a resident may see: their own bookings only (someone else's is not found)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.appointments.models import Booking


def own_booking(user: Any, code: str) -> Booking:
    booking = (
        Booking.objects.select_related("slot", "location", "service")
        .filter(code=(code or "").upper(), user_id=user.pk)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def own_bookings(user: Any) -> QuerySet[Booking]:
    """The resident's own bookings, latest visit date first (the model's order)."""
    return Booking.objects.select_related("slot", "location", "service").filter(user_id=user.pk)
