"""Signed digital documents: a verified KK/akta file is signed (PAdES, validated by pyHanko), stored, offered
to its applicant only, e-mailed, and checkable on the public verification page; a new KK supersedes the old."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from apps.applications.models import Application, ServiceType
from apps.applications.services import transition
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from apps.digitaldocs import signing
from apps.digitaldocs.models import SignedDocument
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _verify(application: Application) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the stage acts after the verification commits
        transition(application, Status.IN_VERIFICATION)
        transition(application, Status.VERIFIED)


def _issued(code: str = "kk-perubahan", user: Any = None) -> SignedDocument:
    application = submitted(user or resident(), code)
    _verify(application)
    return SignedDocument.objects.get(application=application)


def _validate(pdf: bytes) -> Any:
    reader = PdfFileReader(BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[signing.signer().signing_cert])
    return validate_pdf_signature(signature, context)


def test_the_catalogue_holds_the_adminduk_services_with_their_product_kind() -> None:
    digital = set(ServiceType.objects.filter(product_kind="digital").values_list("code", flat=True))
    assert {"kk-baru", "kk-perubahan", "kk-pisah", "akta-kelahiran", "akta-kematian", "pindah-keluar",
            "pindah-datang"} <= digital
    kia = ServiceType.objects.get(code="kia")
    assert kia.product_kind == "card" and kia.max_age_years == 17 and kia.legal_basis


def test_a_verified_kk_file_gets_a_signed_pdf_that_pyhanko_validates() -> None:
    document = _issued()
    document.application.refresh_from_db()
    assert document.application.status == Status.DOCUMENT_ISSUED
    pdf = document.pdf.read()
    assert pdf.startswith(b"%PDF") and b"/OutputIntents" in pdf and b"/FontFile2" in pdf
    assert b"/Helvetica" not in pdf  # PDF/A: every font embedded
    status = _validate(pdf)
    assert status.intact and status.valid and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert "BUKAN" in status.signing_cert.subject.human_friendly  # the local one says it is not the national one


def test_one_changed_byte_makes_validation_fail() -> None:
    pdf = bytearray(_issued().pdf.read())
    position = pdf.index(b"stream") + 40  # a byte of the first page's content, inside the signed range
    pdf[position] ^= 0x01
    status = _validate(bytes(pdf))
    assert not status.intact and not status.bottom_line


def test_a_card_service_is_not_signed_but_routed_to_central() -> None:
    application = submitted(resident(), "ktp-hilang")
    _verify(application)
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert not SignedDocument.objects.filter(application=application).exists()


def test_a_second_delivery_issues_one_document() -> None:
    document = _issued()
    from apps.digitaldocs.services import issue

    assert issue(document.application) == document
    assert SignedDocument.objects.filter(application=document.application).count() == 1


def test_a_new_kk_supersedes_the_old_one_on_the_verification_page(client: Any) -> None:
    user = resident()
    old = _issued(user=user)
    new = _issued("kk-baru", user=user)
    old.refresh_from_db()
    assert old.state == "superseded" and old.superseded_by == new
    page = client.get(reverse("digitaldocs:verify", args=[old.number])).content.decode()
    assert "TIDAK BERLAKU" in page and new.number in page
    page = client.get(reverse("digitaldocs:verify", args=[new.number])).content.decode()
    assert "BERLAKU" in page and "TIDAK BERLAKU" not in page


def test_the_verification_page_masks_the_nik_and_names_the_local_certificate(client: Any) -> None:
    document = _issued()
    page = client.get(reverse("digitaldocs:verify", args=[document.number])).content.decode()
    assert document.subject_name in page and document.number in page
    assert document.subject_nik not in page and document.subject_nik[-4:] in page
    assert "bukan sertifikat elektronik nasional" in page


def test_an_unknown_number_is_refused_in_indonesian(client: Any) -> None:
    response = client.get(reverse("digitaldocs:verify", args=["3310-KK-20260101-DEADBEEF"]))
    assert response.status_code == 404
    assert "Dokumen tidak dikenal" in response.content.decode() and "tidak sah" in response.content.decode()


def test_the_applicant_downloads_their_document_and_no_one_else_can(client: Any) -> None:
    user = resident()
    document = _issued(user=user)
    url = reverse("digitaldocs:download", args=[document.number])
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(resident())
    assert client.get(url).status_code == 404  # another resident
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.pdf.open("rb").read()
    status_page = client.get(reverse("applications:status", args=[document.application.number])).content.decode()
    assert url in status_page


def test_the_applicant_is_emailed_a_link_to_the_copy() -> None:
    document = _issued()
    assert Notification.objects.filter(event="digitaldocs.issued", recipient=document.application.applicant).exists()
    assert any(document.number in message.body for message in mail.outbox)


def test_a_kia_is_refused_to_someone_of_17_or_more() -> None:
    from apps.applications.services import FlowError, start_draft

    with pytest.raises(FlowError) as error:
        start_draft(ServiceType.objects.get(code="kia"), resident())
    assert "belum berumur 17" in error.value.message
    assert not Application.objects.filter(service_type__code="kia").exists()
