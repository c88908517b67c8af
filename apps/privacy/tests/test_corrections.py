"""A resident asks for a correction; staff see it with its 3 x 24 h deadline and answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.privacy.models import CorrectionRequest
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _ask(client: Any, resident: Any, **data: str) -> Any:
    client.force_login(resident, backend="apps.accounts.backends.IdentifierBackend")
    return client.post("/data-pribadi/", {"item": "full_name", "current_value": "BUDI SANTOSA",
                                          "correct_value": "BUDI SANTOSO", "note": "", **data})


def test_it_records_a_correction_request_with_a_72_hour_deadline(client: Any) -> None:
    resident = make_resident()
    response = _ask(client, resident)
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.nik == resident.resident.nik
    assert correction.due_at - correction.created_at == dt.timedelta(hours=72)
    page = client.get("/data-pribadi/")
    assert "BUDI SANTOSO" in page.content.decode()


def test_it_keeps_the_form_and_stores_nothing_without_the_correct_value(client: Any) -> None:
    resident = make_resident()
    response = _ask(client, resident, correct_value="")
    assert response.status_code == 400
    assert "BUDI SANTOSA" in response.content.decode()
    assert CorrectionRequest.objects.count() == 0


def test_staff_see_the_countdown_and_answer_and_the_resident_is_told(staff_client: Any,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    from apps.notifications.models import Notification

    resident = make_resident()
    correction = CorrectionRequest.objects.create(resident=resident, nik=resident.resident.nik, item="address",
                                                  correct_value="Jl. Merapi 2")
    CorrectionRequest.objects.filter(pk=correction.pk).update(due_at=timezone.now() - dt.timedelta(hours=2))
    client = staff_client("customer_service")
    listing = client.get("/staf/data-pribadi/koreksi/").content.decode()
    assert "lewat 2 jam" in listing or "lewat 1 jam" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staf/data-pribadi/koreksi/{correction.pk}/",
                               {"outcome": "done", "response": "Alamat sudah diperbaiki."})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "done" and correction.handled_by == client.user
    assert Notification.objects.filter(recipient=resident, event="privacy.correction_handled").exists()
    assert AuditEvent.objects.filter(action="privacy.correction_handled", subject_nik=resident.resident.nik).exists()


def test_other_roles_cannot_handle_corrections(staff_client: Any) -> None:
    assert staff_client("operator").get("/staf/data-pribadi/koreksi/").status_code == 403
