"""Publishing notices. Other apps raise and resolve their own notices through
:func:`raise_system_notice` and :func:`resolve_system_notice`."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.announcements.models import Notice


def raise_system_notice(
    key: str, *, kind: str, severity: str, title: str, summary: str, body: str = "", locations: Any = None
) -> Notice:
    """Open a notice for a condition Sipon detected (central outage, blanks exhausted, closure).
    Idempotent: while a notice with this key is open, it is updated, not duplicated."""
    existing = Notice.objects.filter(system_key=key, ends_at__isnull=True).first()
    if existing is not None:
        existing.title, existing.summary, existing.severity = title, summary, severity
        existing.body = body or existing.body
        existing.save(update_fields=["title", "summary", "severity", "body", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                system_key=key, kind=kind, severity=severity, title=title, summary=summary, body=body
            )
    except IntegrityError:  # another process raised it at the same moment
        return Notice.objects.get(system_key=key, ends_at__isnull=True)
    if locations:
        notice.locations.set(locations)
    return notice


def resolve_system_notice(key: str) -> int:
    """Close the open notice for ``key`` (the condition is over). Returns how many were closed."""
    return Notice.objects.filter(system_key=key, ends_at__isnull=True).update(
        ends_at=timezone.now(), updated_at=timezone.now()
    )
