"""An upload waiting to be checked has no name in the temporary folder (a worker killed at that moment
leaves nothing, with no EXIF or GPS position, behind), and a scheduled job sweeps stale files."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def test_a_large_upload_being_checked_has_no_name_on_disk(upload_tmp: Path, client: Any,
                                                          monkeypatch: Any, settings: Any) -> None:
    from apps.applications.tests.factories import draft, jpeg_bytes, resident, upload
    from apps.documents import checks

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024
    photo = jpeg_bytes(800, 600, exif_gps=True)
    assert len(photo) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # streamed to a temporary file, not memory
    seen: dict[str, Any] = {}
    real_check = checks.check

    def spy(uploaded: Any, **kwargs: Any) -> Any:
        # the moment a SIGKILL would leave the upload behind: mid-request, before any clean-up
        seen["names"] = sorted(os.listdir(upload_tmp))
        seen["path"] = getattr(uploaded, "temporary_file_path", None)
        seen["size"] = uploaded.size
        return real_check(uploaded, **kwargs)

    monkeypatch.setattr("apps.documents.services.check", spy, raising=False)
    monkeypatch.setattr(checks, "check", spy)
    owner = resident()
    client.force_login(owner)
    application = draft(owner)
    response = client.post(reverse("applications:upload", args=[application.number, "kk"]),
                           {"kk-file": upload("IMG_1.jpg", photo, "image/jpeg")})
    assert response.status_code == 302, response.content[:300]
    assert seen["size"] == len(photo)
    assert seen["names"] == [], f"the upload had a name in the temporary folder: {seen['names']}"
    assert seen["path"] is None
    assert os.listdir(upload_tmp) == []


def test_the_sweep_removes_stale_temporary_files_only(upload_tmp: Path) -> None:
    from apps.core.uploads import STALE_AFTER_SECONDS, remove_stale_temporary_files

    stale, fresh = upload_tmp / "tmpabc.upload.jpg", upload_tmp / "tmpdef.upload.jpg"
    stale.write_bytes(b"\xff\xd8 left by a killed worker")
    fresh.write_bytes(b"\xff\xd8 a request still reading it")
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (old, old))
    (upload_tmp / "sub").mkdir()
    assert remove_stale_temporary_files() == 1
    assert not stale.exists() and fresh.exists() and (upload_tmp / "sub").is_dir()


def test_the_sweep_is_a_scheduled_job(upload_tmp: Path) -> None:
    from apps.core.scheduler import all_jobs, run_due_jobs

    assert "core.sweep_upload_temp" in {job.name for job in all_jobs()}
    stale = upload_tmp / "tmpold.upload"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    assert "core.sweep_upload_temp" in run_due_jobs()
    assert not stale.exists()
