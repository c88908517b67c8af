from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from apps.ops.backup import storage_hashes, table_fingerprints


class Command(BaseCommand):
    help = "Print row counts and a checksum per table, and the SHA-256 of every stored file (to compare installations)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps({"tables": table_fingerprints(), "files": storage_hashes()}, sort_keys=True))
