"""Writes to documents: check an upload, store it privately under a generated name, and
append a new version. Reads: who may see a document."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.accounts.roles import Role, has_role
from apps.documents.checks import Checked, Rejected, check
from apps.documents.models import Document, DocumentVersion

# Staff roles that may open residents' documents.
VIEWER_ROLES: tuple[str, ...] = (Role.FILE_RECEIVER, Role.OPERATOR, Role.SECTION_HEAD, Role.ADMINISTRATOR)

__all__ = ["VIEWER_ROLES", "Rejected", "current_documents", "staff_may_view", "store_upload"]


def _generated_name(extension: str, suffix: str = "") -> str:
    today = timezone.localdate()
    return f"documents/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}.{extension}"


def _display_name(upload: Any) -> str:
    # Kept only as text for staff (never in a path); Django already dropped any directory part.
    name = str(getattr(upload, "name", "") or "")
    return "".join(ch for ch in name if ch.isprintable() and ch not in "/\\")[:120]


def store_upload(*, application: Any, requirement: Any, upload: Any, user: Any) -> DocumentVersion:
    """Check ``upload`` against ``requirement`` and store it as the current version of that
    document of ``application``. Raises :class:`Rejected` (nothing stored) on bad input."""
    checked: Checked = check(
        upload,
        accepted_formats=list(requirement.accepted_formats or ["image", "pdf"]),
        max_size_kb=requirement.max_size_kb,
        max_pages=getattr(requirement, "max_pages", 10),
    )
    extension = "jpg" if checked.format == "image" else "pdf"
    stored = default_storage.save(_generated_name(extension), File(checked.body))
    thumb_name = ""
    if checked.thumbnail:
        thumb_name = default_storage.save(_generated_name("jpg", "-t"), ContentFile(checked.thumbnail))
    try:
        with transaction.atomic():
            document = (
                Document.objects.select_for_update(of=("self",)).select_related("current")
                .filter(application=application, kind=requirement.kind).first()
            )
            if document is None:
                # the (application, kind) unique constraint stops a second one
                document = Document.objects.create(application=application, kind=requirement.kind,
                                                   requirement=requirement)
                number = 1
            elif document.current is not None:
                number = document.current.number + 1
            else:
                number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = DocumentVersion.objects.create(
                document=document, number=number, file=stored, thumbnail=thumb_name, format=checked.format,
                content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                original_name=_display_name(upload), width=checked.width, height=checked.height,
                pages=checked.pages, uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
            document.current = version
            document.requirement = requirement
            document.save(update_fields=["current", "requirement", "updated_at"])
    except Exception:
        default_storage.delete(stored)
        if thumb_name:
            default_storage.delete(thumb_name)
        raise
    return version


def current_documents(application: Any) -> dict[str, Document]:
    """The application's documents by kind, with their current version loaded."""
    return {
        d.kind: d
        for d in Document.objects.filter(application=application, current__isnull=False).select_related("current")
    }


def staff_may_view(user: Any) -> bool:
    return has_role(user, *VIEWER_ROLES)
