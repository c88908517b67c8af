"""JSON API of signed documents (django-ninja): the applicant lists and downloads their documents; anyone checks a
document's number, as the QR code's page does (NIK masked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from apps.core.api_fields import Code
from apps.digitaldocs import services
from apps.digitaldocs.access import own_document
from apps.digitaldocs.models import SignedDocument

router = Router(tags=["dokumen elektronik"], auth=django_auth)


class Error(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class DocumentOut(Schema):
    number: str
    kind: str
    kind_label: str
    state: str  # active or superseded
    state_label: str
    subject_name: str
    issued_at: dt.datetime
    application_number: str
    superseded_by: str | None
    download_url: str
    verify_url: str


class VerificationOut(Schema):
    number: str
    valid: bool
    state: str
    state_label: str
    kind_label: str
    subject_name: str
    nik: str  # masked
    issued_at: dt.datetime
    superseded_by: str | None


def _out(document: SignedDocument) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "number": document.number, "kind": document.kind, "kind_label": str(document.get_kind_display()),
        "state": document.state, "state_label": str(document.get_state_display()),
        "subject_name": document.subject_name, "issued_at": document.issued_at,
        "application_number": document.application.number,
        "superseded_by": document.superseded_by.number if document.superseded_by else None,
        "download_url": reverse("digitaldocs:download", args=[document.number]),
        "verify_url": services.verify_url(document.number),
    }


@router.get("", response={200: list[DocumentOut], 401: Error}, summary="Dokumen elektronik saya")
def list_documents(request: HttpRequest) -> list[dict[str, Any]]:
    """The signed documents of the signed-in applicant's files, newest first (a superseded KK included, marked)."""
    documents = (
        SignedDocument.objects.filter(application__applicant_id=request.user.pk)
        .select_related("application", "superseded_by").order_by("-issued_at")[:200]
    )
    return [_out(document) for document in documents]


@router.get("{number}/pdf", response={200: None, 401: Error, 404: Error, 422: ValidationErrorOut},
            summary="Unduh PDF bertanda tangan")
def download(request: HttpRequest, number: Code) -> FileResponse:
    """The signed PDF, for its applicant only (another person's number: 404)."""
    document = own_document(request.user, number)
    response = FileResponse(document.pdf.open("rb"), as_attachment=True, filename=f"{document.number}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("verifikasi/{number}", auth=None, response={200: VerificationOut, 404: Error, 422: ValidationErrorOut},
            summary="Periksa nomor dokumen")
def verify(request: HttpRequest, number: Code) -> Any:
    """What the QR code's page says: active or superseded, the kind, the name and the masked NIK; an unknown
    number is 404 ("not in the register")."""
    document = services.lookup(number)
    if document is None:
        return Status(404, {"detail": _("Nomor dokumen ini tidak terdaftar. Dokumen dengan nomor ini tidak sah.")})
    return Status(200, {
        "number": document.number, "valid": document.state == SignedDocument.State.ACTIVE,
        "state": document.state, "state_label": str(document.get_state_display()),
        "kind_label": str(document.get_kind_display()), "subject_name": document.subject_name,
        "nik": services.mask_nik(document.subject_nik), "issued_at": document.issued_at,
        "superseded_by": document.superseded_by.number if document.superseded_by else None,
    })

