"""Demo data of the issuance app: blank stock at the main office and the temporary office, and a few walk-in
files for the print queue (one elderly with priority). The files go the real way: opened, submitted and
verified at the counter by the demo file receiver (``apps.applications.counter``), then sent to central through
the outbox; the central simulator that ``make run`` starts answers "print ready" within seconds and the poller
moves them into the print queue. Idempotent: each demo file is found again by its ``form_data["demo"]`` key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from apps.accounts.models import User
from apps.applications import counter
from apps.applications.models import Application, ServiceType
from apps.issuance import services
from apps.issuance.models import BlankBatch
from apps.locations.models import Location

PRINT_READY = [
    # key, NIK, name, birth date, sex, service, priority group
    ("prr-1", "3310254107060001", "DWI ASTUTI", dt.date(2006, 7, 1), "P", "ktp-rusak", ""),
    ("prr-2", "3310251003950002", "AGUS PRASETYO", dt.date(1995, 3, 10), "L", "ktp-hilang", ""),
    ("prr-3", "3310250508480003", "SUPARMAN", dt.date(1948, 8, 5), "L", "ktp-hilang", "elderly"),
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
        receiver = User.objects.filter(username="verifikator").first()
        made = 0
        for key, nik, name, birth, sex, code, priority in PRINT_READY:
            if receiver is None or code not in service_types:
                continue
            if Application.objects.filter(form_data__demo=key).exists():
                continue
            service = service_types[code]
            application = counter.open_file(
                service_type=service, nik=nik, actor=receiver, location=main, priority_group=priority,
                contact={"demo": key},
                identity={"full_name": name, "birth_date": birth, "birth_place": "Klaten", "sex": sex,
                          "kk_number": f"{nik[:6]}0101{nik[12:]}00"[:16], "address": "Jl. Pemuda 12, Klaten Tengah",
                          "rt": "002", "rw": "005", "district_id": "33.10.25", "village_id": "33.10.25.1001"},
            )
            documents = [r.kind for r in service.required_documents.all()]
            counter.submit_at_counter(application, actor=receiver, originals=documents, verify=True)
            made += 1
    stdout.write(f"Issuance demo: blank stock at {main.name}, {made} walk-in files filed at the counter and sent to "
                 "central (print-ready once the simulator answers).")
