from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` onto an empty installation (empty database, empty file "
        "storage). Refuses a database or storage that holds data unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--force", action="store_true", help="Overwrite an installation that holds data.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["directory"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {manifest['engine']} database and {len(manifest['files'])} files from {options['directory']}."
        )
