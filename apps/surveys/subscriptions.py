"""What the surveys app does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications.events import StatusChanged
from apps.core.events import Subscription
from apps.surveys import services

SUBSCRIPTIONS = [
    # A card collected: offer the applicant the IKM survey.
    Subscription(StatusChanged, services.offer_after_collection),
]
