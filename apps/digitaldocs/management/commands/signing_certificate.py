from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.digitaldocs import signing


class Command(BaseCommand):
    help = "Generate the local signing certificate under var/signing/ if missing, and print the signer in use."

    def handle(self, *args: Any, **options: Any) -> None:
        if signing.is_local():
            self.stdout.write(f"Local certificate: {signing.ensure_local_certificate()}")
        self.stdout.write(f"Signer: {signing.signer_subject()}")
