"""Biometric recording, then the record to central."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.applications.models import Application
from apps.applications.services import lock
from apps.applications.workflow import Status
from apps.central.services import send_for_enrolment
from apps.core import audit
from apps.issuance.models import (
    BiometricCapture,
)
from apps.issuance.services.common import IssuanceError
from apps.locations.models import Location


# --- biometrics ---------------------------------------------------------------------------
@transaction.atomic
def record_biometrics(
    application: Application,
    *,
    operator: Any,
    device_id: str,
    photo: bool,
    fingerprints: bool,
    iris: bool,
    signature: bool,
    location: Location | None = None,
    request: HttpRequest | None = None,
) -> BiometricCapture:
    """Record that the four biometrics were captured, then send the record to central (outbox)."""
    locked = lock(application.pk)
    if locked.status != Status.AWAITING_BIOMETRICS:
        raise IssuanceError(_("Permohonan ini tidak sedang menunggu perekaman biometrik."))
    if not (photo and fingerprints and iris and signature):
        raise IssuanceError(_("Foto, sidik jari, iris mata dan tanda tangan harus semuanya terekam."))
    if not device_id.strip():
        raise IssuanceError(_("Isi ID perangkat perekam."))
    capture = BiometricCapture.objects.create(
        application=locked,
        operator=operator,
        device_id=device_id.strip(),
        location=location,
        photo=photo,
        fingerprints=fingerprints,
        iris=iris,
        signature=signature,
    )
    audit.record(
        "biometrics.recorded",
        actor=operator,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"device": capture.device_id},
    )
    send_for_enrolment(locked, actor=operator, request=request, captured=capture)
    application.status = locked.status
    return capture
