"""Fill the database at Kabupaten Klaten scale: 1.3 million residents (accounts + profiles),
about 2 million applications over five years with their full status history, and about
3 million queue tickets, then rebuild the dashboard aggregates.

    manage.py generate_klaten --scale 0.005             # through the services (about 10,000 applications)
    manage.py generate_klaten --bulk                    # PostgreSQL: full scale, history written directly
    manage.py generate_klaten --bulk --scale 0.1 --seed 7

Applications go the real way by default: each is filed and moved through the services (resident,
file desk, verification desk, operator, central's answer, printing, pickup) with the clock set to the
generated moment (``apps/dashboards/klaten_replay.py``), so the dashboards count files that got where
they are the way real ones do. That costs about 50 ms per application, so it is for up to
``SERVICES_LIMIT`` applications; ``--bulk`` writes applications and their history with COPY instead,
for Klaten-scale read benchmarks (W4) only.

Deterministic: the same seed, scale and end date give the same people, services, channels, dates and
statuses (application numbers are drawn by the service, as in production). Residents and tickets are
written with COPY on PostgreSQL (psycopg) and with executemany on SQLite, with explicit ids, so foreign
keys need no round trips. A progress bar is written to stderr.

The command is thin: the parts live next to the replay in ``apps/dashboards/``: ``klaten_tables.py`` (constants),
``klaten_bulk.py`` (progress bar, table writer, ids), ``klaten_people.py`` (state, reference data, residents),
``klaten_applications.py`` and ``klaten_tickets.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from apps.accounts.models import User
from apps.dashboards.aggregates import refresh_all
from apps.dashboards.klaten_applications import KlatenApplications
from apps.dashboards.klaten_bulk import progress_stream
from apps.dashboards.klaten_tables import (
    FULL_APPLICATIONS,
    FULL_RESIDENTS,
    FULL_TICKETS,
    SERVICES_LIMIT,
    TZ,
    USERNAME_PREFIX,
)
from apps.dashboards.klaten_tickets import KlatenTickets


class Command(KlatenApplications, KlatenTickets, BaseCommand):
    help = "Fill the database with Klaten-scale data (residents, applications with history, tickets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=None,
            help="Share of full Klaten scale (default 0.005; with --bulk 1.0 on PostgreSQL, 0.01 on SQLite).")
        parser.add_argument("--seed", type=int, default=20261128)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--end", type=dt.date.fromisoformat, default=None,
                            help="Last day of data (default today). With the seed, fixes the output.")
        parser.add_argument("--no-tickets", action="store_true")
        parser.add_argument(
            "--bulk", action="store_true",
            help="Write applications and their history with COPY instead of through the services: only for "
                 "Klaten-scale read benchmarks (W4), where the services would take hours. The default files "
                 "every application through the services (apps/dashboards/klaten_replay.py).")
        parser.add_argument("--skip-aggregates", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        progress_stream[0] = self.stderr._out  # the command's stderr (sys.stderr unless redirected)
        scale = options["scale"]
        if scale is None:
            scale = (1.0 if connection.vendor == "postgresql" else 0.01) if options["bulk"] else 0.005
        if scale <= 0 or scale > 2:
            raise CommandError("--scale must be between 0 and 2.")
        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise CommandError("Generated data is already present (users named gen-...). Use a fresh database.")
        self.rng = random.Random(options["seed"])  # noqa: S311  (reproducible test data, not secrets)
        self.end = options["end"] or timezone.localdate()
        self.start = self.end.replace(year=self.end.year - options["years"])
        self.now = dt.datetime.combine(self.end, dt.time(16, 0), tzinfo=TZ)
        if self.end == timezone.localdate():
            self.now = min(self.now, timezone.now())
        self.n_residents = max(round(FULL_RESIDENTS * scale), 100)
        self.n_applications = max(round(FULL_APPLICATIONS * scale), 100)
        self.n_tickets = 0 if options["no_tickets"] else max(round(FULL_TICKETS * scale), 100)
        began = time.monotonic()
        self.stdout.write(
            f"Generating {self.n_residents:,} residents, ~{self.n_applications:,} applications, "
            f"~{self.n_tickets:,} tickets from {self.start} to {self.end} on {connection.vendor} "
            f"(seed {options['seed']})."
        )
        self.bulk = options["bulk"]
        if not self.bulk and self.n_applications > SERVICES_LIMIT:
            raise CommandError(
                f"~{self.n_applications:,} applications through the services would take hours (about 50 ms each). "
                f"Use --scale {SERVICES_LIMIT / FULL_APPLICATIONS:g} or less, or --bulk for a read-benchmark "
                "database whose history is written directly."
            )
        self._reference_data()
        self._residents()
        if self.bulk:
            self._applications()
        else:
            from django.test.utils import override_settings

            # Central's answers are applied by the replay itself: nothing is queued for the simulator.
            with override_settings(CENTRAL_SEND_ON_COMMIT=False):
                self._applications_through_services()
        if self.n_tickets:
            self._tickets()
        if not options["skip_aggregates"]:
            t = time.monotonic()

            result = refresh_all()
            self.stdout.write(f"Aggregates rebuilt in {time.monotonic() - t:.1f}s: {result}")
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map, so counts over the status indexes can be index-only scans.
            t = time.monotonic()
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # VACUUM needs autocommit
            with connection.cursor() as cursor:
                cursor.execute(statement)
            self.stdout.write(f"{statement} in {time.monotonic() - t:.1f}s.")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - began:.1f}s."))
