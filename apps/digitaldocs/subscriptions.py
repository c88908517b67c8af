"""What the digitaldocs stage does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications.events import StatusChanged
from apps.central.events import CivilUpdateRefused, CivilUpdateRegistered
from apps.core.events import Subscription
from apps.digitaldocs import routing

SUBSCRIPTIONS = [
    # A digital-document file verified: send its civil-registry update to central (SENT_TO_CENTRAL).
    Subscription(StatusChanged, routing.route_verified),
    # Central registered it: sign and store the document, close the file as issued.
    Subscription(CivilUpdateRegistered, routing.central_registered),
    # Central refused it for good: back to the desk's queue with central's reason.
    Subscription(CivilUpdateRefused, routing.central_refused),
]
