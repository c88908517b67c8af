"""The public verification page (scanned from the QR code) and the applicant's download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.digitaldocs import services, signing
from apps.digitaldocs.access import own_document


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    document = services.lookup(number)
    context = {
        "number": number,
        "document": document,
        "masked_nik": services.mask_nik(document.subject_nik) if document else "",
        "local": signing.is_local(),
    }
    response = render(request, "digitaldocs/verify.html", context, status=200 if document else 404)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def download(request: HttpRequest, number: str) -> FileResponse:
    document = own_document(request.user, number)
    response = FileResponse(document.pdf.open("rb"), as_attachment=True, filename=f"{document.number}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
