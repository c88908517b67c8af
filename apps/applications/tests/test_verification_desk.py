"""The verification desk: queue, claim, checklist, decisions, correction of only the items sent back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.applications import services
from apps.applications.models import Application, Decision
from apps.applications.tests.factories import complete_draft, jpeg_bytes, pdf_bytes, resident, submitted, upload
from apps.applications.workflow import Status
from apps.core.models import AuditEvent
from apps.documents.models import Document

pytestmark = pytest.mark.django_db


def test_the_queue_shows_count_oldest_and_filters_in_the_url(staff_client: Any) -> None:
    first = submitted(resident())
    other = submitted(resident(district="33.10.06", village="33.10.06.2001"), "ktp-rusak")
    client = staff_client("file_receiver")
    body = client.get(reverse("applications_staff:queue")).content.decode()
    assert first.number in body and other.number in body and 'id="queue-count">2<' in body
    # an unfiltered queue offers "all" first, so submitting the filter form does not filter by accident
    assert '<option value="" selected>Semua</option>' in body
    body = client.get(reverse("applications_staff:queue") + "?service=ktp-rusak").content.decode()
    assert other.number in body and first.number not in body
    body = client.get(reverse("applications_staff:queue") + "?district=33.10.25").content.decode()
    assert first.number in body and other.number not in body


def test_staff_without_the_role_get_403_and_anonymous_go_to_sign_in(client: Any, staff_client: Any) -> None:
    application = submitted(resident())
    response = client.get(reverse("applications_staff:queue"))
    assert response.status_code == 302
    operator = staff_client("pickup_officer")
    for url in (reverse("applications_staff:queue"), reverse("applications_staff:detail", args=[application.number])):
        assert operator.get(url).status_code == 403
    assert operator.post(reverse("applications_staff:claim", args=[application.number])).status_code == 403


def test_next_claims_the_oldest_waiting_file_and_only_the_claimer_decides(client: Any, staff_client: Any) -> None:
    first = submitted(resident())
    submitted(resident())
    verifier = staff_client("file_receiver")
    response = verifier.post(reverse("applications_staff:claim_next"))
    assert response["Location"] == reverse("applications_staff:detail", args=[first.number])
    first.refresh_from_db()
    assert first.status == Status.IN_VERIFICATION and first.claimed_by == verifier.user
    from tests.factories import make_staff

    other = make_staff("file_receiver")
    with pytest.raises(services.FlowError):
        services.decide(first, user=other, outcome="approve")
    with pytest.raises(services.ClaimLost):
        services.claim(first, user=other)


def test_a_return_asks_for_a_reason_and_the_resident_fixes_only_those_items(client: Any, staff_client: Any) -> None:
    applicant = resident()
    application = submitted(applicant)
    verifier = staff_client("file_receiver")
    verifier.post(reverse("applications_staff:claim", args=[application.number]))
    url = reverse("applications_staff:decide", args=[application.number])
    response = verifier.post(url, {"outcome": "return"})
    assert response.status_code == 400 and "Tulis alasan" in response.content.decode()
    response = verifier.post(
        url, {"outcome": "return", "ok_kk": "1", "reason_surat-kehilangan": "Stempel tidak terbaca"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.NEEDS_CORRECTION
    assert Decision.objects.get().items == {"surat-kehilangan": "Stempel tidak terbaca"}

    verifier.logout()
    client.force_login(applicant)
    status_page = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert "Stempel tidak terbaca" in status_page
    # locked items cannot be replaced, the flagged one can
    response = client.post(reverse("applications:upload", args=[application.number, "kk"]),
                           {"kk-file": upload("kk.jpg", jpeg_bytes())})
    assert response.status_code == 400 and "dikunci" in response.content.decode()
    assert client.get(reverse("applications:identity", args=[application.number])).status_code == 302
    response = client.post(reverse("applications:upload", args=[application.number, "surat-kehilangan"]),
                           {"surat-kehilangan-file": upload("lapor2.pdf", pdf_bytes())})
    assert response.status_code == 302
    assert Document.objects.get(application=application, kind="kk").versions.count() == 1
    assert Document.objects.get(application=application, kind="surat-kehilangan").versions.count() == 2
    response = client.post(reverse("applications:review", args=[application.number]))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and "correction" not in application.form_data


def test_a_reject_needs_a_reason_code(staff_client: Any) -> None:
    application = submitted(resident())
    verifier = staff_client("file_receiver")
    verifier.post(reverse("applications_staff:claim", args=[application.number]))
    url = reverse("applications_staff:decide", args=[application.number])
    assert verifier.post(url, {"outcome": "reject"}).status_code == 400
    verifier.post(url, {"outcome": "reject", "reason_code": "duplicate", "note": "Sudah ada permohonan lain"})
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    last = application.history.last()
    assert last is not None and "Permohonan ganda" in last.note


def test_approving_a_first_card_routes_it_to_biometric_recording(
    staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = submitted(resident(), "ktp-baru")
    verifier = staff_client("file_receiver")
    verifier.post(reverse("applications_staff:claim", args=[application.number]))
    with django_capture_on_commit_callbacks(execute=True):
        verifier.post(reverse("applications_staff:decide", args=[application.number]), {"outcome": "approve"})
    application.refresh_from_db()
    assert application.status == Status.AWAITING_BIOMETRICS


def test_the_desk_warns_about_data_quality(staff_client: Any) -> None:
    applicant = resident(birth=dt.date(1990, 1, 1))
    older = complete_draft(applicant, "ktp-rusak")
    application = submitted(applicant)
    Application.objects.filter(pk=application.pk).update(
        full_name="BUD1 SANTOSO", kk_number="3310259999999999", birth_date=dt.date(1990, 2, 1)
    )
    Application.objects.filter(pk=older.pk).update(status="submitted")  # opened before one-open-per-NIK held
    application.refresh_from_db()
    warnings = " ".join(services.quality_warnings(application))
    assert "Nama lengkap berisi angka" in warnings
    assert "Nomor KK permohonan" in warnings
    assert "tidak cocok dengan NIK" in warnings
    assert "permohonan lain yang masih berjalan" in warnings
    own = applicant.resident.nik  # the factory's serial may be any number: the other NIK must differ from it
    other = own[:12] + ("0001" if own[12:] != "0001" else "0002")
    Application.objects.filter(pk=application.pk).update(nik=other)
    application.refresh_from_db()
    assert "berbeda dengan NIK di profil" in " ".join(services.quality_warnings(application))
    verifier = staff_client("file_receiver")
    body = verifier.get(reverse("applications_staff:detail", args=[application.number])).content.decode()
    assert "Periksa lagi" in body and "data-shortcut" in body


def test_every_staff_view_of_a_document_is_audited(staff_client: Any) -> None:
    applicant = resident()
    application = submitted(applicant)
    document = Document.objects.get(application=application, kind="kk")
    verifier = staff_client("file_receiver")
    response = verifier.get(reverse("documents:file", args=[document.public_id]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "inline" in response["Content-Disposition"] and application.number in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="document.viewed")
    assert event.actor == verifier.user and event.subject_nik == application.nik
    # the owner's own views are not staff views
    verifier.logout()
    verifier.force_login(applicant)
    assert verifier.get(reverse("documents:file", args=[document.public_id])).status_code == 200
    assert AuditEvent.objects.filter(action="document.viewed").count() == 1


def test_staff_whose_role_does_not_allow_get_403_for_documents(staff_client: Any) -> None:
    application = submitted(resident())
    document = Document.objects.get(application=application, kind="kk")
    client = staff_client("customer_service")
    assert client.get(reverse("documents:file", args=[document.public_id])).status_code == 403
    assert not AuditEvent.objects.filter(action="document.viewed").exists()
