"""Bookings hit by a closure: a subscriber of :class:`~apps.locations.events.ClosureAdded`
(``apps/appointments/subscriptions.py``), and the periodic sweep that catches a closure whose handler never ran
(a crash between the closure's commit and the handler)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.appointments.events import ClosureHandled
from apps.appointments.models import Booking, BookingStatus
from apps.appointments.services import handle_closure
from apps.core import audit, events
from apps.locations.events import ClosureAdded
from apps.locations.models import Closure


def closure_added(event: ClosureAdded) -> None:
    actor = get_user_model().objects.filter(pk=event.actor_id).first() if event.actor_id else None
    handle(event.closure_id, actor=actor)


def handle(closure_id: int, *, actor: object = None) -> dict[str, int]:
    """Move or cancel the bookings the closure hits (idempotent: a second run finds none left)."""
    with transaction.atomic():
        closure = Closure.objects.select_for_update().select_related("location").get(pk=closure_id)
        outcome = handle_closure(closure, actor=actor)
        if getattr(actor, "is_authenticated", False):
            audit.record("closure.bookings_handled", actor=actor, obj=closure, data=outcome)
        events.publish(ClosureHandled(closure_id=closure.pk, **outcome))
    return outcome


def sweep(today: dt.date | None = None) -> int:
    """Periodic: closures still ahead that have active bookings inside them are handled (again)."""
    today = today or timezone.localdate()
    handled = 0
    for closure in Closure.objects.filter(end_date__gte=today):
        hit = Booking.objects.filter(
            location_id=closure.location_id,
            status=BookingStatus.BOOKED,
            date__gte=max(closure.start_date, today),
            date__lte=closure.end_date,
        )
        if hit.exists():
            handle(closure.pk)
            handled += 1
    return handled
