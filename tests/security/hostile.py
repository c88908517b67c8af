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
]

# Names that try to escape the storage area, sent with *valid* content: a valid image may be
# accepted, but only stored inside the storage area under a name Sipon generates.
PATH_TRICKS = [
    "../../../../tmp/sipon-pwn.png",
    "..\\..\\..\\sipon-pwn.png",
    "/etc/sipon-pwn.png",
    "%2e%2e%2fsipon-pwn.png",
]
