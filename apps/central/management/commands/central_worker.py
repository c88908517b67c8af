"""``manage.py central_worker``: send the outbox to central and poll its answers, in a loop.

Several may run at once (on one or several machines): messages are claimed with leases.
Killing one at any moment loses nothing (its leases expire and another worker resends with
the same idempotency key)."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from apps.central import health, outbox, services
from apps.central.models import LinkHealth

log = logging.getLogger("sipon.central")


class Command(BaseCommand):
    help = "Send queued messages to central and apply its status updates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument("--interval", type=float, default=1.0, help="seconds to wait when idle")
        parser.add_argument("--poll-every", type=float, default=10.0, help="seconds between status polls (0: never)")
        parser.add_argument("--once", action="store_true", help="drain once, poll once, exit")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_poll = 0.0
        while not stopping:
            try:
                result = outbox.drain(batch=options["batch"], max_seconds=5)
                if options["poll_every"] and time.monotonic() - last_poll >= options["poll_every"]:
                    services.poll_updates()
                    last_poll = time.monotonic()
                health.check_outage()
            except DatabaseError:  # a busy database must not kill the worker; leases make retrying safe
                log.exception("central worker: database error, retrying")
                close_old_connections()
                self._sleep(1.0, lambda: stopping)
                continue
            if options["once"]:
                self.stdout.write(f"sent {result.sent}, failed {result.failed}")
                return
            if result.failed:
                failures = LinkHealth.objects.filter(pk=1).values_list("consecutive_failures", flat=True).first() or 1
                self._sleep(outbox.pause_after_failure(failures), lambda: stopping)
            elif not result.sent:
                self._sleep(options["interval"], lambda: stopping)

    @staticmethod
    def _sleep(seconds: float, stopped: Any) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stopped():
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))
