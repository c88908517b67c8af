"""The file desk at the counter: a called ticket opens the walk-in applicant's file in the same workflow as an
online file; bad input gets a clear Indonesian message and keeps what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import Sex
from apps.applications import services as application_services
from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status
from apps.appointments.tests.factories import make_counter, make_location, require_open_today
from apps.locations.models import Stage
from apps.queueing import services
from apps.queueing.models import Ticket, TicketStatus
from tests.factories import make_staff, nik_for, sign_in_staff

pytestmark = pytest.mark.django_db

BIRTH = dt.date(2008, 5, 4)


@pytest.fixture(autouse=True)
def _open_today():
    require_open_today()


@pytest.fixture(autouse=True)
def _after_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Run what the services queue for after commit (routing a verified file, notifications) as the
    request's commit would: the test's own transaction never commits."""
    from django.test import Client

    real_post = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return real_post(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def desk_data(nik: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "nik": nik, "full_name": "Siti Aminah", "kk_number": "3310250101080001", "birth_place": "Klaten",
        "birth_date": BIRTH.isoformat(), "sex": Sex.FEMALE, "address": "Jl. Merapi 3", "rt": "002", "rw": "004",
        "district": "33.10.25", "village": "33.10.25.1001", "contact_phone": "081234567890",
        "original_kk": "on", "verify_now": "on",
    }
    data.update(overrides)
    return data


def called_ticket(client: Any, code: str = "ktp-baru") -> tuple[Any, Ticket]:
    location = make_location()
    counter = make_counter(location, 1)
    ticket = services.issue_ticket(location, ServiceType.objects.get(code=code))
    client.post(reverse("queueing_staff:console_action", args=[counter.pk, "next"]))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED
    return counter, ticket


def desk_url(counter: Any, ticket: Ticket) -> str:
    return reverse("queueing_staff:file_desk", args=[counter.pk, ticket.pk])


def test_a_walk_in_file_is_submitted_and_verified_at_the_counter_in_the_online_workflow(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    assert client.get(reverse("queueing_staff:console", args=[counter.pk])).content.decode().count(desk_url(
        counter, ticket))
    nik = nik_for(BIRTH, Sex.FEMALE)
    response = client.post(desk_url(counter, ticket), desk_data(nik))
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "applications_staff:receipt", args=[application.number])
    ticket.refresh_from_db()
    assert ticket.application == application and application.channel == "walk_in"
    assert application.status == Status.AWAITING_BIOMETRICS and application.submitted_at is not None
    assert (application.full_name, application.birth_date, application.sex, application.village_id) == (
        "SITI AMINAH", BIRTH, "P", "33.10.25.1001")
    assert list(application.history.values_list("to_status", flat=True)) == [
        Status.DRAFT, Status.SUBMITTED, Status.IN_VERIFICATION, Status.VERIFIED, Status.AWAITING_BIOMETRICS]
    assert application.decisions.get().checklist == {"data": True, "kk": True}
    assert application.estimated_completion_date is not None


def test_without_verify_the_file_waits_at_the_verification_desk_like_an_online_file(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    data = desk_data(nik_for(BIRTH, Sex.FEMALE))
    del data["verify_now"]
    client.post(desk_url(counter, ticket), data)
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application in list(application_services.desk_queue())


def test_it_refuses_a_nik_that_fails_the_checks_and_keeps_what_was_typed(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    response = client.post(desk_url(counter, ticket), desk_data("33102544050800"))
    page = response.content.decode()
    assert response.status_code == 400 and "NIK harus 16 angka; Anda mengetik 14." in page
    assert 'value="Jl. Merapi 3"' in page and 'value="33102544050800"' in page
    assert not Application.objects.exists()


def test_it_refuses_a_sex_that_contradicts_the_nik(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    response = client.post(desk_url(counter, ticket), desk_data(nik_for(BIRTH, Sex.FEMALE), sex=Sex.MALE))
    page = response.content.decode()
    assert response.status_code == 400 and "Jenis kelamin tidak sama dengan NIK" in page
    assert 'value="SITI AMINAH"' in page or 'value="Siti Aminah"' in page
    assert not Application.objects.exists()


def test_it_refuses_a_birth_date_that_contradicts_the_nik(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    response = client.post(desk_url(counter, ticket),
                           desk_data(nik_for(BIRTH, Sex.FEMALE), birth_date="2008-05-05"))
    page = response.content.decode()
    assert response.status_code == 400 and "Tanggal lahir tidak sama dengan yang tertulis di NIK (04-05-2008)" in page
    assert 'value="2008-05-05"' in page
    assert not Application.objects.exists()


def test_it_refuses_a_second_file_for_one_ticket(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    client.post(desk_url(counter, ticket), desk_data(nik_for(BIRTH, Sex.FEMALE)))
    other = nik_for(dt.date(1990, 1, 1), Sex.MALE)
    response = client.post(desk_url(counter, ticket), desk_data(
        other, sex=Sex.MALE, birth_date="1990-01-01", full_name="Budi"))
    page = response.content.decode()
    assert response.status_code == 409
    assert f"Tiket {ticket.label} sudah punya berkas" in page and "satu tiket satu berkas" in page
    assert f'value="{other}"' in page
    assert Application.objects.count() == 1


def test_a_ticket_called_at_another_counter_cannot_be_filed_here(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    second = make_counter(counter.location, 2)
    response = client.post(desk_url(second, ticket), desk_data(nik_for(BIRTH, Sex.FEMALE)))
    page = response.content.decode()
    assert response.status_code == 409
    assert f"Tiket {ticket.label} sedang dilayani di loket 1, bukan di loket Anda" in page
    assert 'value="Jl. Merapi 3"' in page
    assert not Application.objects.exists()


def test_a_missing_document_keeps_the_draft_and_says_what_to_scan(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    data = desk_data(nik_for(BIRTH, Sex.FEMALE))
    del data["original_kk"]
    response = client.post(desk_url(counter, ticket), data)
    assert response.status_code == 400 and "Pindai atau periksa aslinya: Kartu Keluarga (KK)." in (
        response.content.decode())
    draft = Application.objects.get()
    assert draft.status == Status.DRAFT and draft.full_name == "SITI AMINAH"
    again = client.get(desk_url(counter, ticket)).content.decode()
    assert 'value="SITI AMINAH"' in again and draft.number in again
    data["original_kk"] = "on"
    client.post(desk_url(counter, ticket), data)
    assert Application.objects.get().status == Status.AWAITING_BIOMETRICS


def test_the_operator_stage_opens_the_biometric_recording_of_the_ticket_file(staff_client, client):
    files = staff_client("file_receiver")
    counter, ticket = called_ticket(files)
    files.post(desk_url(counter, ticket), desk_data(nik_for(BIRTH, Sex.FEMALE)))
    files.post(reverse("queueing_staff:console_action", args=[counter.pk, "transfer"]))
    application = Application.objects.get()
    operator_counter = make_counter(counter.location, 3, stages=(Stage.BIOMETRIC,))
    operator = make_staff("operator")
    sign_in_staff(client, operator)
    client.post(reverse("queueing_staff:console_action", args=[operator_counter.pk, "next"]))
    console = client.get(reverse("queueing_staff:console", args=[operator_counter.pk])).content.decode()
    record_url = reverse("issuance_staff:biometrics_record", args=[application.number])
    assert record_url in console
    assert client.get(record_url).status_code == 200


def test_an_operator_opening_a_file_that_was_not_verified_is_told_why(staff_client, client):
    files = staff_client("file_receiver")
    counter, ticket = called_ticket(files)
    data = desk_data(nik_for(BIRTH, Sex.FEMALE))
    del data["verify_now"]
    files.post(desk_url(counter, ticket), data)
    application = Application.objects.get()
    sign_in_staff(client, make_staff("operator"))
    response = client.get(reverse("issuance_staff:biometrics_record", args=[application.number]))
    page = response.content.decode()
    assert response.status_code == 409
    assert f"Berkas {application.number} belum dapat direkam: statusnya Diajukan" in page


def test_the_counter_receipt_names_the_file_the_date_the_check_link_and_that_the_service_is_free(staff_client):
    from apps.notifications.models import Notification

    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client, "ktp-hilang")
    nik = nik_for(BIRTH, Sex.FEMALE)
    client.post(desk_url(counter, ticket), desk_data(nik, **{"original_surat-kehilangan": "on"},
                                                      contact_email="siti@contoh.id"))
    application = Application.objects.get()
    assert application.status in (Status.SENT_TO_CENTRAL, Status.PRINT_READY)
    page = client.get(reverse("applications_staff:receipt", args=[application.number])).content.decode()
    short = reverse("short_check", args=[application.number])
    assert application.number in page and "KTP-el hilang" in page and short in page and "<svg" in page
    assert "Layanan ini gratis, tidak dipungut biaya (UU 24/2013 Pasal 79A)" in page
    assert application.estimated_completion_date is not None
    assert f"{application.estimated_completion_date.year}" in page
    application.refresh_from_db()
    assert application.estimate_told == application.estimated_completion_date  # a later move is told once
    pdf = client.get(reverse("applications_staff:receipt_pdf", args=[application.number]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sent = Notification.objects.filter(event="application.receipt")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]
    assert all(application.number in n.body and short in n.url for n in sent)
    # The short link opens the public status check, which finds the walk-in file by its birth date.
    follow = client.get(short)
    assert follow.status_code == 302
    found = client.post(follow["Location"], {"number": application.number, "birth_date": BIRTH.isoformat()})
    assert application.get_status_display() in found.content.decode()


def test_a_booked_visit_continues_the_residents_online_draft_and_the_booking_names_the_file(staff_client):
    from apps.applications import services as application_services
    from apps.appointments.models import Booking, BookingStatus
    from apps.appointments.tests.factories import make_slot
    from tests.factories import make_resident

    resident = make_resident(birth=BIRTH, sex=Sex.FEMALE, name="SITI AMINAH")
    service = ServiceType.objects.get(code="ktp-baru")
    draft = application_services.start_draft(service, resident, married=True)
    location = make_location()
    counter = make_counter(location, 1)
    from django.utils import timezone

    slot = make_slot(location, service, timezone.localdate(), start="00:00", end="23:59")
    booking = Booking.objects.create(code="ABCD2345", slot=slot, location=location, service=service,
                                     date=slot.date, user=resident, nik=resident.resident.nik,
                                     full_name="SITI AMINAH", status=BookingStatus.BOOKED)
    ticket = services.check_in(booking.code, location)
    client = staff_client("file_receiver")
    client.post(reverse("queueing_staff:console_action", args=[counter.pk, "next"]))
    page = client.get(desk_url(counter, ticket)).content.decode()
    assert f'value="{resident.resident.nik}"' in page and draft.number in page
    client.post(desk_url(counter, ticket), desk_data(resident.resident.nik, kk_number=resident.resident.kk_number))
    booking.refresh_from_db()
    draft.refresh_from_db()
    assert booking.application == draft and Application.objects.count() == 1
    assert draft.status == Status.AWAITING_BIOMETRICS and draft.tickets.get() == ticket


def test_a_data_change_at_the_counter_records_its_f106_changes(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client, "ktp-perubahan-data")
    data = desk_data(nik_for(BIRTH, Sex.FEMALE), **{"original_ktp-lama": "on", "original_bukti-perubahan": "on"})
    missing = client.post(desk_url(counter, ticket), data)
    assert missing.status_code == 400 and "Pilih setidaknya satu data yang berubah." in missing.content.decode()
    assert not Application.objects.exists()
    data.update({"f106-change_occupation": "on", "f106-new_occupation": "Guru"})
    assert client.post(desk_url(counter, ticket), data).status_code == 302
    application = Application.objects.get()
    assert application.form_data["changes"] == [{"element": "occupation", "label": "Pekerjaan", "new": "Guru"}]
    assert application.status == Status.VERIFIED or application.status == Status.SENT_TO_CENTRAL


def test_a_nik_mistyped_in_the_desks_draft_is_corrected_on_the_next_try(staff_client):
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    wrong = nik_for(BIRTH, Sex.FEMALE, 1111)
    data = desk_data(wrong)
    del data["original_kk"]  # the first try stops at the checklist: the draft keeps the mistyped NIK
    client.post(desk_url(counter, ticket), data)
    assert Application.objects.get().nik == wrong
    right = nik_for(BIRTH, Sex.FEMALE, 2222)
    assert client.post(desk_url(counter, ticket), desk_data(right)).status_code == 302
    application = Application.objects.get()
    assert application.nik == right and application.status == Status.AWAITING_BIOMETRICS


def test_the_nik_look_up_fills_the_form_from_the_residents_account_or_an_earlier_file(staff_client):
    from tests.factories import make_resident

    resident = make_resident(birth=dt.date(1975, 6, 1), name="SUGENG RIYADI", village="33.10.25.1003")
    client = staff_client("file_receiver")
    counter, ticket = called_ticket(client)
    page = client.get(desk_url(counter, ticket), {"nik": resident.resident.nik}).content.decode()
    assert 'value="SUGENG RIYADI"' in page and 'value="1975-06-01"' in page
    assert 'value="33.10.25.1003" selected' in page
    earlier = nik_for(BIRTH, Sex.FEMALE)
    client.post(desk_url(counter, ticket), desk_data(earlier, address="Dukuh Sidowayah"))
    _counter2, second = called_ticket(client)
    again = client.get(desk_url(counter, second), {"nik": earlier}).content.decode()
    assert 'value="SITI AMINAH"' in again and 'value="Dukuh Sidowayah"' in again
