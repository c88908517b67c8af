"""A resident downloads everything Sipon holds about them: JSON + their files in one ZIP."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.applications.models import ServiceType
from apps.applications.services import create_application
from apps.core import audit
from apps.notifications.services import notify
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db
URL = "/data-pribadi/unduh/"


def _zip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_it_gives_the_resident_their_data_and_files_and_nobody_elses(client: Any) -> None:
    from apps.documents.models import Document, DocumentVersion

    resident = make_resident(name="SITI AMINAH")
    other = make_resident(name="ORANG LAIN")
    service = ServiceType.objects.filter(is_active=True).first() or ServiceType.objects.create(code="u", name="U")
    mine = create_application(service_type=service, channel="online", nik=resident.resident.nik, applicant=resident)
    create_application(service_type=service, channel="online", nik=other.resident.nik, applicant=other)
    name = default_storage.save("documents/ktp-siti.jpg", ContentFile(b"isi-foto"))
    document = Document.objects.create(application=mine, kind="ktp")
    DocumentVersion.objects.create(document=document, number=1, file=name, format="image",
                                   content_type="image/jpeg", size=8, sha256="0" * 64)
    notify(event="uji", subject="Halo Siti", body="Isi", recipient=resident, channels=("in_app",))
    officer = make_staff("file_receiver", username="petugas-berkas")
    audit.record("document.viewed", actor=officer, obj=document, subject=resident, subject_nik=resident.resident.nik)

    client.force_login(resident, backend="apps.accounts.backends.IdentifierBackend")
    archive = _zip(client.get(URL))
    data = json.loads(archive.read("data-pribadi.json"))
    assert data["profil_penduduk"]["full_name"] == "SITI AMINAH"
    assert "password" not in data["akun"]
    numbers = [row["number"] for row in data["catatan"]["applications.application"]]
    assert numbers == [mine.number]
    assert data["catatan"]["notifications.notification"][0]["subject"] == "Halo Siti"
    assert [e["petugas"] for e in data["riwayat_akses"] if e["tindakan"] == "document.viewed"] == ["petugas-berkas"]
    stored = [n for n in archive.namelist() if n.startswith("berkas/")]
    assert len(stored) == 1 and archive.read(stored[0]) == b"isi-foto"
    assert "ORANG LAIN" not in archive.read("data-pribadi.json").decode()


def test_it_records_the_download_in_the_audit_log(client: Any) -> None:
    from apps.core.models import AuditEvent

    resident = make_resident()
    client.force_login(resident, backend="apps.accounts.backends.IdentifierBackend")
    client.get(URL)
    assert AuditEvent.objects.filter(action="privacy.export_downloaded", subject=resident).exists()


def test_it_sends_anonymous_visitors_to_sign_in(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
