"""Demo data of the issuance app: blank stock at the main office and the temporary office, and a
few print-ready records in the print queue (walk-in, one elderly with priority). Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.applications.models import Application, ServiceType, StatusChange
from apps.applications.services import create_application
from apps.applications.workflow import Status
from apps.issuance import services
from apps.issuance.models import BlankBatch
from apps.locations.models import Location

PRINT_READY = [
    # key, NIK, name, birth date, sex, service, priority group
    ("prr-1", "3310254107060001", "DWI ASTUTI", dt.date(2006, 7, 1), "F", "ktp-rusak", ""),
    ("prr-2", "3310251003950002", "AGUS PRASETYO", dt.date(1995, 3, 10), "M", "ktp-hilang", ""),
    ("prr-3", "3310250508480003", "SUPARMAN", dt.date(1948, 8, 5), "M", "ktp-hilang", "elderly"),
]


def load(stdout: Any) -> None:
    main = Location.objects.filter(slug="kantor-utama").first()
    temporary = Location.objects.filter(slug="kantor-sementara").first()
    if main is None:
        stdout.write("Issuance demo skipped: no main office.")
        return
    with transaction.atomic():
        if not BlankBatch.objects.filter(external_ref="demo:initial").exists():
            services.receive_batch(main, quantity=1250, serial_start=3310202611000001, external_ref="demo:initial")
            if temporary is not None:
                services.transfer_blanks(main, temporary, quantity=150, actor=None)
        services.publish_daily_stock()
        service_types = {s.code: s for s in ServiceType.objects.filter(code__in=["ktp-hilang", "ktp-rusak"])}
        made = 0
        for key, nik, name, birth, sex, code, priority in PRINT_READY:
            if Application.objects.filter(form_data__demo=key).exists() or code not in service_types:
                continue
            application = create_application(
                service_type=service_types[code],
                channel="walk_in",
                nik=nik,
                location=main,
                full_name=name,
                birth_date=birth,
                birth_place="Klaten",
                sex=sex,
                address="Jl. Pemuda 12, Klaten Tengah",
                rt="002",
                rw="005",
                district_id="33.10.25",
                form_data={"demo": key},
            )
            now = timezone.now()
            previous = Status.DRAFT
            for status in (
                Status.SUBMITTED,
                Status.IN_VERIFICATION,
                Status.VERIFIED,
                Status.SENT_TO_CENTRAL,
                Status.PRINT_READY,
            ):
                StatusChange.objects.create(application=application, from_status=previous, to_status=status)
                previous = status
            Application.objects.filter(pk=application.pk).update(
                status=Status.PRINT_READY, submitted_at=now, status_changed_at=now, priority_group=priority
            )
            made += 1
    stdout.write(f"Issuance demo: blank stock at {main.name}, {made} print-ready records added.")
