"""What the appointments app does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.appointments import closures
from apps.core.events import Subscription
from apps.locations.events import ClosureAdded

SUBSCRIPTIONS = [
    # A service point closed: move or cancel the bookings on those days, tell each resident.
    Subscription(ClosureAdded, closures.closure_added),
]
