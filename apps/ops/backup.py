"""Consistent backups of the database and the uploaded files, and their restore.

Layout of a backup directory::

    manifest.json          what is in it, with a SHA-256 for every file
    database.dump          PostgreSQL: ``pg_dump --format=custom`` (one snapshot)
    database.sqlite3       SQLite: a copy made with the online backup API
    files/<name>           every file of the default storage, under its storage name

Order matters for consistency: the database is dumped first (in one snapshot), then the
files are copied. Files are written before the rows that point to them and are never
changed in place, so every file a dumped row refers to is copied; a file uploaded after
the snapshot is copied too and is harmless (no row points to it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection

FORMAT_VERSION = 1
PG_DUMP = os.environ.get("PG_DUMP", "/usr/bin/pg_dump")
PG_RESTORE = os.environ.get("PG_RESTORE", "/usr/bin/pg_restore")
# Tables an empty installation may already fill by itself (``migrate`` and reference data).
REFERENCE_TABLES = {
    "django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions",
    "regions_region", "sipon_cache", "core_scheduledjob", "django_session",
}


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, the password in the environment only."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _sqlite_path() -> str:
    connection.ensure_connection()
    name = connection.settings_dict["NAME"]
    return str(name)


# --- Files ----------------------------------------------------------------------------


def walk_storage(storage: Storage, base: str = "") -> Iterator[str]:
    directories, files = storage.listdir(base)
    for name in sorted(files):
        yield f"{base}/{name}" if base else name
    for directory in sorted(directories):
        yield from walk_storage(storage, f"{base}/{directory}" if base else directory)


def storage_hashes(storage: Storage | None = None) -> dict[str, str]:
    storage = storage or default_storage
    hashes: dict[str, str] = {}
    try:
        names = list(walk_storage(storage))
    except FileNotFoundError:
        return {}
    for name in names:
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        hashes[name] = digest.hexdigest()
    return hashes


# --- Record fingerprints ----------------------------------------------------------------


def table_fingerprints() -> dict[str, dict[str, Any]]:
    """Row count and a SHA-256 over every row (ordered by all columns) of every table, to
    compare a restored database with its source (same database engine)."""
    result: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            quoted = connection.ops.quote_name(table)
            columns = [col.name for col in connection.introspection.get_table_description(cursor, table)]
            order = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608  (names from introspection)
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_normal(v) for v in row)).encode())
                count += 1
            result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def _normal(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def data_rows_outside_reference() -> dict[str, int]:
    """Tables of the current database that hold rows an empty installation would not have."""
    filled: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in REFERENCE_TABLES or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            count = cursor.fetchone()[0]
            if count:
                filled[table] = count
    return filled


# --- Backup -----------------------------------------------------------------------------


def backup(target: Path) -> dict[str, Any]:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new directory for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)  # personal data: readable by the backup's owner only
    started = dt.datetime.now(tz=dt.UTC)
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "created_at": started.isoformat(),
        "engine": connection.vendor,
    }
    if _is_postgres():
        dump = target / "database.dump"
        args, env = _pg_env()
        # pg_dump reads everything in one REPEATABLE READ transaction: one consistent snapshot.
        subprocess.run(  # noqa: S603
            [PG_DUMP, "--format=custom", "--no-owner", "--no-acl", "--file", str(dump), *args],
            check=True, env=env, capture_output=True, text=True,
        )
        manifest["database"] = {"file": dump.name, "sha256": sha256_file(dump)}
    else:
        dump = target / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path())
        destination = sqlite3.connect(str(dump))
        try:
            with destination:
                source.backup(destination)  # the online backup API: a consistent copy while in use
        finally:
            destination.close()
            source.close()
        manifest["database"] = {"file": dump.name, "sha256": sha256_file(dump)}
    files_dir = target / "files"
    files_dir.mkdir()
    entries: list[dict[str, Any]] = []
    try:
        names = list(walk_storage(default_storage))
    except FileNotFoundError:
        names = []
    for name in names:
        destination_path = files_dir / name
        if not destination_path.resolve().is_relative_to(files_dir.resolve()):
            raise BackupError(f"refusing a storage name outside the backup: {name!r}")
        destination_path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source_file, destination_path.open("wb") as out:
            shutil.copyfileobj(source_file, out, 1 << 20)
        entries.append({"name": name, "size": destination_path.stat().st_size, "sha256": sha256_file(destination_path)})
    manifest["files"] = entries
    manifest["finished_at"] = dt.datetime.now(tz=dt.UTC).isoformat()
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


# --- Restore ----------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / "manifest.json"
    if not path.exists():
        raise BackupError(f"{source} has no manifest.json: not a Sipon backup.")
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def verify(source: Path) -> list[str]:
    """Problems with a backup directory (missing files, wrong hashes); empty if sound."""
    source = Path(source)
    manifest = read_manifest(source)
    problems: list[str] = []
    database = source / manifest["database"]["file"]
    if not database.exists():
        problems.append(f"missing {database.name}")
    elif sha256_file(database) != manifest["database"]["sha256"]:
        problems.append(f"{database.name}: hash differs")
    for entry in manifest["files"]:
        path = source / "files" / entry["name"]
        if not path.exists():
            problems.append(f"missing file {entry['name']}")
        elif sha256_file(path) != entry["sha256"]:
            problems.append(f"file {entry['name']}: hash differs")
    return problems


def restore(source: Path, *, force: bool = False) -> dict[str, Any]:
    source = Path(source)
    manifest = read_manifest(source)
    problems = verify(source)
    if problems:
        raise BackupError("the backup is damaged: " + "; ".join(problems))
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; this installation uses {connection.vendor}."
        )
    filled = data_rows_outside_reference()
    if filled and not force:
        sample = ", ".join(f"{t} ({n})" for t, n in sorted(filled.items())[:5])
        raise BackupError(f"the database is not empty: {sample}. Restore onto an empty installation, or use --force.")
    existing_files = storage_hashes()
    if existing_files and not force:
        raise BackupError(f"the file storage is not empty ({len(existing_files)} files). Use --force to overwrite.")
    database = source / manifest["database"]["file"]
    if _is_postgres():
        args, env = _pg_env()
        connection.close()
        subprocess.run(  # noqa: S603
            [PG_RESTORE, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
             "--exit-on-error", *args, str(database)],
            check=True, env=env, capture_output=True, text=True,
        )
    else:
        target_path = _sqlite_path()
        connection.close()
        src = sqlite3.connect(str(database))
        dst = sqlite3.connect(target_path)
        try:
            with dst:
                src.backup(dst)
        finally:
            src.close()
            dst.close()
    for entry in manifest["files"]:
        name = entry["name"]
        if default_storage.exists(name):
            default_storage.delete(name)
        with (source / "files" / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"storage renamed {name!r} to {saved!r}")
    restored = storage_hashes()
    missing = [e["name"] for e in manifest["files"] if restored.get(e["name"]) != e["sha256"]]
    if missing:
        raise BackupError(f"files differ after restore: {missing[:5]}")
    return manifest
