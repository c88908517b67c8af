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
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import sys
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from apps.accounts.models import ResidentProfile, User
from apps.applications.models import Application, ServiceType, StatusChange
from apps.core.calendar import add_working_days, is_working_day
from apps.dashboards.aggregates import refresh_all
from apps.locations import demo as locations_demo
from apps.locations.models import Counter, Location
from apps.queueing.models import DailyQueueStats, Ticket
from apps.regions.models import Region
from apps.regions.services import load_regions

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
UTC = dt.UTC
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
USERNAME_PREFIX = "gen-"

FULL_RESIDENTS = 1_300_000
FULL_APPLICATIONS = 2_000_000
FULL_TICKETS = 3_000_000
SERVICES_LIMIT = 25_000  # applications the services path files in reasonable time (scale 0.0125)

FIRST_NAMES_M = ["BUDI", "AGUS", "SLAMET", "JOKO", "BAMBANG", "EKO", "ADI", "HERU", "WAHYU", "TRI", "DWI",
                 "SURYA", "ARIF", "RIZKI", "FAJAR", "HENDRA", "YOGA", "DIMAS", "BAYU", "ANDI"]
FIRST_NAMES_F = ["SRI", "SITI", "RINA", "DEWI", "WULAN", "ENDANG", "SUSI", "TUTIK", "YULI", "ANI", "NUR",
                 "PUTRI", "AYU", "INDAH", "LESTARI", "RATNA", "FITRI", "DIAN", "NOVI", "MAYA"]
LAST_NAMES = ["SANTOSO", "WIBOWO", "SUSANTO", "PRASETYO", "HARTONO", "SETIAWAN", "NUGROHO", "RAHAYU",
              "WIDODO", "PURNOMO", "LESTARI", "KURNIAWAN", "SAPUTRA", "HANDAYANI", "SUGIHARTO", "WULANDARI"]

# service code -> (share of applications, queue code)
SERVICE_MIX = {
    "ktp-baru": 0.34,
    "ktp-hilang": 0.20,
    "ktp-rusak": 0.14,
    "ktp-perubahan-data": 0.22,
    "ktp-pindah-datang": 0.10,
}


_last_draw = [0.0]
_stream: list[Any] = [sys.stderr]


def progress(label: str, done: int, total: int, started: float) -> None:
    """Draw a one-line progress bar on stderr (at most twice a second, and at the end)."""
    moment = time.monotonic()
    if done < total and moment - _last_draw[0] < 0.5:
        return
    _last_draw[0] = moment
    width = 30
    share = done / total if total else 1.0
    filled = int(width * share)
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 else 0.0
    out = _stream[0]
    out.write(
        f"\r{label:<22} [{'#' * filled}{'.' * (width - filled)}] {share * 100:5.1f}% "
        f"{done:>10,}/{total:,} {rate:,.0f}/s {elapsed:6.1f}s"
    )
    if done >= total:
        out.write("\n")
    out.flush()


class Writer:
    """Writes rows to one model's table: COPY on PostgreSQL, executemany on SQLite. Columns the
    generator does not set get the field's default (and it is an error if a required column has
    none, so a new required field in another app shows up here loudly)."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise CommandError(f"{self.table}: unknown columns {sorted(unknown)}")
        self.columns = list(columns)
        extra: list[tuple[str, Any]] = []
        for attname, field in fields.items():
            if attname in columns:
                continue
            value = field.get_default()
            if value is None and not field.null:
                raise CommandError(f"{self.table}.{attname} is required and has no default: teach the generator")
            extra.append((attname, value))
        self.columns += [name for name, _v in extra]
        self.constants = tuple(self._plain(v) for _n, v in extra)
        self.postgres = connection.vendor == "postgresql"
        self.count = 0

    @staticmethod
    def _plain(value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value

    def _sqlite(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        out: list[Any] = []
        for value in row:
            if isinstance(value, dt.datetime):
                out.append(value.astimezone(UTC).replace(tzinfo=None).isoformat(" "))
            elif isinstance(value, dt.date):
                out.append(value.isoformat())
            elif isinstance(value, bool):
                out.append(int(value))
            elif isinstance(value, (dict, list)):
                out.append(json.dumps(value))
            else:
                out.append(value)
        return tuple(out)

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        n = 0
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.constants)
                        n += 1
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                table = connection.ops.quote_name(self.table)  # names from the model, not from input
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
                batch: list[tuple[Any, ...]] = []
                for row in rows:
                    batch.append(self._sqlite(row + self.constants))
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch.clear()
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.count += n
        return n


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name comes from the model's Meta, not from input.
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
            [table],
        )


def scramble(i: int) -> str:
    """A unique 6-character suffix for index i (a bijection on 32**6, so no two collide)."""
    value = (i * 387_420_489 + 12_345) % (32**6)
    out = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        out.append(ALPHABET[digit])
    return "".join(out)


class Command(BaseCommand):
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
        _stream[0] = self.stderr._out  # the command's stderr (sys.stderr unless redirected)
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

    # --- reference data -------------------------------------------------------------------
    def _reference_data(self) -> None:
        regency = settings.SIPON_REGENCY_CODE
        if not Region.objects.filter(parent_id=regency).exists():
            load_regions((regency,))
        locations_demo.load(self.stdout)
        self.locations = list(Location.objects.filter(is_active=True).order_by("order", "pk")[:2])
        if not self.locations:
            raise CommandError("No active location.")
        for location in self.locations:
            for number in (1, 2, 3, 4):
                Counter.objects.get_or_create(
                    location=location, number=number,
                    defaults={
                        "stages": ["information", "document_check", "biometric", "pickup"],
                        "is_open": number <= 3,
                    },
                )
        self.services = {s.code: s for s in ServiceType.objects.filter(code__in=SERVICE_MIX)}
        missing = set(SERVICE_MIX) - set(self.services)
        if missing:
            raise CommandError(f"Service types missing (run migrate): {sorted(missing)}")
        districts = list(Region.objects.filter(parent_id=regency, level=Region.Level.DISTRICT).order_by("code"))
        self.villages: list[tuple[str, str]] = list(
            Region.objects.filter(parent__parent_id=regency, level=Region.Level.VILLAGE)
            .order_by("code").values_list("code", "parent_id")
        )
        if not districts or not self.villages:
            raise CommandError("Klaten regions missing.")
        rng = self.rng
        weights = [rng.uniform(0.5, 1.5) for _ in self.villages]
        self.village_cum = list(_accumulate(weights))
        # How readily each village uses the online channel (outreach targets differ).
        self.village_online = [rng.uniform(0.35, 1.6) for _ in self.villages]

    def _pick_village(self) -> int:
        x = self.rng.random() * self.village_cum[-1]
        return bisect.bisect_left(self.village_cum, x)

    # --- residents --------------------------------------------------------------------------
    def _residents(self) -> None:
        rng = self.rng
        n = self.n_residents
        first_user = next_id(User)
        first_profile = next_id(ResidentProfile)
        password = make_password(None)
        joined = dt.datetime.combine(self.start, dt.time(8, 0), tzinfo=TZ)
        serials: dict[tuple[str, int, int, int, int], int] = defaultdict(int)
        # Arrays per resident (kept for the applications): nik, kk, name, birth, sex, village index
        self.r_nik: list[str] = []
        self.r_kk: list[str] = []
        self.r_name: list[str] = []
        self.r_birth: list[dt.date] = []
        self.r_sex: list[str] = []
        self.r_village: list[int] = []
        self.by_birth_year: dict[int, list[int]] = defaultdict(list)
        end = self.end
        prepared = time.monotonic()
        for i in range(n):
            if i % 20000 == 0:
                progress("residents (prepare)", i, n, prepared)
            v = self._pick_village()
            district_code = self.villages[v][1]
            age_days = int(rng.triangular(0, 90 * 365.25, 25 * 365.25))
            birth = end - dt.timedelta(days=age_days)
            sex = "L" if rng.random() < 0.5 else "P"
            prefix = district_code.replace(".", "")
            key = (prefix, birth.year, birth.month, birth.day, 0 if sex == "L" else 1)
            serials[key] += 1
            serial = serials[key]
            if serial > 9999:
                birth = birth - dt.timedelta(days=1)
                key = (prefix, birth.year, birth.month, birth.day, 0 if sex == "L" else 1)
                serials[key] += 1
                serial = serials[key]
            day = birth.day + (40 if sex == "P" else 0)
            nik = f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
            first = rng.choice(FIRST_NAMES_M if sex == "L" else FIRST_NAMES_F)
            name = f"{first} {rng.choice(LAST_NAMES)}"
            self.r_nik.append(nik)
            self.r_kk.append(f"{prefix}{(i // 4) + 1:010d}")
            self.r_name.append(name)
            self.r_birth.append(birth)
            self.r_sex.append(sex)
            self.r_village.append(v)
            self.by_birth_year[birth.year].append(i)
        progress("residents (prepare)", n, n, prepared)
        self.first_user = first_user
        started = time.monotonic()

        def users() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                username = f"{USERNAME_PREFIX}{i:07d}@warga.klaten.test"
                yield (first_user + i, password, username, self.r_name[i].split(" ")[0], username, joined, True,
                       joined)
                if i % 20000 == 0:
                    progress("accounts", i, n, started)
            progress("accounts", n, n, started)

        with transaction.atomic():
            columns = ["id", "password", "username", "first_name", "email", "date_joined", "is_active",
                       "contact_confirmed_at"]
            Writer(User, columns).write(users())
        started = time.monotonic()

        def profiles() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                village_code, district_code = self.villages[self.r_village[i]]
                yield (
                    first_profile + i, first_user + i, self.r_nik[i], self.r_kk[i], self.r_name[i], "KLATEN",
                    self.r_birth[i], self.r_sex[i], f"Dk. {village_code[-4:]} No. {i % 97 + 1}",
                    f"{i % 9 + 1:03d}", f"{i % 5 + 1:03d}", district_code, village_code, joined, joined,
                )
                if i % 20000 == 0:
                    progress("resident profiles", i, n, started)
            progress("resident profiles", n, n, started)

        with transaction.atomic():
            Writer(ResidentProfile, [
                "id", "user_id", "nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address",
                "rt", "rw", "district_id", "village_id", "created_at", "updated_at",
            ]).write(profiles())
        reset_sequence(User)
        reset_sequence(ResidentProfile)

    # --- applications -------------------------------------------------------------------------
    def _working_days(self) -> list[dt.date]:
        days = []
        day = self.start
        while day <= self.end:
            if is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def _applications(self) -> None:
        rng = self.rng
        days = self._working_days()
        per_day = self.n_applications / len(days)
        first_app = next_id(Application)
        first_change = next_id(StatusChange)
        service_codes = list(SERVICE_MIX)
        service_cum = list(_accumulate(SERVICE_MIX.values()))
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
                chunk = list(_take(pending, 20000))
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
        service_cum = list(_accumulate(SERVICE_MIX.values()))
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
                user = User.objects.get(pk=self.first_user + r) if online else None
                application = replay.file(service=self.services[code], online=online, user=user, profile=profile,
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


def _accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _take(iterator: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return
