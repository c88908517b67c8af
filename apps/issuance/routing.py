"""Routing a verified file on: the first stage after the core's verification desk.

A subscriber of :class:`~apps.applications.events.StatusChanged` (``apps/issuance/subscriptions.py``): when a
file reaches VERIFIED, it goes to biometric recording if its service needs it (pemula), otherwise straight to
central through the outbox. Runs after the verification commits; idempotent (it acts only while the file,
read under a row lock, is still VERIFIED), so the reconciliation job may deliver the event again.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.applications.events import StatusChanged
from apps.applications.models import ServiceType
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.central.services import send_for_enrolment
from apps.issuance.models import BiometricCapture


def route_verified(event: StatusChanged) -> None:
    if event.to_status != Status.VERIFIED:
        return
    with transaction.atomic():
        application = lock(event.application_id)
        if application.status != Status.VERIFIED:
            return  # routed already (a second delivery), or moved by hand
        if application.service_type.product_kind != ServiceType.ProductKind.CARD:
            return  # a signed digital document: the digitaldocs stage routes it
        actor = get_user_model().objects.filter(pk=event.actor_id).first() if event.actor_id else None
        if application.service_type.requires_biometrics:
            transition(application, Status.AWAITING_BIOMETRICS, actor=actor)
        else:
            captured = BiometricCapture.objects.filter(application=application).order_by("-captured_at").first()
            send_for_enrolment(application, actor=actor, captured=captured)
