"""Demo accounts: one per staff role (with a TOTP device) and a few residents.

The published credentials are for a local demo only (``SIPON_LOCAL=1``) and are printed by ``make run``. Anywhere
else ``load_demo`` refuses, unless asked for random secrets: then every account it creates gets a random password
(printed once, here) and staff a random authenticator key.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import ResidentProfile, Sex, User
from apps.accounts.roles import Role
from apps.locations.models import Location
from apps.regions.models import Region
from apps.regions.services import load_regions

DEMO_PASSWORD = "Klaten-2026"  # demo only, printed on screen by `make run`

# Fixed secrets so a demo authenticator entry keeps working across runs (20 bytes, hex).
STAFF: list[tuple[str, str, str, str]] = [
    ("informasi", Role.INFORMATION_DESK, "Sri Wahyuni", "3132333435363738393031323334353637383930"),
    ("verifikator", Role.FILE_RECEIVER, "Bambang Setiawan", "3132333435363738393031323334353637383931"),
    ("operator", Role.OPERATOR, "Dwi Lestari", "3132333435363738393031323334353637383932"),
    ("pengambilan", Role.PICKUP_OFFICER, "Agus Purnomo", "3132333435363738393031323334353637383933"),
    ("pengaduan", Role.CUSTOMER_SERVICE, "Rina Kusumawati", "3132333435363738393031323334353637383934"),
    ("kasi", Role.SECTION_HEAD, "Hartono", "3132333435363738393031323334353637383935"),
    ("admin", Role.ADMINISTRATOR, "Administrator Sipon", "3132333435363738393031323334353637383936"),
]

RESIDENTS: list[dict[str, Any]] = [
    {
        "contact": "budi@contoh.id",
        "nik": "3310250101900001",
        "kk": "3310250101100001",
        "name": "BUDI SANTOSO",
        "place": "Klaten",
        "birth": dt.date(1990, 1, 1),
        "sex": Sex.MALE,
        "address": "Jl. Merbabu No. 5",
        "district": "33.10.25",
    },
    {
        "contact": "081234567890",
        "nik": "3310254512080002",
        "kk": "3310250101100002",
        "name": "SITI RAHAYU",
        "place": "Klaten",
        "birth": dt.date(2008, 12, 5),
        "sex": Sex.FEMALE,
        "address": "Dukuh Gergunung RT 02 RW 05",
        "district": "33.10.25",
    },
    {
        "contact": "wahyu@contoh.id",
        "nik": "3310061507850003",
        "kk": "3310060101100003",
        "name": "WAHYU HIDAYAT",
        "place": "Boyolali",
        "birth": dt.date(1985, 7, 15),
        "sex": Sex.MALE,
        "address": "Dusun Krajan RT 01 RW 01",
        "district": "33.10.06",
    },
    {
        # a mother who reports her baby's birth (apps/applications/demo_families.py)
        "contact": "dewi@contoh.id",
        "nik": "3310255203960004",
        "kk": "3310250101100004",
        "name": "DEWI ANGGRAENI",
        "place": "Klaten",
        "birth": dt.date(1996, 3, 12),
        "sex": Sex.FEMALE,
        "address": "Perum Griya Asri Blok C No. 7",
        "district": "33.10.25",
    },
]


def ensure_groups() -> None:
    for role in Role.values:
        Group.objects.get_or_create(name=role)


def load(stdout: Any, *, random_secrets: bool = False) -> None:
    created_passwords: dict[str, str] = {}

    def password_for(username: str) -> str:
        if not random_secrets:
            return DEMO_PASSWORD
        created_passwords[username] = secrets.token_urlsafe(12)
        return created_passwords[username]

    ensure_groups()
    if not Region.objects.filter(parent__parent_id="33.10", level=Region.Level.VILLAGE).exists():
        load_regions(("33.10",))  # the demo residents live in Klaten villages
    office = Location.objects.filter(slug="kantor-utama").first()
    lines = []
    for username, role, name, secret in STAFF:
        first, _, last = name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": role == Role.ADMINISTRATOR,
                      "is_superuser": role == Role.ADMINISTRATOR, "location": office},
        )
        if created:
            user.set_password(password_for(username))
            user.save()
        user.groups.add(Group.objects.get(name=role))
        key = secrets.token_hex(20) if random_secrets else secret
        TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": key, "confirmed": True})
        lines.append((Role(role).label, username))
    for r in RESIDENTS:
        if ResidentProfile.objects.filter(nik=r["nik"]).exists():
            # demo residents have confirmed their contact, so they can apply straight away
            User.objects.filter(resident__nik=r["nik"], contact_confirmed_at__isnull=True).update(
                contact_confirmed_at=timezone.now()
            )
            User.objects.filter(resident__nik=r["nik"], email="").update(email=None)
            continue
        contact = r["contact"]
        # not create_user(): it turns a missing e-mail into "", which clashes on the unique column
        user = User(
            username=contact,
            email=contact if "@" in contact else None,
            phone=None if "@" in contact else contact,
            first_name=r["name"],
            contact_confirmed_at=timezone.now(),
        )
        user.set_password(password_for(contact))
        user.save()
        village = Region.objects.filter(parent_id=r["district"], level=Region.Level.VILLAGE).order_by("code")[0]
        ResidentProfile.objects.create(
            user=user, nik=r["nik"], kk_number=r["kk"], full_name=r["name"], birth_place=r["place"],
            birth_date=r["birth"], sex=r["sex"], address=r["address"], district_id=r["district"], village=village,
        )
    stdout.write("")
    if random_secrets:
        stdout.write("Demo accounts created now, with random passwords (shown this once; existing ones unchanged):")
        for username, password in created_passwords.items():
            stdout.write(f"  {username:<32} {password}")
    else:
        stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
    for label, username in lines:
        stdout.write(f"  {label:<32} {username}")
    stdout.write("  Residents: " + ", ".join(r["contact"] for r in RESIDENTS))
    stdout.write("  Staff second factor: run `make otp USER=<username>` for the current 6-digit code.")
