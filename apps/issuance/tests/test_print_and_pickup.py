from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.applications.workflow import Status
from apps.issuance import services
from apps.issuance.models import Handover, PickupReady
from apps.issuance.tests.factories import location, make_application
from apps.notifications.models import Notification
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def test_the_print_queue_puts_priority_groups_first_then_ticket_order() -> None:
    from apps.queueing.models import Ticket

    first = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    second = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    elderly = make_application(status=Status.PRINT_READY, code="ktp-hilang", priority_group="elderly")
    assert list(services.print_queue(location())) == [elderly, first, second]
    # The second one took its queue ticket at dawn, before the first file was submitted.
    assert first.submitted_at is not None
    Ticket.objects.create(
        location=location(),
        date=timezone.localdate(),
        service=second.service_type,
        queue_code="C",
        number=1,
        token="t-second",
        queued_at=first.submitted_at - dt.timedelta(hours=2),
        application=second,
    )
    assert list(services.print_queue(location())) == [elderly, second, first]


def test_an_operator_prints_and_the_resident_is_told_where_and_when_to_collect(
    staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = staff_client("operator")
    place = location()
    services.receive_batch(place, quantity=2, serial_start=2100000001)
    resident = make_resident()
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang", applicant=resident)
    assert application.number in client.get("/staf/kartu/cetak/").content.decode()
    response = client.post(f"/staf/kartu/cetak/{application.number}/", {"serial": "2100000001", "result": "printed"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.PRINTED
    # The same serial again is refused with a clear message, nothing changes.
    other = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    response = client.post(f"/staf/kartu/cetak/{other.number}/", {"serial": "2100000001", "result": "printed"})
    assert "sudah pernah dipakai" in response.content.decode()
    assert services.balance_of(place) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staf/kartu/cetak/{application.number}/siap-diambil/")
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PICKUP
    message = Notification.objects.filter(
        recipient=resident, event="application.ready_for_pickup", channel="in_app"
    ).get()
    assert place.name in message.body and "08:00" in message.body


def _ready(**kwargs: Any) -> Any:
    application = make_application(status=Status.READY_FOR_PICKUP, code="ktp-hilang", **kwargs)
    PickupReady.objects.create(application=application, location=location())
    return application


def test_the_pickup_desk_finds_a_card_by_number_nik_or_qr(staff_client: Any) -> None:
    client = staff_client("pickup_officer")
    application = _ready()
    for query in (application.number, application.nik, f"http://127.0.0.1:8000/permohonan/{application.number}/"):
        response = client.get("/staf/kartu/ambil/", {"q": query})
        assert response.status_code == 302 and response["Location"].endswith(f"/ambil/{application.number}/")
    assert "Tidak ditemukan" in client.get("/staf/kartu/ambil/", {"q": "KTP-000000-XXXXXX"}).content.decode()


def test_a_proxy_needs_a_power_of_attorney(staff_client: Any) -> None:
    client = staff_client("pickup_officer")
    application = _ready()
    url = f"/staf/kartu/ambil/{application.number}/"
    data = {
        "recipient_kind": "proxy",
        "id_checked": "on",
        "id_document": "KTP-el penerima",
        "recipient_name": "AHMAD FAUZI",
        "recipient_nik": "3310251203850001",
        "proxy_relation": "Kakak",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "surat kuasa" in response.content.decode()
    assert 'value="AHMAD FAUZI"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PICKUP and not Handover.objects.exists()
    scan = SimpleUploadedFile("kuasa.pdf", b"%PDF-1.4 surat kuasa", content_type="application/pdf")
    response = client.post(url, {**data, "poa_document": scan})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.COLLECTED
    handover = Handover.objects.get(application=application)
    assert handover.recipient_name == "AHMAD FAUZI" and handover.handed_by == client.user and handover.poa_document
    assert "AHMAD FAUZI" in application.history.last().note


def test_a_handover_needs_the_identity_check(staff_client: Any) -> None:
    client = staff_client("pickup_officer")
    application = _ready()
    response = client.post(f"/staf/kartu/ambil/{application.number}/", {"recipient_kind": "self", "id_document": "KK"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(
        f"/staf/kartu/ambil/{application.number}/",
        {"recipient_kind": "self", "id_document": "KK asli", "id_checked": "on"},
    )
    assert response.status_code == 302
    assert Handover.objects.get().recipient_nik == application.nik


def test_the_pickup_desk_is_for_pickup_officers(staff_client: Any, client: Any) -> None:
    application = _ready()
    assert client.get(f"/staf/kartu/ambil/{application.number}/").status_code == 302
    assert staff_client("file_receiver").get(f"/staf/kartu/ambil/{application.number}/").status_code == 403


def test_uncollected_cards_are_listed_by_age_and_reminded(staff_client: Any) -> None:
    resident = make_resident()
    application = _ready(applicant=resident)
    PickupReady.objects.filter(application=application).update(ready_at=timezone.now() - dt.timedelta(days=8))
    assert services.remind_uncollected() == 1
    assert services.remind_uncollected() == 0  # the next one is due at 14 days
    assert Notification.objects.filter(recipient=resident, event="card.pickup_reminder").exists()
    page = staff_client("pickup_officer").get("/staf/kartu/ambil/belum-diambil/").content.decode()
    assert application.number in page and "<td>8</td>" in page
