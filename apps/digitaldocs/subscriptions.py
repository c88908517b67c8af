"""What the digitaldocs stage does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications.events import StatusChanged
from apps.core.events import Subscription
from apps.digitaldocs import services

SUBSCRIPTIONS = [
    # A digital-document file verified: sign and store its document, close the file as issued.
    Subscription(StatusChanged, services.route_verified),
]
