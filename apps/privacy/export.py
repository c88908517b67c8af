"""Everything Sipon holds about one resident, as JSON plus their files, in one ZIP.

The walk is generic so that records other apps add are included without changes here:

1. the account and the resident profile;
2. rows of every Sipon model that point to the account through a *subject* field
   (``applicant``, ``recipient``, ``resident``, ``user``, ``filer``, ``owner``), or that carry
   the resident's NIK in a ``nik`` field (walk-in records made without an account);
3. rows that point to the rows found so far (history, documents and their versions,
   messages, attachments), a few levels deep;
4. the audit events about the resident: who looked at or changed their data, and when.

Secrets are never exported (password hashes, code hashes, tokens, keys).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from apps.core.models import AuditEvent

SUBJECT_FIELDS = {"applicant", "recipient", "resident", "user", "filer", "owner"}
SECRET_WORDS = ("password", "hash", "secret", "token", "key", "otp")
MAX_DEPTH = 3


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def _sipon_models() -> list[type[models.Model]]:
    return [m for m in django_apps.get_models() if m.__module__.startswith("apps.")
            and m._meta.label not in ("core.AuditEvent", "core.ScheduledJob")]


def _row(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {"id": instance.pk}
    for field in instance._meta.concrete_fields:
        if _is_secret(field.name) or field.primary_key:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.name] = value
    return data


def _files_of(instance: models.Model) -> list[str]:
    names = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(instance, field.name)
            if value:
                names.append(value.name)
    return names


def collect(user: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(data, files): the JSON-able data and the (archive name, storage name) of each file."""
    user_model = django_apps.get_model(settings.AUTH_USER_MODEL)
    account = {
        field.name: getattr(user, field.attname)
        for field in user_model._meta.concrete_fields
        if not _is_secret(field.name) and field.name not in ("is_superuser", "is_staff")
    }
    profile = getattr(user, "resident", None)
    nik = profile.nik if profile is not None else ""
    found: dict[type[models.Model], dict[Any, models.Model]] = {}

    def add(rows: Iterable[models.Model]) -> bool:
        grew = False
        for row in rows:
            bucket = found.setdefault(type(row), {})
            if row.pk not in bucket:
                bucket[row.pk] = row
                grew = True
        return grew

    for model in _sipon_models():
        if profile is not None and model is type(profile):
            continue
        for field in model._meta.concrete_fields:
            if (isinstance(field, models.ForeignKey) and field.name in SUBJECT_FIELDS
                    and field.related_model is user_model):
                add(model._default_manager.filter(**{field.name: user}))
            elif field.name == "nik" and isinstance(field, models.CharField) and nik:
                add(model._default_manager.filter(nik=nik))
    for _depth in range(MAX_DEPTH):
        grew = False
        for model in _sipon_models():
            if profile is not None and model is type(profile):
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                target = field.related_model
                if target in found and target is not user_model:
                    rows = model._default_manager.filter(**{f"{field.name}__in": list(found[target])})
                    if any(f.name == "internal" for f in model._meta.concrete_fields):
                        rows = rows.exclude(internal=True)  # staff-only notes are not the resident's data
                    grew |= add(rows)
        if not grew:
            break

    records: dict[str, list[dict[str, Any]]] = {}
    files: list[tuple[str, str]] = []
    for model, bucket in sorted(found.items(), key=lambda item: item[0]._meta.label):
        label = model._meta.label_lower
        records[label] = [_row(row) for _pk, row in sorted(bucket.items(), key=lambda item: str(item[0]))]
        for pk, row in bucket.items():
            for name in _files_of(row):
                files.append((f"berkas/{label}/{pk}/{PurePosixPath(name).name}", name))

    about = models.Q(subject=user) | models.Q(subject_nik=nik) if nik else models.Q(subject=user)
    access_log = [
        {"waktu": e.created_at, "tindakan": e.action, "petugas": e.actor_label,
         "objek": f"{e.object_type}#{e.object_id}"}
        for e in AuditEvent.objects.filter(about).order_by("created_at")
    ]
    data = {
        "dibuat_pada": timezone.now(),
        "penyelenggara": settings.SIPON_OFFICE_NAME,
        "akun": account,
        "profil_penduduk": _row(profile) if profile is not None else None,
        "catatan": records,
        "riwayat_akses": access_log,
    }
    return data, files


def build_zip(user: Any) -> bytes:
    data, files = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data-pribadi.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
        for archive_name, storage_name in files:
            try:
                with default_storage.open(storage_name, "rb") as handle:
                    archive.writestr(archive_name, handle.read())
            except (FileNotFoundError, OSError):
                archive.writestr(archive_name + ".hilang.txt", "Berkas ini tidak ditemukan di penyimpanan.")
    return buffer.getvalue()
