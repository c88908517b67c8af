"""Content checks and normalisation of uploads. Nothing here trusts the file name or the
browser's content type: the type is decided by the bytes. Files are read in chunks or
through Pillow/pypdf's own streaming readers; nothing reads a whole upload into memory."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from typing import IO, Any

import filetype
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# A decompression bomb is refused before any pixel is decoded.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
LONG_SIDE = 2000
THUMB_SIDE = 320
JPEG_QUALITY = 82
CHUNK = 64 * 1024

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
EXTENSIONS = {
    "jpg": "image", "jpeg": "image", "png": "image", "webp": "image", "heic": "image", "pdf": "pdf",
}
FORMAT_LABEL = {"image": "foto", "pdf": "PDF"}
# A PDF page tree deeper than this, or with more nodes, is refused before pypdf walks it (a real scan
# of a few pages is one or two levels deep).
MAX_PAGE_TREE_DEPTH = 16
MAX_PAGE_TREE_NODES = 1000
# Names that make a PDF run something. Only long names are searched in the raw bytes: a short one such
# as "/JS" turns up by chance inside a scanned page's image data. The structural check finds the rest.
PDF_ACTIVE = (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia")


class Rejected(Exception):
    """An upload refused, with the message the resident reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Checked:
    format: str  # "image" or "pdf"
    content_type: str
    body: IO[bytes]  # what to store (normalised JPEG, or the PDF as uploaded)
    size: int
    sha256: str
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def sniff(upload: IO[bytes]) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        return None
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check(upload: Any, *, accepted_formats: list[str], max_size_kb: int, max_pages: int = 10) -> Checked:
    """Check one uploaded file (a Django ``UploadedFile``) and return what to store, or raise
    :class:`Rejected` with a clear Indonesian message."""
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise Rejected(_("Berkas kosong (0 KB). Pilih lagi foto atau PDF dokumen Anda."))
    limit = max_size_kb * 1024
    if size > limit:
        raise Rejected(
            _(
                "Berkas terlalu besar: %(size)s MB. Maksimal %(limit)s MB. Cara memperkecil foto: ambil lagi dengan "
                "resolusi kamera lebih kecil (mis. 8 MP), atau kirim foto ke diri sendiri lewat WhatsApp lalu "
                "simpan, atau unggah tangkapan layar (screenshot) foto itu. Untuk PDF: pindai ulang hitam-putih "
                "atau dengan resolusi lebih rendah."
            )
            % {"size": _mb(size), "limit": _mb(limit)}
        )
    mime = sniff(upload)
    if mime in IMAGE_TYPES:
        found = "image"
    elif mime == "application/pdf":
        found = "pdf"
    else:
        raise Rejected(_("Jenis berkas tidak dikenali. Unggah foto (JPG atau PNG) atau PDF."))
    name = str(getattr(upload, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if extension and claimed != found:
        raise Rejected(
            _("Nama berkas berakhiran .%(ext)s, tetapi isinya %(found)s. Pilih berkas yang benar.")
            % {"ext": extension, "found": FORMAT_LABEL[found]}
        )
    if found not in accepted_formats:
        raise Rejected(
            _("Dokumen ini harus berupa %(formats)s.")
            % {"formats": " / ".join(FORMAT_LABEL[f] for f in accepted_formats)}
        )
    if found == "image":
        return _check_image(upload)
    return _check_pdf(upload, max_pages=max_pages)


def _check_image(upload: Any) -> Checked:
    corrupt = _("Foto rusak atau tidak lengkap. Ambil foto lagi lalu unggah ulang.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise Rejected(_("Foto terlalu besar ukurannya (piksel). Ambil foto dengan resolusi lebih kecil."))
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                # JPEG can decode at a reduced scale straight away: less memory, less time.
                opened.draft("RGB", (LONG_SIDE, LONG_SIDE))
                opened.load()
                # in place: no full-size copy when the photo needs no turning
                ImageOps.exif_transpose(opened, in_place=True)
                image: Image.Image = opened
                if image.mode not in ("RGB", "L"):
                    background = Image.new("RGB", image.size, "white")
                    rgba = image.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    image = background
                image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
                image = _without_metadata(image)  # after the resize: fewer pixels to convert
                out = io.BytesIO()
                # Pixels only: no COM, EXIF (GPS position), XMP, ICC or other APPn segment is written.
                image.save(out, "JPEG", quality=JPEG_QUALITY)
                scale = THUMB_SIDE / max(image.size)
                thumb = image.resize(
                    (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                    Image.Resampling.BILINEAR, reducing_gap=2.0,
                )
                thumb_out = io.BytesIO()
                thumb.save(thumb_out, "JPEG", quality=70)
                size = image.size
    except Rejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected(_("Foto terlalu besar ukurannya (piksel). Ambil foto dengan resolusi lebih kecil.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Rejected(corrupt) from None
    body = out.getvalue()
    return Checked(
        format="image", content_type="image/jpeg", body=io.BytesIO(body), size=len(body),
        sha256=hashlib.sha256(body).hexdigest(), thumbnail=thumb_out.getvalue(), width=size[0], height=size[1],
    )


def _without_metadata(image: Image.Image) -> Image.Image:
    """The image with nothing but its pixels. Pillow writes a JPEG comment (COM) from ``info`` when
    saving, and a resized copy inherits ``info``: a comment holding a script, HTML or a hidden
    archive would survive the re-encoding. An ICC colour profile is the only metadata the pixels
    need: they are converted to sRGB with it, then the profile is dropped too."""
    icc = image.info.get("icc_profile")
    if icc and image.mode == "RGB":
        try:
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken profile: the pixels as they are
        if converted is not None:
            image = converted
    image.info = {}
    return image


def _scan_active(upload: Any) -> bool:
    """Look for active-content names in the raw bytes, chunk by chunk (with overlap)."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        if any(token in window for token in PDF_ACTIVE):
            return True
        tail = window[-32:]
    return False


def _has_active_structure(reader: Any) -> bool:
    """Structural check (also finds names hidden in compressed object streams)."""
    from pypdf.generic import DictionaryObject

    root = reader.trailer["/Root"]
    if "/AA" in root:
        return True
    open_action = root.get("/OpenAction")
    # An OpenAction that is only a destination ([page /Fit]) is harmless; an action dictionary is not.
    if (
        open_action is not None
        and isinstance(open_action.get_object(), DictionaryObject)
        and (_is_active_action(open_action) or "/Next" in open_action.get_object())
    ):
        return True
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        if "/JavaScript" in names or "/EmbeddedFiles" in names:
            return True
    form = root.get("/AcroForm")
    if form is not None:
        form = form.get_object()
        if "/XFA" in form:
            return True
        for ref in form.get("/Fields", []) or []:
            field_obj = ref.get_object()
            if "/AA" in field_obj or _is_active_action(field_obj.get("/A")):
                return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annot in page.get("/Annots", []) or []:
            annot_obj = annot.get_object()
            if isinstance(annot_obj, DictionaryObject) and (
                "/AA" in annot_obj or _is_active_action(annot_obj.get("/A"))
                or annot_obj.get("/Subtype") in ("/FileAttachment", "/RichMedia")
            ):
                return True
    return False


class _TooComplex(Exception):
    """A page tree too deep, too large or with a cycle."""


def _count_pages(reader: Any, max_pages: int) -> int:
    """Walk the page tree without recursion, bounded in depth and nodes, before pypdf's own walk (which
    recurses and, on a deep tree, raises or exhausts the stack). Counting stops just past ``max_pages``."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    root = reader.trailer["/Root"].get_object()
    stack: list[tuple[Any, int]] = [(root["/Pages"], 0)]
    seen: set[tuple[int, int]] = set()
    pages = nodes = 0
    while stack:
        ref, depth = stack.pop()
        nodes += 1
        if depth > MAX_PAGE_TREE_DEPTH or nodes > MAX_PAGE_TREE_NODES:
            raise _TooComplex
        if isinstance(ref, IndirectObject):
            key = (ref.idnum, ref.generation)
            if key in seen:
                raise _TooComplex  # a cycle, or a node listed twice
            seen.add(key)
        node = ref.get_object()
        if not isinstance(node, DictionaryObject):
            raise ValueError("a page tree node that is not a dictionary")
        if node.get("/Type") == "/Page" or "/Kids" not in node:
            pages += 1
            if pages > max_pages:
                return pages
            continue
        kids = node["/Kids"].get_object()
        if not isinstance(kids, ArrayObject):
            raise ValueError("page tree kids that are not an array")
        if len(kids) > MAX_PAGE_TREE_NODES:
            raise _TooComplex
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    return pages


def _is_active_action(action: Any) -> bool:
    if action is None:
        return False
    action = action.get_object()
    return str(action.get("/S", "")) in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE")


def _check_pdf(upload: Any, *, max_pages: int) -> Checked:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    scripted = _("PDF ini berisi skrip atau lampiran tersembunyi dan tidak dapat diterima. "
                 "Cetak ke PDF biasa atau foto dokumennya.")
    if _scan_active(upload):
        raise Rejected(scripted)
    upload.seek(0)
    too_many = _("PDF berisi %(pages)d halaman; maksimal %(max)d. Unggah halaman yang diminta saja.")
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise Rejected(_("PDF terkunci kata sandi. Unggah PDF tanpa kata sandi."))
        pages = _count_pages(reader, max_pages)
        if pages > max_pages:
            raise Rejected(too_many % {"pages": pages, "max": max_pages})
        active = _has_active_structure(reader)
    except Rejected:
        raise
    except (LimitReachedError, RecursionError, _TooComplex):
        raise Rejected(
            _("Susunan halaman PDF ini terlalu bertingkat atau rumit untuk diperiksa. "
              "Simpan ulang sebagai PDF biasa (Cetak > Simpan sebagai PDF) atau foto dokumennya, lalu unggah lagi.")
        ) from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        raise Rejected(_("PDF rusak atau tidak dapat dibuka. Simpan ulang PDF-nya lalu unggah lagi.")) from None
    if active:
        raise Rejected(scripted)
    if pages == 0:
        raise Rejected(_("PDF tidak berisi halaman."))
    digest = hashlib.sha256()
    upload.seek(0)
    size = 0
    while chunk := upload.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return Checked(format="pdf", content_type="application/pdf", body=upload, size=size,
                   sha256=digest.hexdigest(), pages=pages)
