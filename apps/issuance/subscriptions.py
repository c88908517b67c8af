"""What the issuance app does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications.events import StatusChanged
from apps.core.events import Subscription
from apps.issuance import estimates, routing
from apps.issuance.events import StockChanged

SUBSCRIPTIONS = [
    # A file verified: on to biometric recording (pemula) or to central.
    Subscription(StatusChanged, routing.route_verified),
    # Blanks moved: the dates of the files waiting where the print inputs changed move, each applicant told once.
    Subscription(StockChanged, estimates.stock_changed),
]
