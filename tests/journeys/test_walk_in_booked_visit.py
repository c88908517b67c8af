"""A booked visit becomes a file: the resident started an online draft and booked a visit; at the kiosk the
booking turns into a ticket, the counter's call opens that very draft with the booking's service and NIK,
and the resident's booking page then names the file it served."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications import services as application_services
from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status
from apps.appointments.models import Booking, BookingStatus
from apps.appointments.tests.factories import make_counter, make_location, make_slot
from apps.locations.models import Stage
from tests.factories import make_resident, make_staff
from tests.journeys.helpers import call_next

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_walk_in_booked_visit_opens_the_residents_draft_and_the_booking_names_it(live_server: Any,
                                                                                  person: Any) -> None:
    import datetime as dt

    base = live_server.url
    office = make_location()
    desk_counter = make_counter(office, 1, stages=(Stage.DOCUMENT_CHECK,))
    service = ServiceType.objects.get(code="ktp-rusak")
    resident = make_resident(birth=dt.date(1992, 7, 9), sex=Sex.FEMALE, name="ENDANG LESTARI",
                             email="endang@contoh.id")
    draft = application_services.start_draft(service, resident)
    slot = make_slot(office, service, timezone.localdate(), start="00:00", end="23:59")
    booking = Booking.objects.create(code="KLT7H3QZ", slot=slot, location=office, service=service, date=slot.date,
                                     user=resident, nik=resident.resident.nik, full_name="ENDANG LESTARI",
                                     status=BookingStatus.BOOKED)
    kiosk_staff, receiver = make_staff("information_desk"), make_staff("file_receiver")

    # The booking code at the kiosk gives a ticket.
    kiosk = person(staff=kiosk_staff)
    kiosk.goto(f"{base}/staf/antrean/anjungan/{office.slug}/reservasi/")
    kiosk.get_by_label("Kode reservasi atau pindai kode QR").fill(booking.code)
    kiosk.get_by_role("button", name="Ambil nomor antrean").click()
    label = kiosk.locator("#ticket-label").inner_text()

    # The counter calls it: the desk opens the resident's own draft, NIK and data filled in from her account.
    desk = person(staff=receiver)
    assert call_next(desk, base, desk_counter.pk) == label
    desk.locator("#open-file-desk").click()
    expect(desk.locator("#desk-application")).to_have_text(draft.number)
    assert desk.get_by_label("NIK (Nomor Induk Kependudukan)").input_value() == resident.resident.nik
    assert desk.get_by_label("Nama lengkap").input_value() == "ENDANG LESTARI"
    desk.get_by_label("Asli Kartu Keluarga (KK) sudah diperiksa di loket").check()
    desk.get_by_label("Asli Foto KTP-el yang rusak sudah diperiksa di loket").check()
    desk.locator("#desk-submit").click()
    expect(desk.locator("#receipt-number")).to_have_text(draft.number)

    # The resident signs in at home: her booking names the file, and the file is hers to follow.
    home = person()
    home.goto(f"{base}/akun/masuk/")
    home.get_by_label("E-mail, nomor HP, atau nama pengguna").fill("endang@contoh.id")
    home.get_by_label("Kata sandi").fill("Rahasia-123")
    home.get_by_role("button", name="Masuk").click()
    home.goto(f"{base}/reservasi/{booking.code}/")
    expect(home.locator("#booking-application")).to_have_text(draft.number)
    home.locator("#booking-application a").click()
    expect(home.locator("body")).to_contain_text(draft.number)

    assert Application.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status not in (Status.DRAFT, Status.SUBMITTED) and draft.tickets.get().label == label
