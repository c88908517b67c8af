"""What the announcements app does when events are published (see :mod:`apps.core.events`):
the notices Sipon raises by itself (``apps/announcements/system.py``)."""

from __future__ import annotations

from apps.announcements import system
from apps.appointments.events import ClosureHandled
from apps.central.events import OutageDeclared, OutageEnded
from apps.core.events import Subscription
from apps.issuance.events import StockChanged

SUBSCRIPTIONS = [
    # The central link declared down / back: the public "gangguan jaringan" notice.
    Subscription(OutageDeclared, system.central_outage_declared),
    Subscription(OutageEnded, system.central_outage_ended),
    # Blanks moved: raise or close the "stok menipis" / "blangko habis" notices.
    Subscription(StockChanged, system.stock_changed),
    # A closure's bookings handled: the public closure notice, with the numbers moved and cancelled.
    Subscription(ClosureHandled, system.closure_handled),
]
