from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = "Run periodic jobs (safe to run on several servers at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Run due jobs once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            run_due_jobs()
            if options["once"]:
                return
            slept = 0.0
            while slept < options["interval"] and not stopping:
                time.sleep(0.5)
                slept += 0.5
