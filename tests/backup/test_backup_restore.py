"""Backup then restore onto an empty installation gives the same records and files.

Runs two real installations in subprocesses: the source (migrated, with records and
uploaded files) and an empty one (fresh database, empty file storage), on the same
engine as the test run: SQLite in the first pass, PostgreSQL in the second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backup.installation import Installation, using_postgres

POPULATE = r"""
import datetime as dt
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from apps.regions.services import load_regions
from apps.accounts.demo import ensure_groups
load_regions(("33.10",)); ensure_groups()
from tests.factories import make_resident, make_staff
from apps.applications.models import ServiceType
from apps.applications.services import create_application
from apps.notifications.services import notify
from apps.core import audit
resident = make_resident(name="SITI AMINAH")
staff = make_staff("file_receiver")
service = ServiceType.objects.filter(is_active=True).first()
service = service or ServiceType.objects.create(code="ktp-uji", name="KTP-el uji")
application = create_application(service_type=service, channel="online", nik=resident.resident.nik, applicant=resident)
notify(event="test", subject="Halo", body="Isi pesan", recipient=resident, channels=("in_app",))
audit.record("application.viewed", actor=staff, obj=application, subject=resident, subject_nik=resident.resident.nik)
default_storage.save("documents/2026/11/ktp-scan.jpg", ContentFile(bytes(range(256)) * 40))
default_storage.save("complaints/lampiran berkas (1).pdf", ContentFile(b"%PDF-1.4 contoh\n"))
print("populated")
"""


@pytest.mark.slow
def test_it_restores_a_backup_onto_an_empty_installation_with_the_same_records_and_files(tmp_path: Path) -> None:
    engine = "postgresql" if using_postgres() else "sqlite"
    source = Installation(tmp_path, "source", engine=engine)
    empty = Installation(tmp_path, "empty", engine=engine)
    try:
        source.manage("migrate", "--noinput", "-v", "0")
        source.manage("createcachetable")
        assert "populated" in source.shell(POPULATE)
        backup_dir = tmp_path / "backup"
        source.manage("backup", str(backup_dir))
        expected = source.fingerprints()
        assert expected["tables"]["accounts_user"]["rows"] == 2
        assert expected["tables"]["applications_application"]["rows"] == 1
        assert len(expected["files"]) == 2

        manifest = (backup_dir / "manifest.json").read_text()
        assert "ktp-scan.jpg" in manifest

        empty.manage("restore", str(backup_dir))
        restored = empty.fingerprints()
        assert restored["files"] == expected["files"]
        differing = {
            table: (expected["tables"].get(table), restored["tables"].get(table))
            for table in set(expected["tables"]) | set(restored["tables"])
            if expected["tables"].get(table) != restored["tables"].get(table)
        }
        assert differing == {}
        # The restored installation works: Django reads the same application back.
        assert "KTP-" in empty.shell(
            "from apps.applications.models import Application; print(Application.objects.get().number)"
        )

        # A second restore onto what is now a filled installation is refused...
        again = empty.manage("restore", str(backup_dir), check=False)
        assert again.returncode != 0
        assert "not empty" in again.stderr
        # ...unless forced.
        empty.manage("restore", str(backup_dir), "--force")
        assert empty.fingerprints()["tables"] == expected["tables"]
    finally:
        source.drop()
        empty.drop()


@pytest.mark.slow
def test_it_refuses_a_damaged_backup(tmp_path: Path) -> None:
    engine = "postgresql" if using_postgres() else "sqlite"
    source = Installation(tmp_path, "source", engine=engine)
    empty = Installation(tmp_path, "empty", engine=engine)
    try:
        source.manage("migrate", "--noinput", "-v", "0")
        source.shell(
            "from django.core.files.storage import default_storage; from django.core.files.base import ContentFile; "
            "default_storage.save('a/b.txt', ContentFile(b'isi'))"
        )
        backup_dir = tmp_path / "backup"
        source.manage("backup", str(backup_dir))
        (backup_dir / "files" / "a" / "b.txt").write_bytes(b"diubah")
        result = empty.manage("restore", str(backup_dir), check=False)
        assert result.returncode != 0
        assert "hash differs" in result.stderr
        assert not (empty.media / "a" / "b.txt").exists()
    finally:
        source.drop()
        empty.drop()
