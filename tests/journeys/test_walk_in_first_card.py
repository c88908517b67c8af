"""A first-time walk-in applicant, from the kiosk ticket to the card in hand: document check and verification
at the counter, biometric recording at the operator's counter, central (the simulator), the print queue,
pickup. Every step on the real pages, each officer signed in with a TOTP code."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.appointments.tests.factories import make_counter, make_location
from apps.central import outbox
from apps.central.services import poll_updates
from apps.issuance import services as issuance
from apps.locations.models import Stage
from tests.factories import make_staff, nik_for
from tests.journeys.helpers import call_next, fill_identity, take_ticket_at_kiosk

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_walk_in_first_card_from_kiosk_ticket_to_pickup(live_server: Any, person: Any, simulator: str,
                                                         tmp_path: Path) -> None:
    base = live_server.url
    office = make_location()
    desk_counter = make_counter(office, 1, stages=(Stage.DOCUMENT_CHECK,))
    operator_counter = make_counter(office, 2, stages=(Stage.BIOMETRIC,))
    issuance.receive_batch(office, quantity=5, serial_start=3310202699100001)
    kiosk_staff = make_staff("information_desk")
    receiver = make_staff("file_receiver")
    operator = make_staff("operator", location=office)
    pickup_officer = make_staff("pickup_officer", location=office)
    birth = dt.date(2008, 11, 15)
    nik = nik_for(birth, Sex.FEMALE, 7781)

    # The kiosk gives a ticket.
    kiosk = person(staff=kiosk_staff)
    label = take_ticket_at_kiosk(kiosk, base, office.slug, "KTP-el baru (pemula)")
    assert label == "C-001"

    # The file desk calls it, opens the file, checks the originals, submits and verifies.
    desk = person(staff=receiver)
    assert call_next(desk, base, desk_counter.pk) == label
    desk.locator("#open-file-desk").click()
    fill_identity(desk, nik=nik, name="Nadia Putri", kk="3310251510080001", birth=birth, female=True)
    desk.get_by_label("Nomor HP/WhatsApp untuk kabar permohonan").fill("081298765432")
    desk.get_by_label("Asli Kartu Keluarga (KK) sudah diperiksa di loket").check()
    desk.screenshot(path=str(tmp_path / "desk.png"), full_page=True)
    desk.locator("#desk-submit").click()
    number = desk.locator("#receipt-number").inner_text()
    expect(desk.locator("#receipt-date")).to_contain_text("Perkiraan selesai")
    desk.get_by_role("link", name="Kembali ke loket").click()
    desk.get_by_role("button", name="Teruskan ke").click()

    # The operator's counter calls the same ticket and opens the recording of its file.
    op = person(staff=operator)
    assert call_next(op, base, operator_counter.pk) == label
    op.locator("#open-biometrics").click()
    op.get_by_label("ID perangkat perekam").fill("KLT-REK-01")
    for name in ("Foto terekam", "Sidik jari (10 jari) terekam", "Iris mata terekam", "Tanda tangan terekam"):
        op.get_by_label(name).check()
    op.get_by_role("button", name="Simpan dan kirim ke pusat").click()
    expect(op.locator("body")).to_contain_text("terekam dan dikirim ke pusat")  # back at the counter console
    assert op.url.endswith(f"/staf/antrean/loket/{operator_counter.pk}/")
    op.get_by_role("button", name="Selesai").click()

    # The background workers: the outbox sends the record, the simulator answers, the poller reads it.
    assert outbox.drain().sent == 1
    application = Application.objects.get(number=number)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and application.status != Status.PRINT_READY:
        poll_updates()
        application.refresh_from_db()
        time.sleep(0.3)
    assert application.status == Status.PRINT_READY

    # Print queue, in ticket order; the card is printed and put at the pickup desk.
    op.goto(f"{base}/staf/kartu/cetak/")
    op.get_by_role("row", name=number).get_by_role("link", name="Cetak").click()
    op.get_by_label("Nomor seri blangko").fill("3310202699100001")
    op.get_by_role("button", name="Simpan hasil cetak").click()
    expect(op.locator("body")).to_contain_text("tercetak")
    op.get_by_role("button", name="Siap diambil").click()

    # Pickup: the applicant herself, identity checked.
    pickup = person(staff=pickup_officer)
    pickup.goto(f"{base}/staf/kartu/ambil/")
    pickup.get_by_label("Nomor permohonan, NIK, atau pindai QR").fill(number)
    pickup.get_by_role("button", name="Cari").click()
    pickup.get_by_label("Dokumen identitas yang dilihat").fill("KK asli")
    pickup.get_by_label("Identitas penerima sudah saya periksa").check()
    pickup.get_by_role("button", name="Catat penyerahan").click()
    expect(pickup.locator("body")).to_contain_text("sudah diserahkan")

    application.refresh_from_db()
    assert application.status == Status.COLLECTED and application.channel == "walk_in"
    assert list(application.history.values_list("to_status", flat=True)) == [
        Status.DRAFT, Status.SUBMITTED, Status.IN_VERIFICATION, Status.VERIFIED, Status.AWAITING_BIOMETRICS,
        Status.SENT_TO_CENTRAL, Status.PRINT_READY, Status.PRINTED, Status.READY_FOR_PICKUP, Status.COLLECTED,
    ]
    assert application.tickets.get().label == label
