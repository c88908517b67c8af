"""Every status change (transition), file numbers, creating a file."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.applications import estimates, single_open
from apps.applications.events import StatusChanged
from apps.applications.models import Application, ServiceType, StatusChange
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL, InvalidTransition, Status, can_transition
from apps.core import audit, events


def lock(application_id: int) -> Application:
    """Re-read an application with a row lock, for the rest of the current transaction."""
    return Application.objects.select_for_update().get(pk=application_id)


@transaction.atomic
def transition(
    application: Application,
    target: str,
    *,
    actor: Any = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    audit_action: str | None = None,
) -> StatusChange:
    """Move an application to ``target`` if the workflow allows it, append the history row,
    write the audit log for staff actions, and queue notifications after commit.

    Raises :class:`InvalidTransition` if the move is not allowed from the current state
    (read under a row lock, so two workers cannot both move the same file).
    """
    locked = lock(application.pk)
    if not can_transition(locked.status, target):
        raise InvalidTransition(locked.status, target)
    single_open.guard(locked, locked.status, target)  # one open KTP-el application per NIK
    now = timezone.now()
    previous = locked.status
    locked.status = target
    locked.status_changed_at = now
    update_fields = ["status", "status_changed_at", "updated_at"]
    if target == Status.SUBMITTED and locked.submitted_at is None:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    if target in DONE_FOR_SERVICE_LEVEL and locked.completed_at is None:
        locked.completed_at = now
        update_fields.append("completed_at")
    if target != Status.IN_VERIFICATION and locked.claimed_by_id is not None and previous == Status.IN_VERIFICATION:
        locked.claimed_by = None
        locked.claimed_at = None
        update_fields += ["claimed_by", "claimed_at"]
    locked.save(update_fields=update_fields)
    change = StatusChange.objects.create(
        application=locked,
        from_status=previous,
        to_status=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        data=data or {},
    )
    estimates.refresh(locked)
    if locked.estimated_completion_date is not None:
        # The timeline shows the estimate as it stood at each step.
        change.data = {**change.data, "estimate": locked.estimated_completion_date.isoformat()}
        StatusChange.objects.filter(pk=change.pk).update(data=change.data)
    application.estimated_completion_date = locked.estimated_completion_date
    application.due_date = locked.due_date
    if actor is not None and getattr(actor, "is_authenticated", False) and actor.pk != locked.applicant_id:
        audit.record(
            audit_action or f"application.{target}",
            actor=actor,
            obj=locked,
            request=request,
            subject=locked.applicant,
            subject_nik=locked.nik,
            data={"from": previous, "to": target},
        )
    events.publish(
        StatusChanged(
            application_id=locked.pk,
            from_status=previous,
            to_status=target,
            change_id=change.pk,
            actor_id=change.actor_id,
        )
    )
    application.status = locked.status
    application.status_changed_at = locked.status_changed_at
    return change


# The number's prefix tells the counter at a glance what a file is about (its category in the catalogue).
NUMBER_PREFIX: dict[str, str] = {ServiceType.Category.KTP: "KTP", ServiceType.Category.KK: "KK",
                                  ServiceType.Category.CIVIL_RECORD: "AKTA", ServiceType.Category.OTHER: "ADM"}


def number_prefix(service_type: Any) -> str:
    return NUMBER_PREFIX.get(str(getattr(service_type, "category", "")), "ADM")


def next_number(prefix: str = "KTP") -> str:
    """A unique, human-friendly application number: the prefix, the date and six random characters
    (uppercase, no 0/O/1/I), e.g. KTP-261205-7TG9PF."""
    import secrets

    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    today = timezone.localdate()
    while True:
        suffix = "".join(secrets.choice(alphabet) for _ in range(6))
        number = f"{prefix}-{today:%y%m%d}-{suffix}"
        if not Application.objects.filter(number=number).exists():
            return number


@transaction.atomic
def create_application(
    *,
    service_type: Any,
    channel: str,
    nik: str,
    applicant: Any = None,
    location: Any = None,
    actor: Any = None,
    request: HttpRequest | None = None,
    **identity: Any,
) -> Application:
    """Create a draft application (either channel). Identity fields (full_name, kk_number,
    birth_date, ...) are copied in; for an online applicant they default to the profile."""
    profile = getattr(applicant, "resident", None) if applicant is not None else None
    if profile is not None:
        for field in ("kk_number", "full_name", "birth_place", "birth_date", "sex", "address", "rt", "rw"):
            identity.setdefault(field, getattr(profile, field))
        identity.setdefault("district_id", profile.district_id)
        identity.setdefault("village_id", profile.village_id)
    application = Application.objects.create(
        number=next_number(number_prefix(service_type)),
        service_type=service_type,
        channel=channel,
        nik=nik,
        applicant=applicant,
        location=location,
        **identity,
    )
    StatusChange.objects.create(application=application, from_status="", to_status=Status.DRAFT, actor=actor)
    if actor is not None and getattr(actor, "is_authenticated", False) and actor != applicant:
        audit.record("application.created", actor=actor, obj=application, request=request, subject_nik=nik)
    return application
