"""Deterministic factories shared by every app's tests. No random data: each call with the
same arguments builds the same thing, and counters make unique values predictable."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import ResidentProfile, Sex, User

_counter = itertools.count(1)


def after_commit() -> Any:
    """``with after_commit(): ...``: run what the block queues for after commit (the events of
    ``apps.core.events``) when it ends, as a real commit would; the test's own transaction stays open.
    The same as pytest-django's ``django_capture_on_commit_callbacks(execute=True)``, for helpers
    that have no fixture at hand."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def next_serial() -> int:
    return next(_counter)


def nik_for(birth: dt.date, sex: str = Sex.MALE, serial: int | None = None, district: str = "331025") -> str:
    """A valid NIK for a birth date and sex (40 added to the day for women)."""
    day = birth.day + (40 if sex == Sex.FEMALE else 0)
    number = serial if serial is not None else next_serial()
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{number:04d}"


def make_staff(role: str, username: str | None = None, **kwargs: Any) -> User:
    username = username or f"{role}-{next_serial()}"
    user = User.objects.create_user(username=username, password="Rahasia-123", **kwargs)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def sign_in_staff(client: Any, user: User) -> None:
    """Sign a staff member in with the second factor already passed (as after a TOTP code)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    device = TOTPDevice.objects.filter(user=user).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id if device else ""
    session.save()


def make_resident(
    *,
    birth: dt.date = dt.date(1990, 1, 1),
    sex: str = Sex.MALE,
    name: str = "BUDI SANTOSO",
    email: str | None = None,
    district: str = "33.10.25",
    village: str = "33.10.25.1001",
) -> User:
    serial = next_serial()
    email = email or f"warga{serial}@contoh.id"
    user = User.objects.create_user(
        username=email, email=email, password="Rahasia-123", first_name=name, contact_confirmed_at=timezone.now()
    )
    ResidentProfile.objects.create(
        user=user,
        nik=nik_for(birth, sex, serial),
        kk_number=f"331025{serial:010d}",
        full_name=name,
        birth_place="Klaten",
        birth_date=birth,
        sex=sex,
        address="Jl. Pemuda 1",
        district_id=district,
        village_id=village,
    )
    return user
