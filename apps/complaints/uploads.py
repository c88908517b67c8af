"""Upload safety for complaint attachments.

The documents app had no public validator yet when this was written, so this is a minimal
check of our own (switch to the documents app's validator once it exists): content sniffed with ``filetype``
(never the name or the browser's content type), images re-encoded with Pillow (drops EXIF and
anything hidden after the image), PDFs opened with pypdf and refused if they carry scripts,
launch actions or embedded files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
MAX_PIXELS = 40_000_000
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
PDF_DANGER = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA", b"/AA")


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes


def _clean_image(data: bytes, name: str) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("Gambar terlalu besar."))
            rgb = image.convert("RGB")
            rgb.thumbnail((2400, 2400))
            out = io.BytesIO()
            rgb.save(out, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Gambar %(name)s rusak atau tidak dapat dibaca.") % {"name": name}) from exc
    stem = name.rsplit(".", 1)[0][:150] or "lampiran"
    return CleanFile(f"{stem}.jpg", "image/jpeg", out.getvalue())


def _clean_pdf(data: bytes, name: str) -> CleanFile:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("PDF %(name)s terkunci kata sandi. Kirim PDF tanpa kata sandi.") % {"name": name})
        page_count = len(reader.pages)
        if page_count == 0:
            raise ValueError("empty PDF")
        root: Any = reader.trailer["/Root"]  # a DictionaryObject
        names = root.get("/Names")
        if (
            "/OpenAction" in root
            or "/AA" in root
            or (names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names))
        ):
            raise ValidationError(
                _("PDF %(name)s berisi skrip atau lampiran tersembunyi dan tidak diterima.") % {"name": name}
            )
    except (PdfReadError, KeyError, ValueError, TypeError) as exc:
        raise ValidationError(_("PDF %(name)s rusak atau tidak dapat dibaca.") % {"name": name}) from exc
    if any(token in data for token in PDF_DANGER):
        raise ValidationError(
            _("PDF %(name)s berisi skrip atau lampiran tersembunyi dan tidak diterima.") % {"name": name}
        )
    return CleanFile(name[:200], "application/pdf", data)


def clean_upload(upload: Any) -> CleanFile:
    """Check one uploaded file and return safe bytes, or raise ValidationError in Indonesian."""
    name = str(getattr(upload, "name", "lampiran"))[-200:]
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_BYTES:
        raise ValidationError(_("Berkas %(name)s lebih dari 5 MB.") % {"name": name})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Berkas %(name)s lebih dari 5 MB.") % {"name": name})
    kind = filetype.guess(data)
    mime = kind.mime if kind is not None else ""
    if mime in IMAGE_TYPES:
        return _clean_image(data, name)
    if mime == "application/pdf":
        return _clean_pdf(data, name)
    raise ValidationError(_("Berkas %(name)s bukan foto (JPEG/PNG/WebP) atau PDF.") % {"name": name})
