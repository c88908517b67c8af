"""``manage.py events``: every event and who subscribes to it (the apps' ``subscriptions.py``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.core.events import all_subscriptions


class Command(BaseCommand):
    help = "List the events the apps publish after commit and the handlers subscribed to each."

    def handle(self, *args: Any, **options: Any) -> None:
        by_event: dict[str, list[str]] = {}
        for subscription in all_subscriptions():
            name = f"{subscription.event.__module__}.{subscription.event.__qualname__}"
            by_event.setdefault(name, []).append(subscription.label)
        for name in sorted(by_event):
            self.stdout.write(name)
            for label in by_event[name]:
                self.stdout.write(f"    -> {label}")
