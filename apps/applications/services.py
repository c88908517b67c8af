"""Writes to applications. Every status change goes through :func:`transition`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications import single_open
from apps.applications.models import Application, Decision, RequiredDocument, ServiceType, StatusChange
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL, OPEN, InvalidTransition, Status, can_transition
from apps.core import audit


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
    from apps.applications import estimates  # local: estimates reads other apps' backlogs

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
    change_id = change.pk
    transaction.on_commit(lambda: _notify(change_id))
    application.status = locked.status
    application.status_changed_at = locked.status_changed_at
    return change


def _notify(change_id: int) -> None:
    from apps.notifications.services import application_status_changed

    application_status_changed(change_id)


def next_number(prefix: str = "KTP") -> str:
    """A unique, human-friendly application number: KTP-YYMMDD-XXXXXX (random, uppercase, no 0/O/1/I)."""
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
        number=next_number(),
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


@transaction.atomic
def after_verified(application: Application, *, actor: Any, request: HttpRequest | None = None) -> None:
    """Route a verified application on: to biometric recording if its service needs it
    (pemula), otherwise straight to the central system through the outbox."""
    if application.service_type.requires_biometrics:
        transition(application, Status.AWAITING_BIOMETRICS, actor=actor, request=request)
    else:
        from apps.central.services import send_for_enrolment

        send_for_enrolment(application, actor=actor, request=request)


# --- The resident's flow and the verification desk ---------------------------------------


DATA_ITEM = "data"
# F-1.02 identity fields a resident fills in (and a verifier may send back as the "data" item).
IDENTITY_FIELDS = ("full_name", "kk_number", "birth_place", "birth_date", "sex", "address", "rt", "rw")


class FlowError(Exception):
    """A step the resident cannot take now, with the message they read."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class OpenElsewhere(FlowError):
    """The NIK already has an open KTP-el application; ``existing`` is it when it is the resident's own."""

    def __init__(self, message: str, existing: Application | None) -> None:
        super().__init__(message, code="already_open")
        self.existing = existing


def _refuse_open(existing: Application, user: Any) -> OpenElsewhere:
    message, own = single_open.refusal(existing, user)
    return OpenElsewhere(message, own)


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def eligibility(service_type: ServiceType, user: Any, *, married: bool | None = None) -> str:
    """``"ok"``, ``"ask_married"`` (under age: ask whether married) or ``"too_young"``."""
    if service_type.min_age_years is None:
        return "ok"
    profile = getattr(user, "resident", None)
    if profile is None:
        return "ok"
    from apps.accounts.nik import parse_nik

    birth = profile.birth_date
    try:
        birth = parse_nik(profile.nik).birth_date or birth
    except Exception:  # an unparsable NIK falls back to the profile's birth date
        birth = profile.birth_date
    if age_on(birth, timezone.localdate()) >= service_type.min_age_years:
        return "ok"
    if not service_type.allow_if_married:
        return "too_young"
    if married is None:
        return "ask_married"
    return "ok" if married else "too_young"


def start_draft(service_type: ServiceType, user: Any, *, married: bool | None = None) -> Application:
    """Resume the resident's draft for this service, or create one (eligibility checked)."""
    profile = getattr(user, "resident", None)
    if profile is None:
        raise FlowError(_("Akun ini belum memiliki data penduduk (NIK). Lengkapi profil Anda dulu."), code="profile")
    if not service_type.is_active:
        raise FlowError(_("Layanan ini sedang tidak dibuka."), code="inactive")
    verdict = eligibility(service_type, user, married=married)
    if verdict == "too_young":
        raise FlowError(
            _("Anda belum dapat mengajukan layanan ini: umur minimal %(age)d tahun atau sudah/pernah menikah.")
            % {"age": service_type.min_age_years or 0},
            code="not_eligible",
        )
    if verdict == "ask_married":
        raise FlowError(_("Jawab dulu apakah Anda sudah atau pernah menikah."), code="ask_married")
    if single_open.is_card_service(service_type) and (open_one := single_open.open_card_application(profile.nik)):
        raise _refuse_open(open_one, user)
    existing = (
        Application.objects.filter(applicant=user, service_type=service_type, status=Status.DRAFT)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    data: dict[str, Any] = {"contact_phone": getattr(user, "phone", None) or ""}
    if married is not None:
        data["married"] = married
    return create_application(
        service_type=service_type, channel="online", nik=profile.nik, applicant=user, form_data=data,
    )


def correction_items(application: Application) -> dict[str, str]:
    """Items (document kinds, or "data") the verifier sent back, with the reason for each."""
    items = (application.form_data or {}).get("correction", {}).get("items", {})
    return dict(items) if isinstance(items, dict) else {}


def may_edit(application: Application, item: str) -> bool:
    """A draft is editable throughout; a returned file only in the items sent back."""
    if application.status == Status.DRAFT:
        return True
    if application.status == Status.NEEDS_CORRECTION:
        return item in correction_items(application)
    return False


@transaction.atomic
def save_form(application: Application, cleaned: dict[str, Any], *, extra: dict[str, Any] | None = None) -> None:
    """Save the F-1.02 answers of a draft (or of a file returned for its data)."""
    locked = lock(application.pk)
    if not may_edit(locked, DATA_ITEM):
        raise FlowError(_("Data permohonan ini tidak dapat diubah lagi."), code="locked")
    for name in IDENTITY_FIELDS:
        if name in cleaned:
            setattr(locked, name, cleaned[name])
    data = dict(locked.form_data or {})
    data.pop("unsaved", None)
    data.update(extra or {})
    data["data_saved"] = True
    locked.form_data = data
    locked.save(update_fields=[*IDENTITY_FIELDS, "form_data", "updated_at"])
    for name in IDENTITY_FIELDS:
        setattr(application, name, getattr(locked, name))
    application.form_data = data


def remember_unsaved(application: Application, raw: dict[str, str]) -> None:
    """Keep what the resident typed even when it does not pass the checks yet (a reload keeps it)."""
    data = dict(application.form_data or {})
    data["unsaved"] = {k: str(v)[:300] for k, v in raw.items() if k != "csrfmiddlewaretoken"}
    Application.objects.filter(pk=application.pk).update(form_data=data)
    application.form_data = data


@transaction.atomic
def save_changes(application: Application, changes: list[dict[str, str]]) -> None:
    """F-1.06: which data elements change and their new values."""
    locked = lock(application.pk)
    if not may_edit(locked, DATA_ITEM):
        raise FlowError(_("Data permohonan ini tidak dapat diubah lagi."), code="locked")
    data = dict(locked.form_data or {})
    data["changes"] = changes
    locked.form_data = data
    locked.save(update_fields=["form_data", "updated_at"])
    application.form_data = data


def upload_document(application: Application, requirement: RequiredDocument, upload: Any, *, user: Any) -> Any:
    """Check and store one document of a draft (or a document the verifier sent back)."""
    from apps.documents.services import store_upload

    if requirement.service_type_id != application.service_type_id:
        raise FlowError(_("Dokumen ini tidak diminta untuk layanan ini."), code="unknown")
    if not may_edit(application, requirement.kind):
        raise FlowError(_("Dokumen ini sudah dikunci dan tidak perlu diganti."), code="locked")
    return store_upload(application=application, requirement=requirement, upload=upload, user=user)


def missing_documents(application: Application) -> list[RequiredDocument]:
    from apps.documents.services import current_documents

    have = current_documents(application)
    return [r for r in application.service_type.required_documents.all() if r.mandatory and r.kind not in have]


def missing_answers(application: Application) -> list[str]:
    problems = []
    if not (application.form_data or {}).get("data_saved"):
        problems.append(_("Isi dan simpan data diri Anda."))
    if application.service_type.changes_data and not (application.form_data or {}).get("changes"):
        problems.append(_("Pilih data yang berubah dan isi data barunya."))
    return problems


def contact_problem(user: Any) -> str | None:
    """The foundation's check that the resident confirmed their e-mail or phone, when it exists."""
    from apps.accounts import services as account_services

    if hasattr(account_services, "contact_confirmed") and not account_services.contact_confirmed(user):
        return _("Konfirmasi dulu e-mail atau nomor HP Anda (lihat pesan yang kami kirim), lalu ajukan lagi. "
                 "Kami memakai kontak itu untuk memberi kabar tentang permohonan Anda.")
    return None


@transaction.atomic
def submit(application: Application, *, user: Any, request: HttpRequest | None = None) -> StatusChange:
    """Submit a draft, or send a corrected file back to the desk."""
    problem = contact_problem(user)
    if problem:
        raise FlowError(problem, code="contact")
    locked = lock(application.pk)
    if locked.status not in (Status.DRAFT, Status.NEEDS_CORRECTION):
        raise FlowError(_("Permohonan ini sudah diajukan."), code="state")
    problems = missing_answers(locked) + [
        _("Unggah %(name)s.") % {"name": r.name} for r in missing_documents(locked)
    ]
    if problems:
        raise FlowError(" ".join(problems), code="incomplete")
    note = ""
    if locked.status == Status.NEEDS_CORRECTION:
        data = dict(locked.form_data)
        fixed = data.pop("correction", {})
        data.setdefault("corrections_done", []).append(fixed)
        Application.objects.filter(pk=locked.pk).update(form_data=data)
        note = _("Perbaikan dikirim.")
    try:
        change = transition(locked, Status.SUBMITTED, actor=user, note=note, request=request)
    except single_open.AlreadyOpen as refused:
        raise _refuse_open(refused.existing, user) from refused
    application.refresh_from_db()
    return change


# --- Verification desk --------------------------------------------------------------------


def desk_queue(filters: dict[str, Any] | None = None) -> Any:
    """Files waiting for the desk (submitted, or in verification), oldest due first."""
    filters = filters or {}
    qs = Application.objects.filter(status__in=(Status.SUBMITTED, Status.IN_VERIFICATION)).select_related(
        "service_type", "district", "claimed_by"
    )
    if filters.get("service"):
        qs = qs.filter(service_type__code=filters["service"])
    if filters.get("district"):
        qs = qs.filter(district_id=filters["district"])
    if filters.get("min_age_days"):
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=int(filters["min_age_days"])))
    if filters.get("due_by"):
        qs = qs.filter(due_date__lte=filters["due_by"])
    if filters.get("mine"):
        qs = qs.filter(claimed_by=filters["mine"])
    return qs.order_by("due_date", "submitted_at", "id")


class ClaimLost(FlowError):
    pass


@transaction.atomic
def claim(application: Application, *, user: Any, request: HttpRequest | None = None) -> Application:
    """Claim a submitted file for verification. A conditional UPDATE: of two staff claiming at
    once, exactly one changes the row; the other gets :class:`ClaimLost`."""
    won = Application.objects.filter(
        pk=application.pk, status=Status.SUBMITTED, claimed_by__isnull=True
    ).update(claimed_by=user, claimed_at=timezone.now())
    if won != 1:
        current = Application.objects.filter(pk=application.pk).values_list("claimed_by_id", flat=True).first()
        if current == user.pk:
            application.refresh_from_db()
            return application
        raise ClaimLost(_("Berkas ini sudah diambil petugas lain atau tidak menunggu verifikasi."), code="taken")
    transition(application, Status.IN_VERIFICATION, actor=user, request=request, audit_action="application.claimed")
    application.refresh_from_db()
    return application


def claim_next(
    *, user: Any, filters: dict[str, Any] | None = None, request: HttpRequest | None = None
) -> Application | None:
    """Claim the next waiting file (retrying past files someone else just took)."""
    mine = Application.objects.filter(status=Status.IN_VERIFICATION, claimed_by=user).order_by("claimed_at").first()
    if mine is not None:
        return mine
    for _attempt in range(5):
        candidate = desk_queue(filters).filter(status=Status.SUBMITTED, claimed_by__isnull=True).first()
        if candidate is None:
            return None
        try:
            return claim(candidate, user=user, request=request)
        except ClaimLost:
            continue
    return None


@transaction.atomic
def release(application: Application, *, user: Any, request: HttpRequest | None = None) -> None:
    """Give a claimed file back to the queue."""
    locked = lock(application.pk)
    if locked.status != Status.IN_VERIFICATION or locked.claimed_by_id != user.pk:
        raise FlowError(_("Berkas ini tidak sedang Anda kerjakan."), code="not_claimed")
    transition(locked, Status.SUBMITTED, actor=user, note="", request=request, audit_action="application.released")
    Application.objects.filter(pk=locked.pk).update(claimed_by=None, claimed_at=None)


@transaction.atomic
def decide(
    application: Application,
    *,
    user: Any,
    outcome: str,
    checklist: dict[str, bool] | None = None,
    items: dict[str, str] | None = None,
    reason_code: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """Record the verifier's decision: approve (then route on), return with a reason per item,
    or reject with a reason code. Only the staff member who claimed the file may decide."""
    locked = lock(application.pk)
    if locked.status != Status.IN_VERIFICATION or locked.claimed_by_id != user.pk:
        raise FlowError(_("Ambil berkas ini dulu sebelum memutuskan."), code="not_claimed")
    items = {k: v.strip() for k, v in (items or {}).items() if v and v.strip()}
    valid_items = {DATA_ITEM, *locked.service_type.required_documents.values_list("kind", flat=True)}
    if outcome == Decision.Outcome.RETURN:
        if not items:
            raise FlowError(_("Tulis alasan untuk setidaknya satu bagian yang perlu diperbaiki."), code="reasons")
        unknown = set(items) - valid_items
        if unknown:
            raise FlowError(_("Bagian yang tidak dikenal: %(items)s.") % {"items": ", ".join(sorted(unknown))})
    elif outcome == Decision.Outcome.REJECT:
        if reason_code not in Decision.RejectReason.values:
            raise FlowError(_("Pilih alasan penolakan."), code="reason_code")
    elif outcome != Decision.Outcome.APPROVE:
        raise FlowError(_("Keputusan tidak dikenal."))
    decision = Decision.objects.create(
        application=locked, actor=user, outcome=outcome, reason_code=reason_code if outcome == "reject" else "",
        checklist=checklist or {}, items=items if outcome == "return" else {}, note=note,
    )
    if outcome == Decision.Outcome.APPROVE:
        transition(locked, Status.VERIFIED, actor=user, note=note, request=request, audit_action="application.approved")
        after_verified(locked, actor=user, request=request)
    elif outcome == Decision.Outcome.RETURN:
        data = dict(locked.form_data or {})
        data["correction"] = {"items": items, "decision": decision.pk}
        Application.objects.filter(pk=locked.pk).update(form_data=data)
        lines = "\n".join(f"- {label_for(locked, k)}: {v}" for k, v in items.items())
        transition(locked, Status.NEEDS_CORRECTION, actor=user, note=lines, data={"items": items},
                   request=request, audit_action="application.returned")
    else:
        reason = Decision.RejectReason(reason_code).label
        text = f"{reason}. {note}".strip() if note else str(reason)
        transition(locked, Status.REJECTED, actor=user, note=text, data={"reason_code": reason_code},
                   request=request, audit_action="application.rejected")
    application.refresh_from_db()
    return decision


def label_for(application: Application, item: str) -> str:
    if item == DATA_ITEM:
        return str(_("Data diri (formulir F-1.02)"))
    requirement = application.service_type.required_documents.filter(kind=item).first()
    return requirement.name if requirement else item


_DIGITS = re.compile(r"\d")


def quality_warnings(application: Application) -> list[str]:
    """Data-quality warnings for the verifier: typing mistakes the field study found."""
    found: list[str] = []
    profile = getattr(application.applicant, "resident", None) if application.applicant_id else None
    if profile is not None:
        if profile.nik != application.nik:
            found.append(_("NIK permohonan (%(a)s) berbeda dengan NIK di profil (%(b)s).")
                         % {"a": application.nik, "b": profile.nik})
        if application.kk_number and profile.kk_number != application.kk_number:
            found.append(_("Nomor KK permohonan (%(a)s) berbeda dengan nomor KK di profil (%(b)s).")
                         % {"a": application.kk_number, "b": profile.kk_number})
    if _DIGITS.search(application.full_name or ""):
        found.append(_("Nama lengkap berisi angka: \"%(name)s\".") % {"name": application.full_name})
    from apps.accounts.nik import parse_nik

    try:
        info = parse_nik(application.nik)
        nik_birth = info.birth_date
    except Exception:  # a NIK that does not parse is a warning of its own
        nik_birth = None
        found.append(_("NIK %(nik)s tidak sah.") % {"nik": application.nik})
    if nik_birth and application.birth_date and (
        (nik_birth.month, nik_birth.day, nik_birth.year % 100)
        != (application.birth_date.month, application.birth_date.day, application.birth_date.year % 100)
    ):
        found.append(_("Tanggal lahir %(date)s tidak cocok dengan NIK (%(nik_date)s).")
                     % {"date": application.birth_date.strftime("%d-%m-%Y"),
                        "nik_date": nik_birth.strftime("%d-%m-%y")})
    others = (
        Application.objects.filter(nik=application.nik, status__in=OPEN).exclude(pk=application.pk)
        .values_list("number", flat=True)
    )
    if others:
        found.append(_("Ada permohonan lain yang masih berjalan untuk NIK ini: %(numbers)s.")
                     % {"numbers": ", ".join(others)})
    return found


def open_filter() -> Q:
    return Q(status__in=OPEN)
