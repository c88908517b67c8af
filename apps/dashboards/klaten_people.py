"""The Klaten generator's state, reference data (regions, locations, counters, service types) and residents
(accounts and profiles), shared by the applications and tickets parts (``manage.py generate_klaten``)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError, OutputWrapper
from django.db import transaction

from apps.accounts.models import ResidentProfile, User
from apps.applications.models import ServiceType
from apps.core.calendar import is_working_day
from apps.dashboards.klaten_bulk import Writer, accumulate, next_id, progress, reset_sequence
from apps.dashboards.klaten_tables import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, SERVICE_MIX, TZ, USERNAME_PREFIX
from apps.locations import demo as locations_demo
from apps.locations.models import Counter, Location
from apps.regions.models import Region
from apps.regions.services import load_regions


class KlatenData:
    """What the generator knows while it runs (set by the command's ``handle``), with the reference data
    and the residents. The applications and tickets parts are mixins on this class."""

    stdout: OutputWrapper
    rng: random.Random
    start: dt.date
    end: dt.date
    now: dt.datetime
    n_residents: int
    n_applications: int
    n_tickets: int
    locations: list[Location]
    services: dict[str, ServiceType]
    village_cum: list[float]
    village_online: list[float]
    first_user: int
    walk_ins: dict[dt.date, list[tuple[int, str, int]]]

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
        self.village_cum = list(accumulate(weights))
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
