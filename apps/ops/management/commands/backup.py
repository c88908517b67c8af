from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (PostgreSQL: pg_dump in one snapshot; SQLite: the online "
        "backup API) and of every uploaded file, with a manifest of SHA-256 hashes, into a new directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="A new or empty directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {options['directory']}: {manifest['engine']} database, {len(manifest['files'])} files."
        )
