"""What the applications app does when events are published (see :mod:`apps.core.events`)."""

from __future__ import annotations

from apps.applications import notify
from apps.applications.events import StatusChanged
from apps.applications.services import cases
from apps.core.events import Subscription

SUBSCRIPTIONS = [
    # Every status change: tell the applicant (in-app, e-mail, SMS) in their language.
    Subscription(StatusChanged, notify.status_changed),
    # A life event's deed rejected or cancelled: its case's KK file is closed with it.
    Subscription(StatusChanged, cases.deed_closed),
]
