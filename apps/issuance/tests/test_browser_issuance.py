"""End to end in a real browser: biometrics recorded, central makes the record print-ready, the card
is printed and handed to a proxy with a power of attorney; the resident's timeline shows each step."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from apps.applications.workflow import Status
from apps.central import outbox
from apps.central.services import poll_updates
from apps.issuance import services
from apps.issuance.models import Handover
from apps.issuance.tests.factories import location, make_application
from tests.factories import make_resident, make_staff, sign_in_staff


def _sign_in(page: Any, live_server: Any, user: Any, *, staff: bool) -> None:
    client = Client()
    if staff:
        sign_in_staff(client, user)
    else:
        client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_biometrics_to_print_to_proxy_pickup_with_the_timeline(
    live_server: Any, page: Any, simulator: str, tmp_path: Path
) -> None:
    place = location()
    services.receive_batch(place, quantity=10, serial_start=3310202699000001)
    resident = make_resident(name="RINA MARLINA")
    application = make_application(status=Status.AWAITING_BIOMETRICS, applicant=resident, name="RINA MARLINA")
    operator = make_staff("operator", email="operator@contoh.id")
    officer = make_staff("pickup_officer", email="ambil@contoh.id")

    page.set_default_timeout(60000)  # the CI machine is small and shared
    # The operator records the biometrics.
    _sign_in(page, live_server, operator, staff=True)
    page.goto(f"{live_server.url}/staf/kartu/biometrik/")
    page.get_by_role("link", name="Rekam", exact=True).click()
    page.get_by_label("ID perangkat perekam").fill("KLT-REK-02")
    for label in ("Foto terekam", "Sidik jari (10 jari) terekam", "Iris mata terekam", "Tanda tangan terekam"):
        page.get_by_label(label).check()
    page.get_by_role("button", name="Simpan dan kirim ke pusat").click()
    assert "terekam dan dikirim ke pusat" in page.content()

    # The outbox worker sends it; the simulator makes it print-ready.
    assert outbox.drain().sent == 1
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        poll_updates()
        application.refresh_from_db()
        if application.status == Status.PRINT_READY:
            break
        time.sleep(0.3)
    assert application.status == Status.PRINT_READY

    # The operator prints it and puts it at the desk.
    page.goto(f"{live_server.url}/staf/kartu/cetak/")
    page.screenshot(path=str(tmp_path / "print-queue.png"))
    page.get_by_role("row", name=application.number).get_by_role("link", name="Cetak").click()
    page.get_by_label("Nomor seri blangko").fill("3310202699000001")
    page.get_by_role("button", name="Simpan hasil cetak").click()
    assert "tercetak" in page.content()
    page.get_by_role("button", name="Siap diambil").click()
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PICKUP

    # The pickup officer hands it to the resident's brother, who brings a power of attorney.
    _sign_in(page, live_server, officer, staff=True)
    page.goto(f"{live_server.url}/staf/kartu/ambil/")
    page.get_by_label("Nomor permohonan, NIK, atau pindai QR").fill(application.number)
    page.get_by_role("button", name="Cari").click()
    page.get_by_label("Kuasa (diwakilkan)").check()
    page.get_by_label("Dokumen identitas yang dilihat").fill("KTP-el penerima kuasa")
    page.get_by_label("Identitas penerima sudah saya periksa").check()
    page.get_by_label("Nama penerima kuasa").fill("DEDI MULYADI")
    page.get_by_label("NIK penerima kuasa").fill("3310251203850001")
    page.get_by_label("Hubungan dengan pemohon").fill("Kakak kandung")
    scan = tmp_path / "surat-kuasa.pdf"
    scan.write_bytes(b"%PDF-1.4\n% surat kuasa\n")
    page.get_by_label("Pindaian surat kuasa (PDF/foto)").set_input_files(str(scan))
    page.screenshot(path=str(tmp_path / "handover.png"), full_page=True)
    page.get_by_role("button", name="Catat penyerahan").click()
    assert "sudah diserahkan" in page.content()
    handover = Handover.objects.get(application=application)
    assert handover.recipient_name == "DEDI MULYADI" and handover.handed_by == officer

    # The resident's timeline shows every step.
    _sign_in(page, live_server, resident, staff=False)
    page.goto(f"{live_server.url}/permohonan/{application.number}/")
    timeline = page.locator(".timeline").inner_text()
    for step in ("Dikirim ke pusat", "Siap cetak", "Sudah dicetak", "Siap diambil", "Sudah diambil", "DEDI MULYADI"):
        assert step in timeline, step
