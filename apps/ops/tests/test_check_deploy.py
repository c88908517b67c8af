"""Production settings pass `manage.py check --deploy` with no warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_production_settings_pass_check_deploy_with_no_warning(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sipon.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "sipon.disdukcapil.klatenkab.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://sipon.disdukcapil.klatenkab.go.id",
        "SITE_URL": "https://sipon.disdukcapil.klatenkab.go.id",
        "HTTPS": "1",
        "BEHIND_PROXY": "1",
        "SIPON_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "FILE_STORAGE": "s3",
        "S3_BUCKET": "sipon-berkas",
        "S3_ENDPOINT_URL": "https://s3.internal:3900",
        "S3_ACCESS_KEY_ID": "contoh",
        "S3_SECRET_ACCESS_KEY": "contoh-rahasia",
        "CENTRAL_URL": "https://gateway.dukcapil.example/siak",
        "CENTRAL_TOKEN": "contoh-token",
        "OPS_METRICS_TOKEN": secrets.token_urlsafe(32),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output


@pytest.mark.slow
def test_check_deploy_does_warn_about_a_weak_configuration(tmp_path: Path) -> None:
    """The test above can fail: with HTTPS off, check --deploy warns."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sipon.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "sipon.example", "HTTPS": "0", "SIPON_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr
