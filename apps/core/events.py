"""One dispatcher for the events an app publishes after commit and the apps above it react to.

The rule it serves: a lower layer never imports a higher one (see ``docs/architecture.md``). When something in
a lower app must set work going in a higher one (a verified file must be routed by a stage, a central outage
must raise a public notice), the lower app *publishes* a typed event and the higher app *subscribes* to it.

- **Events** are frozen dataclasses defined by the app that publishes them, in ``apps/<app>/events.py``
  (e.g. :class:`apps.applications.events.StatusChanged`). They carry ids and plain values, never model
  instances: a handler re-reads what it needs, under a row lock where it writes.
- **Publishing**: :func:`publish` queues the event for after the current transaction commits
  (``transaction.on_commit(..., robust=True)``: one failing handler neither undoes the commit nor stops the
  other handlers). Outside a transaction it is delivered at once.
- **Subscribing**: each app lists its handlers in ``apps/<app>/subscriptions.py`` as
  ``SUBSCRIPTIONS = [Subscription(EventType, handler), ...]``, the same discovery as ``schedule.py``. That list
  is the one place to read who reacts to what; ``manage.py events`` prints all of them.
- **Handlers are idempotent**: an event may be delivered again (the periodic reconciliation jobs republish
  for files that a crash between commit and handler left behind), so each handler checks the current state
  under a row lock before it acts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction

log = logging.getLogger("sipon.events")


@dataclass(frozen=True)
class Subscription:
    event: type[Any]
    handler: Callable[[Any], object]

    @property
    def label(self) -> str:
        return f"{self.handler.__module__}.{getattr(self.handler, '__qualname__', repr(self.handler))}"


_registry: dict[type[Any], list[Subscription]] | None = None


def all_subscriptions() -> list[Subscription]:
    """Every app's ``SUBSCRIPTIONS``, in ``INSTALLED_APPS`` order."""
    found: list[Subscription] = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.subscriptions"
        if find_spec(module_name) is not None:
            found.extend(getattr(import_module(module_name), "SUBSCRIPTIONS", []))
    return found


def subscribers(event_type: type[Any]) -> list[Subscription]:
    global _registry
    if _registry is None:
        registry: dict[type[Any], list[Subscription]] = {}
        for subscription in all_subscriptions():
            registry.setdefault(subscription.event, []).append(subscription)
        _registry = registry
    return _registry.get(event_type, [])


def publish(event: object) -> None:
    """Deliver ``event`` to its subscribers after the current transaction commits (at once outside one).

    Each handler is its own after-commit callback, so one that fails (logged) does not stop the next. The
    setting ``SIPON_EVENTS_ROBUST`` (on, except in the test suite) makes a failing handler fail loudly in tests.
    """
    robust = getattr(settings, "SIPON_EVENTS_ROBUST", True)
    for subscription in subscribers(type(event)):
        transaction.on_commit(_callback(subscription, event), robust=robust)


def deliver_now(event: object) -> None:
    """Deliver ``event`` to its subscribers in the caller's transaction (reconciliation jobs, which run
    outside any request and want the handler's errors in their own log line)."""
    for subscription in subscribers(type(event)):
        _deliver(subscription, event)


def _callback(subscription: Subscription, event: object) -> Callable[[], None]:
    def deliver() -> None:
        _deliver(subscription, event)

    # Django names the callback in its log line when a robust one fails: name the event and the handler.
    deliver.__qualname__ = f"{type(event).__name__} -> {subscription.label}"
    return deliver


def _deliver(subscription: Subscription, event: object) -> None:
    log.debug("event %s -> %s", type(event).__name__, subscription.label)
    subscription.handler(event)
