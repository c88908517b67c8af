"""The Klaten generator's applications (``manage.py generate_klaten``): through the services by default
(:mod:`apps.dashboards.klaten_replay`), or written with their history directly (``--bulk``)."""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from apps.applications import single_open
from apps.applications.models import Application, StatusChange
from apps.core.calendar import add_working_days
from apps.dashboards.klaten_bulk import Writer, accumulate, next_id, progress, reset_sequence, scramble, take
from apps.dashboards.klaten_people import KlatenData
from apps.dashboards.klaten_tables import SERVICE_MIX, TZ


class KlatenApplications(KlatenData):
    def _applications(self) -> None:
        rng = self.rng
        days = self._working_days()
        per_day = self.n_applications / len(days)
        first_app = next_id(Application)
        first_change = next_id(StatusChange)
        service_codes = list(SERVICE_MIX)
        service_cum = list(accumulate(SERVICE_MIX.values()))
        due_cache: dict[tuple[dt.date, int], dt.date] = {}
        app_writer = Writer(Application, [
            "id", "number", "service_type_id", "channel", "status", "applicant_id", "location_id", "priority_group",
            "nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address", "rt", "rw",
            "district_id", "village_id", "form_data", "created_at", "updated_at", "submitted_at",
            "status_changed_at", "due_date", "estimated_completion_date", "completed_at",
        ])
        change_writer = Writer(StatusChange, ["id", "application_id", "from_status", "to_status", "note", "data",
                                              "created_at"])
        self.walk_ins: dict[dt.date, list[tuple[int, str, int]]] = defaultdict(list)  # day -> (app id, service, loc)
        history: list[tuple[Any, ...]] = []
        total_days = len(days)
        span = (self.end - self.start).days or 1
        started = time.monotonic()
        app_id = first_app
        change_id = first_change
        n_res = self.n_residents
        main_loc = self.locations[0].pk
        other_loc = self.locations[-1].pk
        now = self.now

        def app_rows() -> Iterator[tuple[Any, ...]]:
            nonlocal app_id, change_id
            for d_index, day in enumerate(days):
                t_share = (day - self.start).days / span
                base_online = 0.12 + 0.43 * t_share
                season = 1.0 + 0.25 * (day.month in (6, 7, 12))  # school leavers, year end
                count = int(per_day * season * rng.uniform(0.8, 1.2) / 1.08 + rng.random())
                for _ in range(count):
                    svc_index = bisect.bisect_left(service_cum, rng.random() * service_cum[-1])
                    code = service_codes[svc_index]
                    service = self.services[code]
                    r = -1
                    if code == "ktp-baru":
                        bucket = self.by_birth_year.get(day.year - 17)
                        if bucket:
                            r = bucket[rng.randrange(len(bucket))]
                    if r < 0:
                        r = rng.randrange(n_res)
                    v = self.r_village[r]
                    village_code, district_code = self.villages[v]
                    online_p = min(base_online * self.village_online[v], 0.92)
                    online = rng.random() < online_p
                    channel = "online" if online else "walk_in"
                    location = main_loc if rng.random() < 0.8 else other_loc
                    hour = rng.uniform(0, 24) if online else rng.uniform(7.5, 14.5)
                    submitted = dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60), rng.randrange(60)),
                                                    tzinfo=TZ)
                    if submitted > now:
                        continue
                    key = (day, service.service_level_days)
                    due = due_cache.get(key)
                    if due is None:
                        due = due_cache[key] = add_working_days(day, service.service_level_days)
                    this_id = app_id
                    app_id += 1
                    before = len(history)
                    status, last_change, completed = self._history(
                        history, this_id, submitted, service.requires_biometrics, change_id
                    )
                    change_id += len(history) - before
                    if not online:
                        self.walk_ins[day].append((this_id, code, location))
                    number = f"KTP-{day:%y%m%d}-{scramble(this_id)}"
                    created = submitted - dt.timedelta(minutes=rng.randrange(3, 40)) if online else submitted
                    yield (
                        this_id, number, service.pk, channel, status,
                        (self.first_user + r) if online else None, location, "",
                        self.r_nik[r], self.r_kk[r], self.r_name[r], "KLATEN", self.r_birth[r], self.r_sex[r],
                        f"Dk. {village_code[-4:]}", "001", "002", district_code, village_code, "{}",
                        created, last_change, submitted, last_change, due, due, completed,
                    )
                if d_index % 5 == 0 or d_index == total_days - 1:
                    progress("applications (days)", d_index + 1, total_days, started)

        def change_rows() -> Iterator[tuple[Any, ...]]:
            while True:
                if history:
                    batch = history[:]
                    history.clear()
                    yield from batch
                else:
                    return

        # Write applications and their history in alternating chunks (history rows wait in a list).
        with transaction.atomic():
            pending = app_rows()
            while True:
                chunk = list(take(pending, 20000))
                if not chunk:
                    break
                app_writer.write(chunk)
                change_writer.write(change_rows())
        reset_sequence(Application)
        reset_sequence(StatusChange)
        self.stdout.write(f"Applications: {app_writer.count:,}; status changes: {change_writer.count:,}.")

    def _applications_through_services(self) -> None:
        """The same draws as :meth:`_applications` (day, service, resident, channel, location, time), each
        application then filed and moved on through the services (:class:`apps.dashboards.klaten_replay.Replay`)."""
        from apps.accounts.models import User
        from apps.dashboards.klaten_replay import Replay

        rng = self.rng
        days = self._working_days()
        per_day = self.n_applications / len(days)
        span = (self.end - self.start).days or 1
        service_codes = list(SERVICE_MIX)
        service_cum = list(accumulate(SERVICE_MIX.values()))
        self.walk_ins = defaultdict(list)
        replay = Replay(rng=rng, locations=self.locations,
                        start=dt.datetime.combine(self.start, dt.time(7, 0), tzinfo=TZ), now=self.now)
        main_loc, other_loc = self.locations[0].pk, self.locations[-1].pk
        started = time.monotonic()
        count_all = 0
        for d_index, day in enumerate(days):
            base_online = 0.12 + 0.43 * (day - self.start).days / span
            season = 1.0 + 0.25 * (day.month in (6, 7, 12))
            for _ in range(int(per_day * season * rng.uniform(0.8, 1.2) / 1.08 + rng.random())):
                code = service_codes[bisect.bisect_left(service_cum, rng.random() * service_cum[-1])]
                r = -1
                if code == "ktp-baru" and (bucket := self.by_birth_year.get(day.year - 17)):
                    r = bucket[rng.randrange(len(bucket))]
                if r < 0:
                    r = rng.randrange(self.n_residents)
                village_code, district_code = self.villages[self.r_village[r]]
                online = rng.random() < min(base_online * self.village_online[self.r_village[r]], 0.92)
                location = main_loc if rng.random() < 0.8 else other_loc
                hour = rng.uniform(0, 24) if online else rng.uniform(7.5, 14.5)
                submitted = dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60), rng.randrange(60)),
                                                tzinfo=TZ)
                if submitted > self.now:
                    continue
                profile = {"nik": self.r_nik[r], "kk_number": self.r_kk[r], "full_name": self.r_name[r],
                           "birth_place": "KLATEN", "birth_date": self.r_birth[r], "sex": self.r_sex[r],
                           "address": f"Dk. {village_code[-4:]}", "rt": "001", "rw": "002",
                           "district_id": district_code, "village_id": village_code}
                service = self.services[code]
                if single_open.is_card_service(service) and single_open.open_card_application(self.r_nik[r]):
                    continue  # one open KTP-el file per NIK: the office would refuse this one too
                user = User.objects.get(pk=self.first_user + r) if online else None
                application = replay.file(service=service, online=online, user=user, profile=profile,
                                          location_id=location, submitted=submitted)
                count_all += 1
                if not online:
                    self.walk_ins[day].append((application.pk, code, location))
            progress("applications (days)", d_index + 1, len(days), started)
        self.stdout.write(f"Applications filed through the services: {count_all:,}.")

    def _history(
        self, out: list[tuple[Any, ...]], app_id: int, submitted: dt.datetime, biometrics: bool, first_change: int
    ) -> tuple[str, dt.datetime, dt.datetime | None]:
        """Append the status changes of one application (following the workflow's allowed moves)
        up to now. Returns (current status, time of last change, completion time)."""
        rng = self.rng
        now = self.now
        steps: list[tuple[str, float]] = [("submitted", 0.0), ("in_verification", rng.uniform(0.05, 2.5))]
        fate = rng.random()
        if fate < 0.04:
            steps.append(("rejected", rng.uniform(0.01, 0.2)))
        elif fate < 0.12:
            steps.append(("needs_correction", rng.uniform(0.01, 0.2)))
            if fate < 0.06:
                steps.append(("cancelled", rng.uniform(2, 14)))
            else:
                steps += [("submitted", rng.uniform(0.2, 3)), ("in_verification", rng.uniform(0.05, 1.5)),
                          ("verified", rng.uniform(0.01, 0.2))]
        else:
            steps.append(("verified", rng.uniform(0.01, 0.2)))
        if steps[-1][0] == "verified":
            if biometrics:
                steps.append(("awaiting_biometrics", 0.001))
                steps.append(("sent_to_central", rng.uniform(0.5, 10)))
            else:
                steps.append(("sent_to_central", 0.001))
            steps += [
                ("print_ready", rng.expovariate(1 / 2.5)),
                ("printed", rng.expovariate(1 / 1.5) if rng.random() < 0.9 else rng.uniform(5, 30)),
                ("ready_for_pickup", rng.uniform(0.01, 0.3)),
                ("collected", rng.expovariate(1 / 6)),
            ]
        moment = submitted - dt.timedelta(minutes=1)
        out.append((first_change, app_id, "", "draft", "", "{}", moment))
        status = "draft"
        last = moment
        completed: dt.datetime | None = None
        cid = first_change + 1
        at = submitted
        for target, gap_days in steps:
            at = at + dt.timedelta(days=gap_days)
            if at > now:
                break
            out.append((cid, app_id, status, target, "", "{}", at))
            cid += 1
            status, last = target, at
            if target == "printed" and completed is None:
                completed = at
        return status, last, completed
