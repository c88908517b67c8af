"""Files opened at the counter (walk-in, or a booked visit): the same Application, transitions and history
as an online file. The file desk fills in the identity, stores the scans, and submits; it may verify in the
same step (the officer has the originals in hand), which goes through :func:`services.claim` and
:func:`services.decide` exactly as at the verification desk.

The queue (which ticket, which counter) is the caller's business: this module knows nothing of tickets."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.accounts.models import ResidentProfile
from apps.applications import services
from apps.applications.models import Application, Channel, Decision, RequiredDocument, ServiceType
from apps.applications.services import FlowError
from apps.applications.workflow import Status
from apps.documents.services import current_documents, store_upload

PREFILL_FIELDS = ("full_name", "kk_number", "birth_place", "birth_date", "sex", "address", "rt", "rw")


def prefill(nik: str) -> dict[str, Any]:
    """What the office already knows about a NIK: the latest file of that NIK, else the resident's account."""
    earlier = Application.objects.filter(nik=nik).exclude(full_name="").order_by("-created_at").first()
    source: Any = earlier
    if source is None:
        source = ResidentProfile.objects.filter(nik=nik).select_related("user").first()
    if source is None:
        return {"nik": nik}
    initial: dict[str, Any] = {f: getattr(source, f) for f in PREFILL_FIELDS}
    initial.update({"nik": nik, "district": source.district_id or "", "village": source.village_id or ""})
    if isinstance(source, Application):
        initial["contact_phone"] = (source.form_data or {}).get("contact_phone", "")
        initial["contact_email"] = (source.form_data or {}).get("contact_email", "")
    else:
        initial["contact_phone"] = source.user.phone or ""
        initial["contact_email"] = source.user.email or ""
    return initial


def resident_draft(*, user_id: int | None, nik: str, service_type: ServiceType) -> Application | None:
    """A booked resident's own online draft for this service and NIK, if they started one."""
    if user_id is None:
        return None
    return (
        Application.objects.filter(applicant_id=user_id, nik=nik, service_type=service_type, status=Status.DRAFT)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def open_file(
    *,
    service_type: ServiceType,
    nik: str,
    identity: dict[str, Any],
    contact: dict[str, str],
    actor: Any,
    location: Any = None,
    priority_group: str = "",
    application: Application | None = None,
    request: HttpRequest | None = None,
) -> Application:
    """Create the walk-in draft with the applicant's identity, or fill in an existing draft (the one opened
    earlier for this ticket, or the resident's own online draft). The F-1.02 answers count as saved."""
    answers = {k: v for k, v in contact.items() if v}
    if application is None:
        # A new file is written whole in one INSERT.
        return services.create_application(
            service_type=service_type, channel=Channel.WALK_IN, nik=nik, location=location, actor=actor,
            request=request, priority_group=priority_group,
            form_data={"opened_at_counter": True, **answers, "data_saved": True}, **identity,
        )
    locked = services.lock(application.pk)
    if locked.status != Status.DRAFT:
        raise FlowError(_("Berkas %(number)s sudah diajukan; datanya tidak dapat diubah di sini.")
                        % {"number": locked.number}, code="state")
    fields = [*identity, "form_data", "updated_at"]
    if locked.nik != nik:
        if locked.channel != Channel.WALK_IN or locked.applicant_id is not None:
            # A resident's own draft keeps its NIK; the desk opens a new file for another person instead.
            raise FlowError(_("NIK berbeda dengan NIK berkas %(number)s (%(nik)s).")
                            % {"number": locked.number, "nik": locked.nik}, code="nik")
        locked.nik = nik  # a NIK mistyped in the desk's own draft is corrected
        fields.append("nik")
    for name, value in identity.items():
        setattr(locked, name, value)
    if location is not None and locked.location_id is None:
        locked.location = location
        fields.append("location")
    data = dict(locked.form_data or {})
    data.pop("unsaved", None)
    data.update(answers)
    data["data_saved"] = True
    locked.form_data = data
    locked.save(update_fields=fields)
    return locked


def store_scan(application: Application, kind: str, upload: Any, *, actor: Any,
               requirements: dict[str, RequiredDocument] | None = None) -> Any:
    """One scan made at the counter, through the same checks and storage as an online upload."""
    if requirements is None:
        requirements = {r.kind: r for r in application.service_type.required_documents.all()}
    requirement = requirements.get(kind)
    if requirement is None:
        raise FlowError(_("Dokumen ini tidak diminta untuk layanan ini."), code="unknown")
    return store_upload(application=application, requirement=requirement, upload=upload, user=actor)


def missing_at_counter(application: Application, originals: list[str],
                       requirements: list[RequiredDocument] | None = None) -> list[str]:
    """Mandatory documents neither scanned nor seen in the original at the counter."""
    if requirements is None:
        requirements = list(application.service_type.required_documents.all())
    seen = set(originals) | set(current_documents(application))
    return [r.name for r in requirements if r.mandatory and r.kind not in seen]


@transaction.atomic
def submit_at_counter(
    application: Application,
    *,
    actor: Any,
    originals: list[str],
    verify: bool,
    requirements: list[RequiredDocument] | None = None,
    request: HttpRequest | None = None,
) -> Application:
    """Submit a counter file into the workflow; with ``verify``, the file desk claims and approves it at once
    (then it routes on: biometric recording, or central), with the documents it saw as the checklist."""
    locked = Application.objects.select_for_update(of=("self",)).select_related("service_type").get(
        pk=application.pk)
    if locked.status != Status.DRAFT:
        raise FlowError(_("Berkas %(number)s sudah diajukan.") % {"number": locked.number}, code="state")
    problems = services.missing_answers(locked)
    missing = missing_at_counter(locked, originals, requirements)
    if missing:
        problems.append(_("Pindai atau periksa aslinya: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise FlowError(" ".join(str(p) for p in problems), code="incomplete")
    data = dict(locked.form_data or {})
    data["originals_checked"] = sorted(set(originals))
    Application.objects.filter(pk=locked.pk).update(form_data=data)
    locked.form_data = data
    services.transition(locked, Status.SUBMITTED, actor=actor, note=_("Diajukan di loket."), request=request,
                        audit_action="application.submitted_at_counter")
    if verify:
        services.claim(locked, user=actor, request=request)
        checklist = {"data": True, **dict.fromkeys(data["originals_checked"], True)}
        services.decide(locked, user=actor, outcome=Decision.Outcome.APPROVE, checklist=checklist,
                        note=_("Diverifikasi di loket."), request=request)
    if not verify:
        application.refresh_from_db()
        return application
    # ``decide`` read the file again after routing it on: the caller's object follows without another read.
    for name in ("status", "status_changed_at", "submitted_at", "due_date", "estimated_completion_date",
                 "form_data", "claimed_by_id", "claimed_at"):
        setattr(application, name, getattr(locked, name))
    return application
