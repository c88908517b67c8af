"""The Klaten generator's queue tickets and their daily statistics (``manage.py generate_klaten``)."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from apps.dashboards.klaten_bulk import Writer, next_id, progress, reset_sequence
from apps.dashboards.klaten_people import KlatenData
from apps.dashboards.klaten_tables import SERVICE_MIX, TZ
from apps.queueing.models import DailyQueueStats, Ticket


class KlatenTickets(KlatenData):
    # --- tickets --------------------------------------------------------------------------------
    def _tickets(self) -> None:
        rng = self.rng
        days = self._working_days()
        per_day = self.n_tickets / len(days)
        first = next_id(Ticket)
        queue_codes = {code: s.queue_code or "C" for code, s in self.services.items()}
        service_codes = list(SERVICE_MIX)
        writer = Writer(Ticket, [
            "id", "location_id", "date", "service_id", "queue_code", "number", "token", "source", "stage", "status",
            "priority_group", "rank", "queued_at", "issued_at", "application_id", "called_at", "call_count",
            "serving_started_at", "finished_at", "no_show_count", "contact_phone", "almost_notified", "closed_reason",
        ])
        stats: dict[tuple[int, int, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        started = time.monotonic()
        today = self.end
        tid = first
        now = self.now
        location_ids = [loc.pk for loc in self.locations]

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal tid
            for d_index, day in enumerate(days):
                numbers: dict[tuple[int, str], int] = defaultdict(int)
                walk_ins = self.walk_ins.get(day, [])
                count = max(int(per_day * rng.uniform(0.85, 1.15)), len(walk_ins))
                opening = dt.datetime.combine(day, dt.time(7, 30), tzinfo=TZ)
                for k in range(count):
                    if k < len(walk_ins):
                        app, code, location = walk_ins[k]
                        stage = "document_check"
                    else:
                        app, code, location = None, service_codes[rng.randrange(len(service_codes))], \
                            location_ids[0 if rng.random() < 0.8 else -1]
                        stage = rng.choice(["information", "pickup", "biometric", "document_check"])
                    qcode = queue_codes[code]
                    numbers[(location, qcode)] += 1
                    number = numbers[(location, qcode)]
                    queued = opening + dt.timedelta(seconds=int(k / max(count, 1) * 6.5 * 3600) + rng.randrange(60))
                    if queued > now:
                        continue
                    wait = rng.expovariate(1 / 1500)
                    service_s = rng.uniform(180, 900)
                    called = queued + dt.timedelta(seconds=wait)
                    fate = rng.random()
                    service_pk = self.services[code].pk
                    key = (location, service_pk, day)
                    st = stats[key]
                    st[0] += 1
                    if day == today and called > now:
                        status, called_at, serving, finished = "waiting", None, None, None
                    elif fate < 0.07:
                        status, called_at, serving, finished = "no_show", called, None, called + dt.timedelta(minutes=5)
                        st[2] += 1
                    else:
                        finished = called + dt.timedelta(seconds=service_s)
                        if day == today and finished > now:
                            status, called_at, serving, finished = "serving", called, called, None
                        else:
                            status, called_at, serving = "done", called, called
                            st[1] += 1
                            st[3] += int(wait)
                            st[4] += int(service_s)
                    yield (
                        tid, location, day, service_pk, qcode, number, f"g{tid:x}", "kiosk", stage, status, "", 2,
                        queued, queued, app, called_at, 1 if called_at else 0, serving, finished,
                        1 if status == "no_show" else 0, "", False, "",
                    )
                    tid += 1
                if d_index % 5 == 0 or d_index == len(days) - 1:
                    progress("tickets (days)", d_index + 1, len(days), started)

        with transaction.atomic():
            writer.write(rows())
            DailyQueueStats.objects.bulk_create(
                [
                    DailyQueueStats(
                        location_id=loc, service_id=svc, date=day, issued=v[0], served=v[1], no_shows=v[2],
                        avg_wait_seconds=v[3] // v[1] if v[1] else 0,
                        avg_service_seconds=v[4] // v[1] if v[1] else 0,
                    )
                    for (loc, svc, day), v in stats.items()
                ],
                batch_size=5000,
                ignore_conflicts=True,
            )
        reset_sequence(Ticket)
        self.stdout.write(f"Tickets: {writer.count:,}.")
