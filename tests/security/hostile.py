"""A corpus of hostile uploads. Each entry: (label, file name, bytes, declared content type)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from tests.security.objects import tiny_png


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb_png(width: int = 60000, height: int = 60000) -> bytes:
    """A small PNG whose header claims 3.6 gigapixels (PIL must refuse before decoding)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * width
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ktp.pdf", b"\x00" * (50 * 1024 * 1024))
    return buffer.getvalue()


def pdf_html_polyglot() -> bytes:
    return b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def gif_js_polyglot() -> bytes:
    return b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1)//;"


def jpeg_php() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<?php system($_GET['c']); ?>"


def svg_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def exe() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200


def oversized_png() -> bytes:
    # A real PNG header followed by 21 MB of padding: over every size limit Sipon has.
    return tiny_png() + b"\x00" * (21 * 1024 * 1024)


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, object 1 the catalogue) with a correct xref table."""
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def deep_pdf_page_tree(depth: int = 3000, *, cycle: bool = False) -> bytes:
    """A PDF whose one page sits under ``depth`` nested /Pages nodes (or whose tree loops back on itself):
    pypdf's recursive walk raises or exhausts the stack."""
    objects = [b"<</Type /Catalog /Pages 2 0 R>>"]
    for level in range(depth):
        child = 2 if cycle and level == depth - 1 else level + 3
        objects.append(b"<</Type /Pages /Kids [%d 0 R] /Count 1>>" % child)
    objects.append(b"<</Type /Page /MediaBox [0 0 595 842]>>")
    return _pdf(objects)


PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def commented_jpeg_polyglot() -> bytes:
    """A real, decodable JPEG whose COM segment, EXIF description and XMP packet hold HTML with a script,
    with an ICC profile, and a ZIP (with its central directory) and a PDF after the image data:
    a browser or an unzipper that sniffs it finds the payload. Only the pixels may survive."""
    from PIL import Image, ImageCms

    image = Image.new("RGB", (64, 48), (120, 90, 60))
    exif = image.getexif()
    exif[0x010E] = PAYLOAD.decode()  # ImageDescription
    buffer = io.BytesIO()
    image.save(
        buffer, "JPEG", comment=PAYLOAD, xmp=b"<x:xmpmeta>" + PAYLOAD + b"</x:xmpmeta>", exif=exif,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    jpeg = buffer.getvalue()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("index.html", PAYLOAD)
    return jpeg + archive.getvalue() + pdf_html_polyglot()


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """The (marker, payload) segments of a JPEG before its image data (start of scan), plus what follows
    the end-of-image marker as marker 0 when anything does."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    segments: list[tuple[int, bytes]] = []
    at = 2
    while at < len(data):
        assert data[at] == 0xFF, f"not a marker at {at}"
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        segments.append((marker, data[at + 4:at + 2 + length]))
        at += 2 + length
        if marker == 0xDA:  # start of scan: the entropy-coded data runs to the end-of-image marker
            end = data.index(b"\xff\xd9", at)
            if data[end + 2:]:
                segments.append((0, data[end + 2:]))
            break
    return segments


CORPUS: list[tuple[str, str, bytes, str]] = [
    ("pdf/html polyglot", "ktp.pdf", pdf_html_polyglot(), "application/pdf"),
    ("gif/js polyglot", "ktp.gif", gif_js_polyglot(), "image/gif"),
    ("jpeg with php", "ktp.jpg", jpeg_php(), "image/jpeg"),
    ("html as jpg", "ktp.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    ("exe as pdf", "ktp.pdf", exe(), "application/pdf"),
    ("png named pdf", "ktp.pdf", tiny_png(), "application/pdf"),
    ("svg with script", "ktp.png", svg_script(), "image/png"),
    ("zip bomb", "ktp.zip", zip_bomb(), "application/zip"),
    ("zip bomb named pdf", "ktp.pdf", zip_bomb(), "application/pdf"),
    ("decompression bomb", "ktp.png", decompression_bomb_png(), "image/png"),
    ("oversized", "ktp.png", oversized_png(), "image/png"),
    ("empty", "ktp.png", b"", "image/png"),
    ("path traversal + bad content", "../../../../tmp/sipon-pwn.html", b"<html>x</html>", "text/html"),
    ("null byte in name", "ktp.png\x00.html", b"<html>x</html>", "text/html"),
    ("deep pdf page tree", "ktp.pdf", deep_pdf_page_tree(), "application/pdf"),
    ("looping pdf page tree", "ktp.pdf", deep_pdf_page_tree(3, cycle=True), "application/pdf"),
]

# Valid photos carrying a payload: they may be accepted, but only their pixels are stored.
SANITISED: list[tuple[str, str, bytes, str]] = [
    ("commented jpeg polyglot", "ktp.jpg", commented_jpeg_polyglot(), "image/jpeg"),
]

# Names that try to escape the storage area, sent with *valid* content: a valid image may be
# accepted, but only stored inside the storage area under a name Sipon generates.
PATH_TRICKS = [
    "../../../../tmp/sipon-pwn.png",
    "..\\..\\..\\sipon-pwn.png",
    "/etc/sipon-pwn.png",
    "%2e%2e%2fsipon-pwn.png",
]
