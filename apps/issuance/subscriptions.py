"""What the issuance app does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications.events import StatusChanged
from apps.core.events import Subscription
from apps.issuance import routing

SUBSCRIPTIONS = [
    # A file verified: on to biometric recording (pemula) or to central.
    Subscription(StatusChanged, routing.route_verified),
]
