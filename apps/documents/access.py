"""Who may open a document: its owner, or staff whose role allows. Anyone else: not found."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.roles import is_staff_member
from apps.documents.models import Document
from apps.documents.services import staff_may_view


def document_for(user: Any, public_id: Any) -> tuple[Document, bool]:
    """Return ``(document, as_staff)`` or raise 404 (someone else's) / 403 (staff without the role)."""
    document = (
        Document.objects.select_related("application", "current").filter(public_id=public_id).first()
    )
    if document is None:
        raise Http404
    if document.application.applicant_id is not None and document.application.applicant_id == user.pk:
        return document, False
    if is_staff_member(user):
        if not staff_may_view(user):
            raise PermissionDenied
        return document, True
    raise Http404
