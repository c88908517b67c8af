"""Objects a resident may see: their own bookings only (someone else's is not found)."""

from __future__ import annotations

from typing import Any

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
