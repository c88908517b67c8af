"""Signed digital documents: a verified KK/akta file goes to central, and once central registered it the document
is signed (PAdES, validated by pyHanko; PDF/A-2b), stored, offered to its applicant only, e-mailed with the PDF
attached, and checkable on the public verification page; a new KK supersedes the old."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.etree import ElementTree

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
from apps.central.models import CentralRecord
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
    path = list(document.application.history.order_by("created_at", "pk").values_list("to_status", flat=True))
    assert path[-3:] == [Status.VERIFIED, Status.SENT_TO_CENTRAL, Status.DOCUMENT_ISSUED]  # through central
    answer = CentralRecord.objects.get(application=document.application).answer
    assert document.registration_number == answer["registration_number"] and answer["kind"] == "kk"
    pdf = document.pdf.read()
    assert pdf.startswith(b"%PDF") and b"/OutputIntents" in pdf and b"/FontFile2" in pdf
    assert b"/Helvetica" not in pdf  # PDF/A: every font embedded
    status = _validate(pdf)
    assert status.intact and status.valid and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert "BUKAN" in status.signing_cert.subject.human_friendly  # the local one says it is not the national one


PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def _xmp_values(xml: bytes) -> dict[str, str]:
    """Every property of the XMP packet's descriptions, written as attributes or as elements."""
    values: dict[str, str] = {}
    root = ElementTree.fromstring(xml)  # noqa: S314  (the packet this test's own signing wrote)
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        values.update(description.attrib)
        for child in description:
            values[child.tag] = "".join(child.itertext()).strip()
    return values


def test_the_pdf_declares_itself_pdf_a_2b_in_its_xmp_metadata() -> None:
    reader = PdfFileReader(BytesIO(_issued().pdf.read()))
    metadata = reader.root["/Metadata"].get_object()
    assert metadata["/Type"] == "/Metadata" and metadata["/Subtype"] == "/XML"
    assert "/Filter" not in metadata  # PDF/A: the metadata stream stays readable without decoding
    values = _xmp_values(metadata.data)
    assert values[PDFAID + "part"] == "2" and values[PDFAID + "conformance"] == "B"
    info = reader.trailer_view["/Info"].get_object()
    assert str(info["/Title"]) in values["{http://purl.org/dc/elements/1.1/}title"]  # the same title in both


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
    assert document.registration_number and document.registration_number in page  # central's registration
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


def test_the_applicant_is_emailed_the_copy_as_an_attachment_and_a_link() -> None:
    document = _issued()
    assert Notification.objects.filter(event="digitaldocs.issued", recipient=document.application.applicant).exists()
    (message,) = [m for m in mail.outbox if m.attachments]
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == f"{document.number}.pdf" and mimetype == "application/pdf"
    assert content == document.pdf.open("rb").read()
    assert "terlampir" in message.body and document.number in message.body


def test_a_kia_is_refused_to_someone_of_17_or_more() -> None:
    from apps.applications.services import FlowError, start_draft

    with pytest.raises(FlowError) as error:
        start_draft(ServiceType.objects.get(code="kia"), resident())
    assert "belum berumur 17" in error.value.message
    assert not Application.objects.filter(service_type__code="kia").exists()
