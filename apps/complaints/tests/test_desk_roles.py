"""The complaints desk is customer service and the section head, never the operators or another counter; and a
complaint about a counter or desk is never handled by the staff who work there."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.roles import Role
from apps.complaints import services
from apps.complaints.models import Complaint
from apps.complaints.tests.factories import make_complaint
from apps.complaints.workflow import Complexity, Status, Unit
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

PAID: dict[str, Any] = {"subject": "Diminta uang Rp50.000 di loket", "category": "illegal_fee"}


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.FILE_RECEIVER, Role.PICKUP_OFFICER, Role.INFORMATION_DESK])
def test_an_operator_or_another_counter_cannot_read_answer_or_close_a_complaint(staff_client, role):
    complaint = make_complaint(unit=Unit.OPERATOR, **PAID)
    client = staff_client(role)
    assert client.get(reverse("complaints_staff:inbox")).status_code == 403
    assert client.get(reverse("complaints_staff:detail", args=[complaint.code])).status_code == 403
    reply = client.post(reverse("complaints_staff:reply", args=[complaint.code]),
                        {"body": "Sudah kami tindak.", "mark_answered": "on"})
    assert reply.status_code == 403
    close = client.post(reverse("complaints_staff:status", args=[complaint.code]), {"target": Status.VERIFIED})
    assert close.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    assert not complaint.messages.exists()


def test_customer_service_handles_a_complaint_about_the_recording_counter(staff_client):
    complaint = make_complaint(unit=Unit.OPERATOR, **PAID)
    client = staff_client(Role.CUSTOMER_SERVICE)
    assert complaint.code in client.get(reverse("complaints_staff:inbox")).content.decode()
    assert client.get(reverse("complaints_staff:detail", args=[complaint.code])).status_code == 200


def test_customer_service_does_not_handle_a_complaint_about_customer_service(staff_client):
    about_desk = make_complaint(unit=Unit.CUSTOMER_SERVICE, subject="Petugas pengaduan tidak sopan")
    other = make_complaint(subject="Antrean lama")
    client = staff_client(Role.CUSTOMER_SERVICE)
    inbox = client.get(reverse("complaints_staff:inbox")).content.decode()
    assert about_desk.code not in inbox
    assert other.code in inbox
    assert client.get(reverse("complaints_staff:detail", args=[about_desk.code])).status_code == 403
    head = staff_client(Role.SECTION_HEAD)
    assert head.get(reverse("complaints_staff:detail", args=[about_desk.code])).status_code == 200


def test_it_refuses_to_give_a_complaint_to_someone_off_the_desk_or_at_the_unit():
    head = make_staff(Role.SECTION_HEAD)
    complaint = make_complaint(unit=Unit.CUSTOMER_SERVICE)
    for assignee in (make_staff(Role.OPERATOR), make_staff(Role.CUSTOMER_SERVICE)):
        with pytest.raises(ValidationError):
            services.assign(complaint, assignee, actor=head)
    services.assign(complaint, head, actor=head)
    assert Complaint.objects.get(pk=complaint.pk).assigned_to == head


def test_naming_the_unit_takes_the_complaint_from_an_assignee_who_works_there():
    head = make_staff(Role.SECTION_HEAD)
    worker = make_staff(Role.CUSTOMER_SERVICE)
    complaint = make_complaint()
    services.assign(complaint, worker, actor=head)
    services.set_complexity(complaint, Complexity.SIMPLE, unit=Unit.CUSTOMER_SERVICE, actor=head)
    complaint.refresh_from_db()
    assert complaint.unit == Unit.CUSTOMER_SERVICE
    assert complaint.assigned_to is None


def test_a_resident_names_the_counter_when_filing(client):
    response = client.post(reverse("complaints:file"), {
        "kind": "complaint", "category": "illegal_fee", "unit": Unit.OPERATOR, "subject": "Diminta uang",
        "description": "Diminta uang Rp50.000 di loket perekaman.", "email": "warga@contoh.id"})
    assert response.status_code == 302
    assert Complaint.objects.get().unit == Unit.OPERATOR


def test_the_api_takes_the_counter_a_complaint_is_about(client):
    import json

    from apps.complaints.tests.factories import API_BODY

    body = {**API_BODY, "kind": "complaint", "unit": Unit.PICKUP_OFFICER, "phone": "081234000222"}
    response = client.post("/api/v1/pengaduan/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert Complaint.objects.get(code=response.json()["code"]).unit == Unit.PICKUP_OFFICER
    bad = client.post("/api/v1/pengaduan/", json.dumps({**body, "unit": "kepala"}), content_type="application/json")
    assert bad.status_code == 400
