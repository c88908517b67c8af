from __future__ import annotations

import inspect
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.regions.models import Region


class Command(BaseCommand):
    help = (
        "Load the Klaten demo: regions, catalogue, offices, one account per staff role, residents. "
        "Idempotent: running it again keeps existing data. Each app adds its part in apps/<app>/demo.py "
        "(a function load(stdout) that uses get_or_create). Outside local mode (SIPON_LOCAL=1) it refuses, since "
        "the demo accounts' password and authenticator keys are published, unless --random-secrets is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--random-secrets", action="store_true",
            help="give the demo accounts it creates random passwords (printed once) and random authenticator keys",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        random_secrets = bool(options["random_secrets"])
        if not settings.LOCAL and not random_secrets:
            raise CommandError(
                "load_demo creates accounts with the published demo password and authenticator keys: only in local "
                "mode (SIPON_LOCAL=1). For a training or test server use --random-secrets."
            )
        if not Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).exists():
            call_command("load_regions")
        for config in django_apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is not None:
                loader = import_module(module_name).load
                if "random_secrets" in inspect.signature(loader).parameters:  # the parts that create accounts
                    loader(self.stdout, random_secrets=random_secrets)
                else:
                    loader(self.stdout)
