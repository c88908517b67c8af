"""Life-event cases: one birth or death, several files, verified together.

A birth gives the birth deed and a re-issued KK with the child (and offers the KIA); a death gives the death deed
and a re-issued KK without the deceased. The resident applies for the deed; at its submission
:func:`open_case` opens the case and creates and submits the accompanying *KK perubahan* file in the same
transaction, for the same applicant. That file needs no uploads of its own: the deed file's documents are its
evidence (:func:`evidence_file`).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.events import StatusChanged
from apps.applications.models import Application, LifeEventCase, ServiceType
from apps.applications.services import life_events
from apps.applications.services.lifecycle import create_application, lock, transition
from apps.applications.workflow import Status, can_transition

KK_SERVICE = "kk-perubahan"
# form_data key of the accompanying file: the number of the deed file whose documents are its evidence.
EVIDENCE_OF = "evidence_of"
# Where the deed must be before the desk may approve the accompanying KK (the KK follows the deed).
DEED_APPROVED = (Status.VERIFIED, Status.SENT_TO_CENTRAL, Status.DOCUMENT_ISSUED)


def new_case_number() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    while True:
        number = f"PP-{timezone.localdate():%y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))
        if not LifeEventCase.objects.filter(number=number).exists():
            return number


def is_companion(application: Application) -> bool:
    """The accompanying KK file of a case (created with the deed; no uploads of its own)."""
    return bool(application.case_id and (application.form_data or {}).get(EVIDENCE_OF))


def evidence_file(application: Application) -> Application:
    """The file whose documents are the evidence for this one: the deed for the accompanying KK, else itself."""
    if not is_companion(application):
        return application
    deed = case_files(application).exclude(pk=application.pk).filter(form_data__has_key="life_event").first()
    return deed or application


def case_files(application: Application) -> Any:
    """The files of the application's case, the deed first (its own file alone when it has no case)."""
    if not application.case_id:
        return Application.objects.filter(pk=application.pk)
    return Application.objects.filter(case_id=application.case_id).select_related("service_type").order_by("id")


def deed_of(application: Application) -> Application | None:
    """The deed file of the case a companion belongs to."""
    if not application.case_id:
        return None
    return (Application.objects.filter(case_id=application.case_id, form_data__has_key="life_event")
            .select_related("service_type").first())


def _change_line(kind: str, data: dict[str, Any]) -> dict[str, str]:
    if kind == LifeEventCase.Kind.BIRTH:
        return {"element": "member_added", "label": str(_("Anggota keluarga baru (kelahiran)")),
                "new": str(data.get("child_name", ""))}
    return {"element": "member_deceased", "label": str(_("Anggota keluarga meninggal")),
            "new": str(data.get("deceased_name", "") or data.get("deceased_nik", ""))}


@transaction.atomic
def open_case(deed: Application, *, user: Any, request: HttpRequest | None = None) -> LifeEventCase | None:
    """Open the case of a deed file being submitted (once: a corrected file keeps its case) and create and
    submit the accompanying KK perubahan file. ``deed`` is locked by the caller. None for other services."""
    kind = life_events.event_kind(deed.service_type)
    if not kind or deed.case_id:
        return None
    kk_service = ServiceType.objects.filter(code=KK_SERVICE, is_active=True).first()
    case = LifeEventCase.objects.create(number=new_case_number(), kind=kind, kk_number=deed.kk_number,
                                        applicant=deed.applicant)
    data = dict(deed.form_data or {})
    data["life_event"] = kind
    Application.objects.filter(pk=deed.pk).update(case=case, form_data=data)
    deed.case, deed.form_data = case, data
    if kk_service is None:
        return case
    identity = {f: getattr(deed, f) for f in ("kk_number", "full_name", "birth_place", "birth_date", "sex",
                                              "address", "rt", "rw", "district_id", "village_id")}
    kk = create_application(service_type=kk_service, channel=deed.channel, nik=deed.nik, applicant=deed.applicant,
                            location=deed.location, **identity)
    kk.case = case
    kk.form_data = {
        "contact_phone": data.get("contact_phone", ""), "data_saved": True, EVIDENCE_OF: deed.number,
        "changes": [_change_line(kind, data)],
    }
    kk.save(update_fields=["case", "form_data", "updated_at"])
    note = _("Diajukan bersama %(number)s (satu peristiwa, kasus %(case)s).") % {"number": deed.number,
                                                                               "case": case.number}
    transition(kk, Status.SUBMITTED, actor=user, note=note, request=request)
    return case


def approval_problem(application: Application) -> str:
    """Why the desk may not approve this file yet: the accompanying KK follows its deed."""
    deed = deed_of(application) if is_companion(application) else None
    if deed is not None and deed.status not in DEED_APPROVED:
        return _("Setujui dulu %(service)s %(number)s: KK diterbitkan ulang sesudah aktanya.") % {
            "service": deed.service_type.name, "number": deed.number}
    return ""


def next_for_desk(application: Application, user: Any) -> Application | None:
    """The next file of the same case this officer has in verification (the desk verifies a case's files one
    after the other)."""
    if not application.case_id:
        return None
    return (Application.objects.filter(case_id=application.case_id, status=Status.IN_VERIFICATION,
                                       claimed_by=user).exclude(pk=application.pk).order_by("id").first())


def deed_closed(event: StatusChanged) -> None:
    """Subscriber: a deed rejected or cancelled takes its case's KK file with it (the KK changes only with the
    deed). Idempotent: it reads the files again under a row lock and moves only those still open."""
    if event.to_status not in (Status.REJECTED, Status.CANCELLED):
        return
    deed = Application.objects.filter(pk=event.application_id).first()
    if deed is None or not deed.case_id or is_companion(deed):
        return
    actor = get_user_model().objects.filter(pk=event.actor_id).first() if event.actor_id else None
    note = _("Ditutup bersama %(number)s: %(status)s.") % {"number": deed.number,
                                                          "status": Status(event.to_status).label}
    for file in case_files(deed).exclude(pk=deed.pk):
        with transaction.atomic():
            locked = lock(file.pk)
            target = Status.REJECTED if locked.status == Status.IN_VERIFICATION else Status.CANCELLED
            if can_transition(locked.status, target):
                transition(locked, target, actor=actor, note=note)


def kia_child(application: Application) -> dict[str, Any] | None:
    """After an issued birth deed: the child the resident may now apply for a KIA for (name, member id)."""
    data = application.form_data or {}
    if data.get("life_event") != LifeEventCase.Kind.BIRTH or application.status != Status.DOCUMENT_ISSUED:
        return None
    member = life_events.newborn_member(application)
    return {"name": data.get("child_name", ""), "member": member}
