from __future__ import annotations

from typing import Any

import pytest

from apps.applications.workflow import Status
from apps.central.models import CentralRecord, OutboxMessage
from apps.issuance.models import BiometricCapture
from apps.issuance.tests.factories import make_application

pytestmark = pytest.mark.django_db

GOOD = {"device_id": "KLT-REK-01", "photo": "on", "fingerprints": "on", "iris": "on", "signature": "on"}


def test_an_operator_records_biometrics_and_the_record_goes_to_central(staff_client: Any) -> None:
    client = staff_client("operator")
    application = make_application(status=Status.AWAITING_BIOMETRICS)
    assert application.number in client.get("/staf/kartu/biometrik/").content.decode()
    response = client.post(f"/staf/kartu/biometrik/{application.number}/", GOOD)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    capture = BiometricCapture.objects.get(application=application)
    assert capture.operator == client.user and capture.device_id == "KLT-REK-01"
    assert OutboxMessage.objects.filter(application=application, status="pending").count() == 1
    states = list(CentralRecord.objects.get(application=application).history.values_list("state", flat=True))
    assert states == ["BIO_CAPTURED", "SENT_FOR_ENROLLMENT"]


def test_it_refuses_an_incomplete_capture_and_keeps_what_was_typed(staff_client: Any) -> None:
    client = staff_client("operator")
    application = make_application(status=Status.AWAITING_BIOMETRICS)
    response = client.post(f"/staf/kartu/biometrik/{application.number}/", {**GOOD, "iris": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and 'value="KLT-REK-01"' in html
    application.refresh_from_db()
    assert application.status == Status.AWAITING_BIOMETRICS
    assert not BiometricCapture.objects.exists() and not OutboxMessage.objects.exists()


def test_biometric_recording_is_for_operators(staff_client: Any, client: Any) -> None:
    application = make_application(status=Status.AWAITING_BIOMETRICS)
    url = f"/staf/kartu/biometrik/{application.number}/"
    assert client.get(url).status_code == 302
    assert staff_client("pickup_officer").get(url).status_code == 403


def test_a_record_not_awaiting_biometrics_is_refused_with_the_reason(staff_client: Any) -> None:
    application = make_application(status=Status.PRINT_READY)
    client = staff_client("operator")
    response = client.get(f"/staf/kartu/biometrik/{application.number}/")
    assert response.status_code == 409
    assert f"Berkas {application.number} belum dapat direkam: statusnya Siap cetak" in response.content.decode()
    assert client.get("/staf/kartu/biometrik/KTP-000000-TIDAKADA/").status_code == 404
