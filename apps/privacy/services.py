"""Writes of the privacy app: correction requests and the breach register."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit
from apps.notifications.services import in_language, notify
from apps.privacy.models import Breach, BreachStatus, CorrectionRequest, CorrectionStatus


class PrivacyError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def request_correction(user: Any, *, item: str, correct_value: str, current_value: str = "", note: str = "",
                       request: HttpRequest | None = None) -> CorrectionRequest:
    profile = getattr(user, "resident", None)
    if profile is None:
        raise PrivacyError(_("Hanya penduduk dengan profil NIK yang dapat meminta koreksi data."))
    correction = CorrectionRequest.objects.create(
        resident=user, nik=profile.nik, item=item, correct_value=correct_value.strip(),
        current_value=current_value.strip(), note=note.strip(),
    )
    audit.record("privacy.correction_requested", actor=user, obj=correction, request=request, subject=user,
                 subject_nik=profile.nik)
    return correction


@transaction.atomic
def handle_correction(correction: CorrectionRequest, *, outcome: str, response: str, actor: Any,
                      request: HttpRequest | None = None) -> CorrectionRequest:
    locked = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise PrivacyError(_("Permintaan ini sudah ditangani."))
    if outcome not in (CorrectionStatus.DONE, CorrectionStatus.REJECTED):
        raise PrivacyError(_("Pilih hasil penanganan."))
    locked.status = outcome
    locked.response = response.strip()
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "response", "handled_by", "handled_at"])
    audit.record("privacy.correction_handled", actor=actor, obj=locked, request=request, subject=locked.resident,
                 subject_nik=locked.nik, data={"outcome": outcome})
    resident_id = locked.resident_id
    text = locked.response
    transaction.on_commit(lambda: _tell_resident(resident_id, outcome, text))
    correction.status = locked.status
    return locked


def _tell_resident(resident_id: int, outcome: str, text: str) -> None:
    from django.contrib.auth import get_user_model

    resident = get_user_model().objects.filter(pk=resident_id).first()
    if resident is None:
        return
    with in_language(resident), transaction.atomic():
        subject = (_("Permintaan koreksi data Anda sudah dikerjakan") if outcome == CorrectionStatus.DONE
                   else _("Permintaan koreksi data Anda tidak dapat dikerjakan"))
        notify(event="privacy.correction_handled", recipient=resident, subject=subject, body=text,
               url="/data-pribadi/")


@transaction.atomic
def record_breach(*, actor: Any, request: HttpRequest | None = None, **fields: Any) -> Breach:
    breach = Breach.objects.create(recorded_by=actor, **fields)
    audit.record("privacy.breach_recorded", actor=actor, obj=breach, request=request,
                 data={"affected": breach.affected_count, "specific": breach.specific_data})
    return breach


@transaction.atomic
def update_breach(breach: Breach, *, actor: Any, request: HttpRequest | None = None, **fields: Any) -> Breach:
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.fully_notified and locked.status == BreachStatus.OPEN:
        locked.status = BreachStatus.NOTIFIED
    locked.save()
    audit.record("privacy.breach_updated", actor=actor, obj=locked, request=request,
                 data={"fields": sorted(fields), "status": locked.status})
    return locked
