"""The seeded e-KTP catalogue, re-applicable at run time (the data migration holds the data).

Transactional tests flush the database, data migrations included; ``ensure()`` puts the
catalogue back. It never overwrites an administrator's edits to existing rows' other
services, and is idempotent.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as django_apps

from apps.applications.models import ServiceType

SEED_MIGRATION = "apps.applications.migrations.0003_seed_ektp_catalogue"


def ensure() -> None:
    module = import_module(SEED_MIGRATION)
    codes = [spec["code"] for spec in module.SERVICES]
    if ServiceType.objects.filter(code__in=codes).count() == len(codes):
        return
    module.seed(django_apps, None)
