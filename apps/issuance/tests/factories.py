"""Deterministic factories for central and issuance tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.applications.models import Application, ServiceType, StatusChange
from apps.applications.services import create_application
from apps.locations.models import Location
from tests.factories import next_serial, nik_for


def service(code: str = "ktp-baru") -> ServiceType:
    biometrics = code == "ktp-baru"
    row, _created = ServiceType.objects.get_or_create(
        code=code,
        defaults={"name": code, "requires_biometrics": biometrics, "service_level_days": 3},
    )
    return row


def location(slug: str = "kantor-utama", kind: str = Location.Kind.MAIN_OFFICE) -> Location:
    row, _created = Location.objects.get_or_create(
        slug=slug, defaults={"name": f"Kantor {slug}", "kind": kind, "address": "Jl. Pemuda No. 294, Klaten"}
    )
    return row


def make_application(
    status: str = "verified",
    *,
    code: str = "ktp-baru",
    nik: str | None = None,
    applicant: Any = None,
    place: Location | None = None,
    name: str = "SITI RAHAYU",
    priority_group: str = "",
    birth: dt.date = dt.date(2008, 3, 4),
    **extra: Any,
) -> Application:
    """An application already in ``status`` (history rows added the short way)."""
    serial = next_serial()
    application = create_application(
        service_type=service(code),
        channel="walk_in",
        nik=nik or nik_for(birth, "M", serial % 9000 + 1),
        applicant=applicant,
        location=place or location(),
        full_name=name,
        birth_date=birth,
        birth_place="Klaten",
        address="Jl. Merapi 5",
        **extra,
    )
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        status=status, submitted_at=now, status_changed_at=now, priority_group=priority_group
    )
    StatusChange.objects.create(application=application, from_status="draft", to_status=status)
    application.refresh_from_db()
    return application
