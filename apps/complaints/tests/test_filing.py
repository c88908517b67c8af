"""Filing and following a complaint, signed in or anonymous, with safe attachments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.complaints.models import Attachment, Complaint
from apps.complaints.tests.factories import COMPLAINT_FORM, pdf_bytes, png_bytes
from apps.complaints.workflow import Status
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

FORM = COMPLAINT_FORM


def test_it_files_a_complaint_for_a_signed_in_resident(client):
    resident = make_resident()
    client.force_login(resident)
    response = client.post(reverse("complaints:file"), FORM)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.filer == resident
    assert complaint.status == Status.RECEIVED
    assert complaint.code.startswith("ADU-")
    assert complaint.history.count() == 1
    assert client.get(reverse("complaints:detail", args=[complaint.code])).status_code == 200


def test_it_refuses_an_anonymous_complaint_without_a_contact_and_keeps_the_text(client):
    response = client.post(reverse("complaints:file"), FORM)
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
    page = response.content.decode()
    assert "Isi e-mail atau nomor HP" in page
    assert "Sudah sebulan KTP-el saya belum jadi." in page


def test_it_lets_an_anonymous_filer_follow_by_code_and_contact(client, django_user_model):
    client.post(reverse("complaints:file"), {**FORM, "name": "Siti", "phone": "0812 3456 7890"})
    complaint = Complaint.objects.get()
    other = client_class_for(client)
    assert other.get(reverse("complaints:detail", args=[complaint.code])).status_code == 404
    bad = other.post(reverse("complaints:track"), {"code": complaint.code, "contact": "081299999999"})
    assert bad.status_code == 400
    good = other.post(reverse("complaints:track"), {"code": complaint.code.lower(), "contact": "081234567890"})
    assert good.status_code == 302
    assert other.get(reverse("complaints:detail", args=[complaint.code])).status_code == 200


def client_class_for(client):
    from django.test import Client

    return Client()


def test_it_normalises_an_image_attachment_to_jpeg(client):
    resident = make_resident()
    client.force_login(resident)
    upload = SimpleUploadedFile("bukti.png", png_bytes(), content_type="image/png")
    client.post(reverse("complaints:file"), {**FORM, "attachments": [upload]})
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    assert attachment.original_name == "bukti.jpg"
    with attachment.file.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"
    url = reverse("complaints:attachment", args=[attachment.complaint.code, attachment.pk])
    assert client.get(url)["Content-Type"] == "image/jpeg"


def test_it_accepts_a_plain_pdf_and_rejects_a_pdf_with_a_script(client):
    resident = make_resident()
    client.force_login(resident)
    ok = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(reverse("complaints:file"), {**FORM, "attachments": [ok]}).status_code == 302
    bad = SimpleUploadedFile("surat.pdf", pdf_bytes(script=True), content_type="application/pdf")
    response = client.post(reverse("complaints:file"), {**FORM, "attachments": [bad]})
    assert response.status_code == 400
    assert "skrip" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_it_rejects_a_file_that_only_pretends_to_be_an_image(client):
    resident = make_resident()
    client.force_login(resident)
    fake = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(reverse("complaints:file"), {**FORM, "attachments": [fake]})
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_it_links_an_application_number_or_keeps_a_ticket_code(client):
    from apps.applications.models import Application, ServiceType

    service, _new = ServiceType.objects.get_or_create(code="ktp-baru", defaults={"name": "KTP-el baru"})
    application = Application.objects.create(number="KTP-260301-ABCDEF", service_type=service, nik="3310250101900001")
    resident = make_resident()
    client.force_login(resident)
    client.post(reverse("complaints:file"), {**FORM, "reference": "ktp-260301-abcdef"})
    client.post(reverse("complaints:file"), {**FORM, "reference": "C-014"})
    first, second = Complaint.objects.order_by("created_at", "id")
    assert first.application == application and first.service_type == service
    assert second.application is None and second.ticket_code == "C-014"


def test_it_lets_staff_enter_a_suggestion_box_slip_without_a_contact(staff_client):
    client = staff_client("customer_service")
    response = client.post(reverse("complaints_staff:new"), {**FORM, "kind": "suggestion", "source": "suggestion_box"})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.source == "suggestion_box" and complaint.entered_by == client.user
    from apps.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="complaint.filed_for_resident").exists()


def test_the_information_desk_can_record_a_walk_in_complaint_but_not_open_the_desk(staff_client):
    client = staff_client("information_desk")
    response = client.post(reverse("complaints_staff:new"), {**FORM, "source": "counter", "name": "Pak Harjo"})
    assert response.status_code == 302 and response["Location"] == reverse("complaints_staff:new")
    complaint = Complaint.objects.get()
    assert complaint.source == "counter"
    assert client.get(reverse("complaints_staff:detail", args=[complaint.code])).status_code == 403


def test_an_anonymous_complaint_queues_its_confirmation_in_the_same_transaction(client, settings):
    """The drain that sends the e-mail is written with the complaint (one commit), so it exists even though the
    test's transaction never commits; a rolled-back filing would take it away with the complaint. It runs
    within a second."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from apps.notifications.models import Notification
    from apps.notifications.services import forget_queued_drain

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "central", "notifications"]}
    }
    forget_queued_drain()  # none queued by an earlier test counts: its database was emptied
    response = client.post(reverse("complaints:file"), {**FORM, "name": "Siti", "email": "siti@contoh.id"})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    email = Notification.objects.get(address="siti@contoh.id")
    assert complaint.code in email.subject and email.status == "pending"
    task = DBTaskResult.objects.get(task_path="apps.notifications.tasks.drain")
    assert task.queue_name == "notifications" and task.run_after <= timezone.now() + dt.timedelta(seconds=1)


def test_an_unknown_category_is_refused_and_changing_one_forms_choices_leaves_the_others_alone(client):
    from django.forms import ChoiceField

    from apps.complaints.forms import ComplaintForm
    from apps.complaints.workflow import Category

    response = client.post(reverse("complaints:file"), {**FORM, "category": "bribery", "email": "a@contoh.id"})
    assert response.status_code == 400 and Complaint.objects.count() == 0
    narrowed, fresh = ComplaintForm().fields["category"], ComplaintForm().fields["category"]
    assert isinstance(narrowed, ChoiceField) and isinstance(fresh, ChoiceField)
    narrowed.choices = [("other", "Lainnya")]
    assert fresh.choices == list(Category.choices)
    assert not ComplaintForm({**FORM, "category": "bribery", "email": "a@contoh.id"}).is_valid()


def test_a_tracking_code_that_is_already_taken_is_drawn_again(client):
    from unittest import mock

    from apps.complaints.services import filing

    client.post(reverse("complaints:file"), {**FORM, "email": "pertama@contoh.id"})
    taken = Complaint.objects.get().code
    # As in a request (no caller's transaction; the test's own transaction stands for the database's): the
    # filing's savepoint rolls back the refused insert and the filing is tried again with a new code.
    with (
        mock.patch.object(filing, "_in_callers_transaction", return_value=False),
        mock.patch.object(filing, "new_code", side_effect=[taken, "ADU-BARU234"]),
    ):
        response = client.post(reverse("complaints:file"), {**FORM, "email": "kedua@contoh.id"})
    assert response.status_code == 302 and "/ADU-BARU234/" in response["Location"]
    second = Complaint.objects.get(code="ADU-BARU234")
    assert second.email == "kedua@contoh.id" and second.history.count() == 1
    assert Complaint.objects.count() == 2
