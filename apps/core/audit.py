"""The one helper every app uses to write the audit log.

Action names are namespaced verbs: ``application.approved``, ``document.viewed``,
``account.signed_in``. Record every staff action on personal data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from apps.core.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: X-Real-IP set by our own reverse proxy (BEHIND_PROXY), else the socket's."""
    if request is None:
        return None
    if settings.BEHIND_PROXY and request.META.get("HTTP_X_REAL_IP"):
        return str(request.META["HTTP_X_REAL_IP"]).strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    subject: Any = None,
    subject_nik: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. ``actor`` defaults to ``request.user``."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if isinstance(actor, AnonymousUser):
        actor = None
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_label=(actor.get_username() if actor is not None else "anonim")[:150],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        subject=subject,
        subject_nik=subject_nik,
        ip_address=client_ip(request),
        data=data or {},
    )
    event.save()
    return event
