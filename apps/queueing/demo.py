"""A few walk-in tickets today at the main office (when it is open), so the display has something to show."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from apps.applications.models import PriorityGroup, ServiceType
from apps.locations.models import Counter, Location
from apps.queueing.models import Ticket
from apps.queueing.services import QueueError, issue_ticket


def load(stdout: Any) -> None:
    # The demo offices' counters serve the KTP services (counters the locations demo just made have none).
    services = list(ServiceType.objects.filter(category="ktp"))
    if services:
        for counter in Counter.objects.filter(
            location__slug__in=["kantor-utama", "kantor-sementara"], services__isnull=True
        ):
            counter.services.set(services)
    location = Location.objects.filter(slug="kantor-utama").first()
    service = ServiceType.objects.filter(code="ktp-baru").first()
    if location is None or service is None:
        return
    if Ticket.objects.filter(location=location, date=timezone.localdate()).exists():
        stdout.write("Demo tickets already issued today.")
        return
    groups = ["", "", PriorityGroup.ELDERLY, "", PriorityGroup.PREGNANT, ""]
    try:
        for group in groups:
            issue_ticket(location, service, priority_group=group)
    except QueueError as error:
        stdout.write(f"No demo tickets today: {error.message}")
        return
    stdout.write(f"Demo tickets ready: {len(groups)} waiting at {location.name}.")
