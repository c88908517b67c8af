"""The service catalogue: the seeded services, re-applicable at run time (the data migrations hold the data), and
the section head's edits of a service's terms and required documents.

Transactional tests flush the database, data migrations included; ``ensure()`` puts the
catalogue back. It never overwrites an administrator's edits to existing rows' other
services, and is idempotent.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.utils.text import slugify

from apps.applications.models import RequiredDocument, ServiceType
from apps.core.audit import record

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


# --- The section head's edits (``views_catalogue``): a service's terms and its required documents -------------

SERVICE_FIELDS = (
    "name", "description", "eligibility", "min_age_years", "max_age_years", "allow_if_married",
    "service_level_days", "is_active",
)
# The legal basis is edited once, with the service standard (apps.publicinfo), which writes it through here.
LEGAL_BASIS_FIELDS = ("legal_basis",)
REQUIREMENT_FIELDS = ("name", "help_text", "mandatory", "accepted_formats", "max_size_kb", "max_pages", "order")


@transaction.atomic
def update_service(service: ServiceType, data: dict[str, Any], *, actor: Any) -> list[str]:
    """Save the service's terms that changed (eligibility, ages, service level, open or closed; and the legal
    basis, when the service standard's is saved);
    returns the changed field names, which go to the audit log. New files are held to the new terms; files
    already submitted keep their due date."""
    locked = ServiceType.objects.select_for_update().get(pk=service.pk)
    fields = (*SERVICE_FIELDS, *LEGAL_BASIS_FIELDS)
    changed = [name for name in fields if name in data and getattr(locked, name) != data[name]]
    for name in changed:
        setattr(locked, name, data[name])
    if changed:
        locked.save(update_fields=changed)
        record("applications.service_updated", actor=actor, obj=locked, data={"fields": changed})
    return changed


@transaction.atomic
def save_requirement(
    service: ServiceType, data: dict[str, Any], *, actor: Any, requirement: RequiredDocument | None = None
) -> RequiredDocument:
    """Add a required document to a service (``requirement`` None, its kind made from its name) or change one."""
    ServiceType.objects.select_for_update().filter(pk=service.pk).first()
    if requirement is None:
        base = slugify(data["name"])[:40] or "dokumen"
        kind, n = base, 2
        while RequiredDocument.objects.filter(service_type=service, kind=kind).exists():
            kind, n = f"{base}-{n}", n + 1
        requirement = RequiredDocument(service_type=service, kind=kind)
        changed = list(REQUIREMENT_FIELDS)
    else:
        requirement = RequiredDocument.objects.select_for_update().get(pk=requirement.pk, service_type=service)
        changed = [name for name in REQUIREMENT_FIELDS if name in data and getattr(requirement, name) != data[name]]
    for name in REQUIREMENT_FIELDS:
        if name in data:
            setattr(requirement, name, data[name])
    requirement.save()
    record("applications.requirement_saved", actor=actor, obj=service,
           data={"kind": requirement.kind, "fields": changed})
    return requirement


@transaction.atomic
def remove_requirement(requirement: RequiredDocument, *, actor: Any) -> None:
    """Take a required document off the service. Uploads already made for it stay with their files."""
    service = requirement.service_type
    kind = requirement.kind
    requirement.delete()
    record("applications.requirement_removed", actor=actor, obj=service, data={"kind": kind})
