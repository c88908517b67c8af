"""A phone photo larger than the document's limit is reduced in the browser before upload (orientation kept); the
server still refuses an oversized file, with a message that says how to make it smaller (the no-JavaScript path)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from apps.applications.models import RequiredDocument
from apps.applications.tests.factories import draft, jpeg_bytes, resident, upload
from apps.documents.models import Document


def _noisy_rotated_jpeg(width: int = 1600, height: int = 1000) -> bytes:
    """A landscape sensor image that EXIF says to show rotated (portrait), as phones save them; noisy so it
    compresses badly."""
    import random

    rng = random.Random(7)
    image = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


@pytest.mark.django_db
def test_the_server_refuses_an_oversized_file_and_says_how_to_make_it_smaller(client: Any) -> None:
    user = resident()
    application = draft(user)
    RequiredDocument.objects.filter(service_type=application.service_type, kind="kk").update(max_size_kb=50)
    client.force_login(user)
    big = upload("kk.jpg", jpeg_bytes(1600, 1200, quality=100), "image/jpeg")
    response = client.post(f"/permohonan/{application.number}/dokumen/kk/", {"kk-file": big})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Berkas terlalu besar" in body and "WhatsApp" in body and "resolusi kamera" in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_reduces_a_large_photo_and_keeps_its_orientation(live_server: Any, browser: Any) -> None:
    user = resident()
    application = draft(user)
    RequiredDocument.objects.filter(service_type=application.service_type, kind="kk").update(max_size_kb=300)
    photo = _noisy_rotated_jpeg()
    assert len(photo) > 300 * 1024
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="id-ID")
    context.set_default_timeout(60000)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/permohonan/{application.number}/dokumen/")
    page.set_input_files("#id_kk-file", files=[{"name": "kk.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    page.wait_for_selector("#doc-kk .tag.green")
    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "photo-resized.png"), full_page=True)
    context.close()
    document = Document.objects.get(application=application, kind="kk")
    version = document.current  # stored at all: the original (over the limit) would have been refused
    assert version is not None
    with version.file.open("rb") as handle:
        stored = Image.open(handle)
        stored.load()
    assert stored.height > stored.width  # shown upright (portrait), as the phone's EXIF said


@pytest.mark.django_db
def test_the_complaint_form_reduces_photos_too(client: Any) -> None:
    body = client.get("/pengaduan/baru/").content.decode()
    assert 'data-max-bytes="5242880"' in body and "js/photo-resize" in body
