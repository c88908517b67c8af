"""Hostile request data: bodies the API cannot read answer JSON with an Indonesian message (never an HTML
page or a 500), and integers from GET, POST and the API are read within bounds (never an overflow)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.complaints.models import Complaint
from apps.core.inputs import MAX_ID, parse_id, parse_int
from tests.factories import make_resident, make_staff, sign_in_staff

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
COMPLAINT = {"subject": "Antrean lama", "description": "Saya menunggu tiga jam di loket.", "email": "uji@contoh.id"}


def _resident_client() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(make_resident(), backend="apps.accounts.backends.IdentifierBackend")
    return client


def _staff_client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    sign_in_staff(client, make_staff(role))
    return client


def _json_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    return str(body["detail"])


@pytest.mark.parametrize(
    ("label", "body", "code"),
    [
        ("lone surrogate", json.dumps({**COMPLAINT, "subject": "Antre\ud800an"}).encode(), "invalid_text"),
        ("lone surrogate in a key", b'{"\\udfff": 1, "subject": "a", "description": "bbbbbbbbbbbb"}', "invalid_text"),
        ("NUL character", json.dumps({**COMPLAINT, "description": "Saya\u0000 menunggu lama sekali"}).encode(),
         "invalid_text"),
        ("malformed JSON", b'{"subject": "Antrean', "invalid_json"),
        ("not UTF-8", b'{"subject": "\xff\xfe"}', "invalid_json"),
        ("nested past the parser's depth", b"[" * 100_000, "invalid_json"),
    ],
)
def test_a_body_the_api_cannot_take_answers_json_in_indonesian(label: str, body: bytes, code: str) -> None:
    response = Client(raise_request_exception=False).post(
        "/api/v1/pengaduan/", data=body, content_type="application/json"
    )
    detail = _json_error(response, 400, code)
    assert "sah" in detail, label
    assert Complaint.objects.count() == 0


def test_an_oversized_json_body_answers_json_413(settings: Any) -> None:
    body = json.dumps({**COMPLAINT, "description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = _resident_client().post("/api/v1/pengaduan/", data=body, content_type="application/json")
    assert "terlalu besar" in _json_error(response, 413, "too_large")
    assert Complaint.objects.count() == 0


def test_the_site_400_handler_answers_json_for_the_api_and_a_page_elsewhere(rf: Any) -> None:
    from django.core.exceptions import RequestDataTooBig, SuspiciousOperation

    from sipon.api import bad_request

    api = bad_request(rf.post("/api/v1/pengaduan/"), RequestDataTooBig("too big"))
    assert api.status_code == 413 and api["Content-Type"].startswith("application/json")
    other = bad_request(rf.get("/api/v1/x"), SuspiciousOperation("host"))
    assert other.status_code == 400 and json.loads(other.content)["code"] == "bad_request"
    page = bad_request(rf.get("/pengaduan/"), SuspiciousOperation("host"))
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("slot", [HUGE, str(MAX_ID + 1), "\u00b2", "\u0661\u0662", "-1", "0", "1e3", " 12 "])
def test_a_booking_with_an_impossible_slot_is_refused_with_a_message(slot: str) -> None:
    client = _resident_client()
    page = client.post(reverse("appointments:book"), {"slot": slot})
    assert page.status_code == 400
    assert "Sesi yang dipilih tidak dikenal" in page.content.decode()


@pytest.mark.parametrize("slot", [int(HUGE), MAX_ID + 1, 0, -5])
def test_the_booking_api_bounds_the_slot_id(slot: int) -> None:
    response = _resident_client().post("/api/v1/reservasi/", data={"slot": slot}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "slot"


def test_the_verification_desk_bounds_the_waiting_days_filter() -> None:
    from apps.applications import services

    client = _staff_client("file_receiver")
    page = client.get(reverse("applications_staff:queue"), {"min_age_days": HUGE})
    assert page.status_code == 200
    api = client.get("/api/v1/staf/permohonan/antrean", {"min_age_days": HUGE})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "min_age_days"]
    assert client.get("/api/v1/staf/permohonan/antrean", {"min_age_days": 365}).status_code == 200
    # the service itself, whatever calls it: out of bounds is "not given"
    assert services.desk_queue({"min_age_days": int(HUGE)}).count() == 0
    assert services.desk_queue({"min_age_days": HUGE}).count() == 0


def test_other_integer_parameters_are_bounded(staff_client: Any) -> None:
    client = staff_client("section_head")
    assert client.get(reverse("dashboards_staff:home"), {"lokasi": HUGE, "layanan": "\u00b2"}).status_code == 200
    assert client.get(reverse("dashboards_staff:drill"), {"metrik": "overdue", "lokasi": HUGE}).status_code == 200


def test_blank_stock_forms_bound_their_numbers() -> None:
    from apps.issuance.forms import ReceiveBatchForm, TransferForm

    receive = ReceiveBatchForm({"quantity": "10", "serial_start": str(MAX_ID)})
    assert not receive.is_valid() and "serial_start" in receive.errors
    transfer = TransferForm({"quantity": HUGE})
    assert not transfer.is_valid() and "quantity" in transfer.errors


def test_a_document_version_number_out_of_range_is_not_found() -> None:
    from apps.applications.services import upload_document
    from apps.applications.tests.factories import draft, jpeg_bytes, resident, upload

    owner = resident()
    application = draft(owner)
    requirement = application.service_type.required_documents.first()
    assert requirement is not None
    version = upload_document(application, requirement, upload("kk.jpg", jpeg_bytes()), user=owner)
    client = Client(raise_request_exception=False)
    client.force_login(owner, backend="apps.accounts.backends.IdentifierBackend")
    url = reverse("documents:file", args=[version.document.public_id])
    assert client.get(url, {"v": "1"}).status_code == 200
    for wanted in (HUGE, "40000", "\u00b2"):
        assert client.get(url, {"v": wanted}).status_code == 404


def test_parse_int_takes_ascii_digits_within_bounds_only() -> None:
    assert parse_int("42") == 42 and parse_int(" 7 ") == 7 and parse_int(5) == 5
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in ("", None, "-1", "1.5", "1e3", "\u00b2", "\u0661", HUGE, str(MAX_ID + 1), True, "0x10"):
        assert parse_id(bad) is None, bad
    assert parse_int("366", maximum=365) is None and parse_int("0", minimum=0) == 0
