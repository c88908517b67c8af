"""The central system (SIAK Terpusat) side of an application."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from apps.applications.models import Application
from apps.applications.services import transition
from apps.applications.workflow import Status


@transaction.atomic
def send_for_enrolment(application: Application, *, actor: Any, request: HttpRequest | None = None) -> None:
    """Mark the record as sent to central. (The outbox message is written here too.)"""
    transition(application, Status.SENT_TO_CENTRAL, actor=actor, request=request)
