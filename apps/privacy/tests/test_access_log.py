"""The privacy officer asks: who looked at this person's data?"""

from __future__ import annotations

from typing import Any

import pytest

from apps.core import audit
from apps.core.models import AuditEvent
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def test_it_lists_who_looked_at_a_nik_and_records_the_lookup(staff_client: Any) -> None:
    resident = make_resident()
    other = make_resident()
    looker = make_staff("file_receiver", username="penerima-satu")
    audit.record("document.viewed", actor=looker, subject=resident, subject_nik=resident.resident.nik)
    audit.record("document.viewed", actor=looker, subject=resident, subject_nik=resident.resident.nik)
    audit.record("document.viewed", actor=make_staff("operator", username="operator-lain"),
                 subject_nik=other.resident.nik)
    client = staff_client("section_head")
    page = client.get("/staf/data-pribadi/akses/", {"nik": resident.resident.nik}).content.decode()
    assert "penerima-satu" in page
    assert "operator-lain" not in page
    assert AuditEvent.objects.filter(action="privacy.access_log_viewed", subject_nik=resident.resident.nik).exists()


def test_it_explains_a_malformed_nik(staff_client: Any) -> None:
    response = staff_client("administrator").get("/staf/data-pribadi/akses/", {"nik": "123"})
    assert response.status_code == 400
    assert "16 angka" in response.content.decode()
