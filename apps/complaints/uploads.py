"""Upload safety for complaint attachments: the same checks as application documents.

Every file goes through the documents app's public checker (``apps.documents.checks.check``):
content sniffed (never the name or the browser's content type), images verified and re-encoded
to JPEG (EXIF and trailing data dropped), PDFs opened with pypdf and refused when they carry
scripts, launch actions or embedded files. This module only adapts its result and its
``Rejected`` message to the complaints forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from apps.documents.checks import Rejected, check

MAX_KB = 5 * 1024
MAX_FILES = 3
MAX_PAGES = 20


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes


def clean_upload(upload: Any) -> CleanFile:
    """Check one uploaded file and return safe bytes, or raise ValidationError in Indonesian."""
    name = str(getattr(upload, "name", "") or "lampiran")[-200:]
    try:
        checked = check(upload, accepted_formats=["image", "pdf"], max_size_kb=MAX_KB, max_pages=MAX_PAGES)
    except Rejected as exc:
        raise ValidationError(f"{name}: {exc.message}") from exc
    checked.body.seek(0)
    data = checked.body.read()
    if checked.format == "image":
        stem = name.rsplit(".", 1)[0][:150] or "lampiran"
        return CleanFile(f"{stem}.jpg", "image/jpeg", data)
    return CleanFile(name, "application/pdf", data)
