"""The seeded e-KTP catalogue, re-applicable at run time (the data migration holds the data).

Transactional tests flush the database, data migrations included; ``ensure()`` puts the
catalogue back. It never overwrites an administrator's edits to existing rows' other
services, and is idempotent.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as django_apps

from apps.applications.models import ServiceType

SEED_MIGRATIONS = (
    "apps.applications.migrations.0003_seed_ektp_catalogue",
    # KK, akta, pindah (signed digital documents) and KIA (a card).
    "apps.applications.migrations.0007_seed_adminduk_catalogue",
)
SEED_MIGRATION = SEED_MIGRATIONS[0]


def ensure() -> None:
    for name in SEED_MIGRATIONS:
        module = import_module(name)
        codes = [spec["code"] for spec in module.SERVICES]
        if ServiceType.objects.filter(code__in=codes).count() == len(codes):
            continue
        module.seed(django_apps, None)
