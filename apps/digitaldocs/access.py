"""Object access for signed documents: the applicant's own document, or not found (never 403)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from apps.digitaldocs.models import SignedDocument


def own_document(user: Any, number: str) -> SignedDocument:
    document = (
        SignedDocument.objects.select_related("application")
        .filter(number=number, application__applicant_id=user.pk)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if document is None:
        raise Http404
    return document
