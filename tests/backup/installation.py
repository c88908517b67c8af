"""A separate Sipon installation run in subprocesses (its own database and file storage),
for tests that need real processes: backup/restore and the scale-out test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def using_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def require_postgres() -> None:
    if not using_postgres():
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass of .ci/run (set DATABASE_URL=postgres://...)")


def _server_url() -> str:
    """The PostgreSQL server of the current test run (from DATABASE_URL)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise RuntimeError("DATABASE_URL does not point to PostgreSQL")
    return url


def _admin_execute(sql: str) -> None:
    import psycopg

    parts = urlsplit(_server_url())
    admin = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


class Installation:
    def __init__(self, base: Path, name: str, *, engine: str) -> None:
        self.engine = engine
        self.var_dir = base / name
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.media = self.var_dir / "media"
        self.db_name = ""
        if engine == "postgresql":
            self.db_name = f"sipon_t_{name}_{uuid.uuid4().hex[:8]}"
            _admin_execute(f'CREATE DATABASE "{self.db_name}"')
            parts = urlsplit(_server_url())
            self.database_url = urlunsplit((parts.scheme, parts.netloc, f"/{self.db_name}", "", ""))
        else:
            self.database_url = f"sqlite:///{self.var_dir / 'sipon.sqlite3'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SIPON_", "PYTEST", "DJANGO_"))}
        env.pop("TASK_BACKEND", None)
        env.update(
            DATABASE_URL=self.database_url,
            SIPON_VAR_DIR=str(self.var_dir),
            MEDIA_ROOT=str(self.media),
            SIPON_LOCAL="1",
            SIPON_TESTING="1",
            DJANGO_SETTINGS_MODULE="sipon.settings",
            AXES_ENABLED="0",
            PYTHONUNBUFFERED="1",
            LOG_LEVEL="WARNING",
        )
        self.env = env

    def manage(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def shell(self, code: str, *, check: bool = True) -> str:
        return self.manage("shell", "-c", code, check=check).stdout

    def fingerprints(self) -> dict[str, Any]:
        out = self.manage("table_fingerprints").stdout
        return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]

    def drop(self) -> None:
        if self.db_name:
            _admin_execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
