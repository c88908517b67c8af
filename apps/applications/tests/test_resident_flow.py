"""The resident's flow: eligibility, form, documents, review, submit, confirmation, receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import Sex
from apps.applications.models import Application, RequiredDocument, ServiceType
from apps.applications.tests.factories import complete_draft, draft, jpeg_bytes, pdf_bytes, resident, upload
from apps.applications.workflow import Status
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_the_five_ektp_services_with_their_documents() -> None:
    codes = set(ServiceType.objects.values_list("code", flat=True))
    assert {"ktp-baru", "ktp-hilang", "ktp-rusak", "ktp-perubahan-data", "ktp-pindah-datang"} <= codes
    baru = ServiceType.objects.get(code="ktp-baru")
    assert baru.requires_biometrics and baru.min_age_years == 17 and baru.allow_if_married
    hilang = ServiceType.objects.get(code="ktp-hilang")
    assert list(hilang.required_documents.values_list("kind", flat=True)) == ["kk", "surat-kehilangan"]
    assert "Perpres 96/2018" in hilang.legal_basis or "Nomor 96 Tahun 2018" in hilang.legal_basis
    assert ServiceType.objects.get(code="ktp-perubahan-data").changes_data
    kk = hilang.required_documents.get(kind="kk")
    assert kk.accepted_formats == ["image", "pdf"] and kk.max_size_kb > 0


def test_the_start_page_explains_the_service_without_sign_in(client: Any) -> None:
    response = client.get(reverse("applications:start", args=["ktp-hilang"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Surat keterangan kehilangan" in body and "Gratis" in body and "Mulai sekarang" in body


def test_anonymous_residents_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("applications:begin", args=["ktp-hilang"]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_an_underage_unmarried_resident_cannot_apply_for_a_first_card(client: Any) -> None:
    today = dt.date.today()
    user = resident(birth=dt.date(today.year - 16, 1, 1), sex=Sex.FEMALE)
    client.force_login(user)
    url = reverse("applications:begin", args=["ktp-baru"])
    assert "sudah atau pernah menikah" in client.get(url).content.decode()
    response = client.post(url, {"married": "no"})
    assert "belum dapat mengajukan" in response.content.decode()
    assert not Application.objects.exists()
    response = client.post(url, {"married": "yes"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.DRAFT and application.form_data["married"] is True


def test_a_resident_of_17_goes_straight_to_the_form(client: Any) -> None:
    user = resident(birth=dt.date(1990, 5, 5))
    client.force_login(user)
    response = client.post(reverse("applications:begin", args=["ktp-baru"]))
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:identity", args=[application.number])
    # starting again resumes the same draft
    client.post(reverse("applications:begin", args=["ktp-baru"]))
    assert Application.objects.count() == 1


def test_the_form_is_prefilled_and_keeps_what_was_typed_on_an_error(client: Any) -> None:
    user = resident(name="SRI LESTARI", sex="P")  # the NIK says female, as the form below
    client.force_login(user)
    client.post(reverse("applications:begin", args=["ktp-hilang"]))
    application = Application.objects.get()
    url = reverse("applications:identity", args=[application.number])
    assert "SRI LESTARI" in client.get(url).content.decode()
    data = {"full_name": "Sri Lestari", "kk_number": "33102512345", "birth_place": "Klaten",
            "birth_date": "1990-01-01", "sex": "P", "address": "Jl. Mawar 3", "rt": "1", "rw": "2"}
    response = client.post(url, data)
    body = response.content.decode()
    assert "Nomor KK harus 16 angka; Anda mengetik 11" in body
    assert 'value="Jl. Mawar 3"' in body and "error-summary" in body
    # a reload keeps the typed values
    assert 'value="Jl. Mawar 3"' in client.get(url).content.decode()
    data["kk_number"] = "3310251234567890"
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.full_name == "SRI LESTARI" and application.kk_number == "3310251234567890"
    assert application.address == "Jl. Mawar 3" and "unsaved" not in application.form_data


def test_a_data_change_asks_which_elements_change(client: Any) -> None:
    user = resident()
    client.force_login(user)
    application = draft(user, "ktp-perubahan-data")
    url = reverse("applications:changes", args=[application.number])
    response = client.post(url, {"change_occupation": "on", "new_occupation": ""})
    assert "Isi pekerjaan yang baru" in response.content.decode()
    response = client.post(url, {"change_occupation": "on", "new_occupation": "Guru"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.form_data["changes"] == [{"element": "occupation", "label": "Pekerjaan", "new": "Guru"}]


def test_it_will_not_submit_without_the_mandatory_documents(client: Any) -> None:
    user = resident()
    client.force_login(user)
    application = draft(user)
    response = client.post(reverse("applications:review", args=[application.number]))
    assert response.status_code == 400
    assert "Unggah Surat keterangan kehilangan" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_resident_submits_and_gets_a_number_an_estimate_and_a_receipt(
    client: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = resident()
    client.force_login(user)
    application = draft(user)
    for kind, file in (("kk", upload("kk.jpg", jpeg_bytes())), ("surat-kehilangan", upload("lapor.pdf", pdf_bytes()))):
        response = client.post(reverse("applications:upload", args=[application.number, kind]), {f"{kind}-file": file})
        assert response.status_code == 302
    review = client.get(reverse("applications:review", args=[application.number])).content.decode()
    assert "Periksa jawaban Anda" in review and "Ubah" in review and "lapor.pdf" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:review", args=[application.number]), follow=True)
    body = response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.number in body and "Perkiraan selesai" in body and "data-copy" in body
    assert application.estimated_completion_date and application.due_date
    receipt = client.get(reverse("applications:receipt", args=[application.number])).content.decode()
    assert "<svg" in receipt and application.number in receipt
    assert Notification.objects.filter(recipient=user, event="application.submitted", channel="in_app").exists()
    assert any(application.number in m.subject for m in mailoutbox)


def test_a_new_kk_service_added_as_data_works_through_the_whole_flow(
    client: Any, staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # A family card is a signed digital document: its route (registered by central, no enrolment, no print queue)
    # follows from its product kind, not from code for the service.
    service = ServiceType.objects.create(code="kk-baru-uji", category="kk", name="Kartu Keluarga baru (uji)",
                                         service_level_days=2, form_code="F-1.01", product_kind="digital")
    RequiredDocument.objects.create(service_type=service, kind="buku-nikah", name="Buku nikah",
                                    accepted_formats=["image", "pdf"], max_size_kb=2048)
    RequiredDocument.objects.create(service_type=service, kind="surat-pengantar", name="Surat pengantar RT/RW",
                                    accepted_formats=["pdf"], max_size_kb=2048, mandatory=False)
    applicant = resident()
    application = complete_draft(applicant, "kk-baru-uji")
    from apps.applications import services

    services.submit(application, user=applicant)
    staff = staff_client("file_receiver")
    staff.post(reverse("applications_staff:claim", args=[application.number]))
    # the decision commits, then the stage routes the verified file on (after commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("applications_staff:decide", args=[application.number]), {"outcome": "approve"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL  # central registers the KK first
    from apps.central import outbox
    from apps.central.gateway import use_gateway
    from apps.central.tests.fakes import InProcessCentral

    use_gateway(InProcessCentral())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox.drain().sent == 1
    finally:
        use_gateway(None)
    application.refresh_from_db()
    assert application.status == Status.DOCUMENT_ISSUED
    assert [h.to_status for h in application.history.all()] == [
        "draft", "submitted", "in_verification", "verified", "sent_to_central", "document_issued"]
    assert application.signed_documents.count() == 1


def test_a_draft_is_listed_and_can_be_resumed_from_the_status_page(client: Any) -> None:
    user = resident()
    client.force_login(user)
    application = draft(user)
    body = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert "Lanjutkan mengisi" in body
    assert application.number in client.get(reverse("applications:catalogue")).content.decode()


def test_an_unconfirmed_contact_blocks_submission_with_a_clear_message(client: Any) -> None:
    user = resident()
    application = complete_draft(user)
    user.contact_confirmed_at = None
    user.save()
    client.force_login(user)
    response = client.post(reverse("applications:review", args=[application.number]))
    assert response.status_code == 400
    assert "Konfirmasi dulu e-mail atau nomor HP" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT
