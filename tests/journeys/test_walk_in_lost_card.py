"""A walk-in applicant who lost her card, on a day the office has no blanks: she leaves with a receipt that
names the day to come back, and the public status check (from the receipt's short link) shows her file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import formats
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications.models import Application
from apps.appointments.tests.factories import make_counter, make_location
from apps.issuance.services import balance_of
from apps.locations.models import Stage
from tests.factories import make_staff, nik_for
from tests.journeys.helpers import call_next, fill_identity, take_ticket_at_kiosk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_walk_in_lost_card_without_blanks_leaves_with_a_dated_receipt(live_server: Any, person: Any,
                                                                      tmp_path: Path, settings: Any) -> None:
    base = settings.SITE_URL = live_server.url
    office = make_location()
    desk_counter = make_counter(office, 1, stages=(Stage.DOCUMENT_CHECK,))
    assert balance_of(office) == 0  # no blanks today
    kiosk_staff, receiver = make_staff("information_desk"), make_staff("file_receiver")
    birth = dt.date(1979, 3, 21)
    nik = nik_for(birth, Sex.FEMALE, 4410)

    kiosk = person(staff=kiosk_staff)
    label = take_ticket_at_kiosk(kiosk, base, office.slug, "KTP-el hilang")

    desk = person(staff=receiver)
    assert call_next(desk, base, desk_counter.pk) == label
    desk.locator("#open-file-desk").click()
    fill_identity(desk, nik=nik, name="Sri Wahyuni", kk="3310252103790001", birth=birth, female=True)
    desk.get_by_label("Asli Kartu Keluarga (KK) sudah diperiksa di loket").check()
    desk.get_by_label("Asli Surat keterangan kehilangan dari kepolisian sudah diperiksa di loket").check()
    desk.locator("#desk-submit").click()

    # The receipt: number, the date to come back, the short link, free of charge.
    number = desk.locator("#receipt-number").inner_text()
    application = Application.objects.get(number=number)
    assert application.estimated_completion_date is not None
    day = formats.date_format(application.estimated_completion_date, "j F Y")
    expect(desk.locator("#receipt-date")).to_contain_text(day)
    expect(desk.locator("#receipt-collect")).to_contain_text("belum dapat dicetak hari ini")
    expect(desk.locator("#receipt")).to_contain_text("Layanan ini gratis")
    desk.screenshot(path=str(tmp_path / "receipt.png"), full_page=True)
    link = desk.locator("#receipt-link").inner_text()
    assert link.endswith(f"/c/{number}/")

    # At home: the short link opens the status check with the number filled in; the birth date finds the file.
    resident = person()
    resident.goto(link)
    assert resident.get_by_label("Nomor permohonan").input_value() == number
    resident.get_by_label("Tanggal lahir pemohon").fill(birth.isoformat())
    resident.get_by_role("button", name="Cek status").click()
    expect(resident.locator(".panel")).to_contain_text(number)
    expect(resident.locator(".panel")).to_contain_text(application.get_status_display())
    expect(resident.locator(".panel")).to_contain_text(day)
