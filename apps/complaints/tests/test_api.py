"""The complaints JSON API."""

from __future__ import annotations

import pytest

from apps.complaints.models import Complaint
from apps.complaints.tests.factories import API_BODY, make_complaint
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

BODY = API_BODY


def test_it_files_an_anonymous_complaint_with_a_contact_and_follows_it(client):
    response = client.post("/api/v1/pengaduan/", {**BODY, "phone": "081234000111"}, content_type="application/json")
    assert response.status_code == 201
    code = response.json()["code"]
    assert Complaint.objects.get(code=code).filer is None
    assert client.get(f"/api/v1/pengaduan/{code}", {"contact": "0812-3400-0111"}).json()["status"] == "received"
    assert client.get(f"/api/v1/pengaduan/{code}", {"contact": "081299999999"}).status_code == 404


def test_it_refuses_an_anonymous_complaint_without_a_contact(client):
    response = client.post("/api/v1/pengaduan/", BODY, content_type="application/json")
    assert response.status_code == 400
    assert "email" in response.json()["fields"]
    assert Complaint.objects.count() == 0


def test_it_hides_another_residents_complaint_and_internal_notes(client):
    from apps.complaints import services
    from tests.factories import make_staff

    owner, other = make_resident(), make_resident()
    complaint = make_complaint(filer=owner)
    services.post_message(
        complaint, body="internal-xyz", author=make_staff("customer_service"), from_staff=True, internal=True
    )
    client.force_login(other)
    assert client.get(f"/api/v1/pengaduan/{complaint.code}").status_code == 404
    client.force_login(owner)
    data = client.get(f"/api/v1/pengaduan/{complaint.code}").json()
    assert data["code"] == complaint.code and "internal-xyz" not in str(data)
