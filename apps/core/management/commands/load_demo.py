from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.regions.models import Region


class Command(BaseCommand):
    help = (
        "Load the Klaten demo: regions, catalogue, offices, one account per staff role, residents. "
        "Idempotent: running it again keeps existing data. Each app adds its part in apps/<app>/demo.py "
        "(a function load(stdout) that uses get_or_create)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).exists():
            call_command("load_regions")
        for config in django_apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is not None:
                import_module(module_name).load(self.stdout)
