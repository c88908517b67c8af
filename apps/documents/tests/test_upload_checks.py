"""Bad input gets a clear Indonesian message and nothing is stored; good input is normalised."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from apps.applications.tests.factories import draft, jpeg_bytes, pdf_bytes, resident, upload
from apps.documents.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_draft(client: Any) -> Any:
    user = resident()
    client.force_login(user)
    application = draft(user)
    return client, application


def _post(client: Any, application: Any, kind: str, files: Any) -> Any:
    url = reverse("applications:upload", args=[application.number, kind])
    return client.post(url, {f"{kind}-file": files})


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kk.pdf", jpeg_bytes(), "isinya foto"),
        ("kk.jpg", b"", "Berkas kosong"),
        ("kk.jpg", jpeg_bytes()[:400], "Foto rusak"),
        ("kk.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 3000, "Foto rusak"),
        ("kk.txt", b"hello world, not a document", "Jenis berkas tidak dikenali"),
        ("kk.pdf", pdf_bytes(javascript=True), "berisi skrip"),
        ("kk.pdf", b"%PDF-1.7\n" + b"garbage" * 200, "PDF rusak"),
        ("kk.pdf", pdf_bytes(pages=11), "11 halaman"),
    ],
)
def test_it_rejects_bad_uploads_with_a_clear_message_and_stores_nothing(
    resident_draft: Any, name: str, content: bytes, message: str
) -> None:
    client, application = resident_draft
    response = _post(client, application, "kk", upload(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []
    # the resident's form data is untouched and the draft keeps going
    application.refresh_from_db()
    assert application.full_name and application.form_data["data_saved"]


def test_it_rejects_an_oversized_file_before_decoding(resident_draft: Any) -> None:
    client, application = resident_draft
    requirement = application.service_type.required_documents.get(kind="kk")
    requirement.max_size_kb = 100
    requirement.save()
    response = _post(client, application, "kk", upload("kk.jpg", jpeg_bytes(3000, 2000, quality=100)))
    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_it_rejects_two_files_in_one_field(resident_draft: Any) -> None:
    client, application = resident_draft
    response = _post(client, application, "kk", [upload("a.jpg", jpeg_bytes()), upload("b.jpg", jpeg_bytes())])
    assert response.status_code == 400
    assert "satu berkas saja" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def _raw_post(client: Any, application: Any, kind: str, filename: str, content: bytes) -> Any:
    """A hand-made multipart body: the test client would clean the file name itself."""
    boundary = "BoUnDaRy123"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"{kind}-file\"; filename=\"{filename}\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    url = reverse("applications:upload", args=[application.number, kind])
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={boundary}")


def test_it_never_uses_the_uploaded_file_name_in_the_storage_path(resident_draft: Any) -> None:
    client, application = resident_draft
    response = _raw_post(client, application, "kk", "../../../etc/evil.jpg", jpeg_bytes())
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    name = str(version.file.name)
    assert ".." not in name and "evil" not in name
    assert name.startswith("documents/")
    assert "/" not in version.original_name
    for path in _stored_files():
        assert Path(settings.MEDIA_ROOT) in path.parents


def test_it_refuses_a_file_that_is_only_a_dotted_path(resident_draft: Any) -> None:
    client, application = resident_draft
    response = _raw_post(client, application, "kk", "..", jpeg_bytes())
    assert response.status_code == 400
    assert "Pilih berkas" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_it_refuses_a_decompression_bomb(resident_draft: Any) -> None:
    client, application = resident_draft
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 megapixels, tiny file
    response = _post(client, application, "kk", upload("kk.png", out.getvalue()))
    assert response.status_code == 400
    assert "Foto terlalu besar ukurannya" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_it_normalises_photos_strips_exif_and_gps_and_bounds_the_size(resident_draft: Any) -> None:
    client, application = resident_draft
    original = jpeg_bytes(3000, 2250, exif_gps=True)
    assert b"PhoneMaker" in original
    response = _post(client, application, "kk", upload("IMG_2001.JPG", original))
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    with version.file.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and max(image.size) == 2000
    assert not image.getexif().get(0x8825)
    import hashlib

    assert version.sha256 == hashlib.sha256(stored).hexdigest()
    assert version.thumbnail and version.original_name == "IMG_2001.JPG"


def test_it_keeps_replaced_versions_and_uses_the_newest(resident_draft: Any) -> None:
    client, application = resident_draft
    _post(client, application, "kk", upload("a.jpg", jpeg_bytes(color=(10, 10, 10))))
    _post(client, application, "kk", upload("b.pdf", pdf_bytes()))
    document = Document.objects.get()
    assert document.versions.count() == 2
    assert document.current is not None and document.current.number == 2 and document.current.format == "pdf"


def test_the_htmx_upload_returns_the_document_block_with_the_error(resident_draft: Any) -> None:
    client, application = resident_draft
    url = reverse("applications:upload", args=[application.number, "kk"])
    response = client.post(url, {"kk-file": upload("kk.jpg", b"")}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="doc-kk"' in body and "Berkas kosong" in body
    response = client.post(url, {"kk-file": upload("kk.jpg", jpeg_bytes())}, HTTP_HX_REQUEST="true")
    assert "Tersimpan" in response.content.decode() and "thumb=1" in response.content.decode()


def test_a_pdf_that_only_opens_at_a_page_is_accepted(resident_draft: Any) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference,
                                                                  NameObject("/Fit")])
    out = io.BytesIO()
    writer.write(out)
    client, application = resident_draft
    assert _post(client, application, "kk", upload("kk.pdf", out.getvalue())).status_code == 302


def test_a_pdf_launch_action_on_a_link_is_refused(resident_draft: Any) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                            NameObject("/F"): TextStringObject("calc.exe")}),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])  # no public add_object
    out = io.BytesIO()
    writer.write(out)
    client, application = resident_draft
    response = _post(client, application, "kk", upload("kk.pdf", out.getvalue()))
    assert response.status_code == 400 and "berisi skrip" in response.content.decode()
