"""Serving stored documents, only through this access-checked view."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase

from apps.core import audit
from apps.core.inputs import parse_int
from apps.documents.access import document_for


def file(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document, as_staff = document_for(request.user, public_id)
    version = document.current
    wanted = request.GET.get("v")
    if wanted:
        number = parse_int(wanted, minimum=1, maximum=32767)  # a PositiveSmallIntegerField
        version = document.versions.filter(number=number).first() if number is not None else None
    if version is None:
        raise Http404
    thumb = request.GET.get("thumb") == "1" and bool(version.thumbnail)
    name = str(version.thumbnail.name if thumb else version.file.name)
    if as_staff:  # every staff view, thumbnails included
        application = document.application
        audit.record(
            "document.viewed", actor=request.user, obj=document, request=request, subject=application.applicant,
            subject_nik=application.nik, data={"application": application.number, "kind": document.kind,
                                               "version": version.number, "thumbnail": thumb},
        )
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = "jpg" if thumb or version.format == "image" else "pdf"
    content_type = "image/jpeg" if thumb else version.content_type
    response = FileResponse(
        handle, content_type=content_type, as_attachment=False,
        filename=f"{document.application.number}-{document.kind}-v{version.number}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
