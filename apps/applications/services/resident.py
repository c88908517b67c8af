"""The resident's flow: eligibility, drafts, forms, documents, submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.nik import parse_nik
from apps.applications import single_open
from apps.applications.models import Application, RequiredDocument, ServiceType, StatusChange
from apps.applications.services import cases, life_events
from apps.applications.services.lifecycle import create_application, lock, transition
from apps.applications.workflow import Status
from apps.documents.services import current_documents, store_upload
from apps.families import services as families
from apps.families.models import FamilyMember

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


def _birth_of(nik: str, fallback: dt.date) -> dt.date:
    try:
        return parse_nik(nik).birth_date or fallback
    except Exception:  # an unparsable NIK falls back to the recorded birth date
        return fallback


def eligibility(
    service_type: ServiceType, user: Any, *, married: bool | None = None, member: FamilyMember | None = None
) -> str:
    """``"ok"``, ``"ask_married"`` (under age: ask whether married), ``"too_young"`` or ``"too_old"``; for
    ``member`` (applying on behalf of a member of the KK), by the member's birth date, not the applicant's."""
    if service_type.min_age_years is None and service_type.max_age_years is None:
        return "ok"
    if member is not None:
        birth = _birth_of(member.nik, member.birth_date)
    else:
        profile = getattr(user, "resident", None)
        if profile is None:
            return "ok"
        birth = _birth_of(profile.nik, profile.birth_date)
    age = age_on(birth, timezone.localdate())
    if service_type.max_age_years is not None and age >= service_type.max_age_years:
        return "too_old"
    if service_type.min_age_years is None or age >= service_type.min_age_years:
        return "ok"
    if not service_type.allow_if_married:
        return "too_young"
    if married is None:
        return "ask_married"
    return "ok" if married else "too_young"


def for_one_person(service_type: ServiceType) -> bool:
    """Whether a file of this service is about one person, who may be another member of the applicant's KK (a card:
    KTP-el, KIA). A KK or a deed is the family's: the applicant files it, and the event form names the child or
    the deceased."""
    return service_type.product_kind == ServiceType.ProductKind.CARD


def member_to_apply_for(user: Any, member_id: int | None) -> FamilyMember | None:
    """The member of the user's own KK an application is for (None: for the user). Another KK's member, one who
    left or died, or one without a NIK is refused with the reason; the user's own entry counts as "for me"."""
    if member_id is None:
        return None
    try:
        member = families.member_for(user, member_id)
    except (FamilyMember.DoesNotExist, families.FamilyError):
        raise FlowError(_("Anggota keluarga ini tidak ada di KK Anda."), code="member") from None
    if not member.nik:
        raise FlowError(
            _("%(name)s belum punya NIK. Ajukan akta kelahiran dulu; NIK diberikan bersama KK yang baru.")
            % {"name": member.full_name},
            code="member",
        )
    if member.nik == user.resident.nik:
        return None
    return member


def start_draft(
    service_type: ServiceType, user: Any, *, married: bool | None = None, member: FamilyMember | None = None
) -> Application:
    """Resume the resident's draft for this service (and this person), or create one (eligibility checked).
    With ``member`` the file is for that member of the resident's KK: its NIK, identity, age checks and the
    one-open-card rule are the member's; the resident stays the applicant (documents and messages)."""
    profile = getattr(user, "resident", None)
    if profile is None:
        raise FlowError(_("Akun ini belum memiliki data penduduk (NIK). Lengkapi profil Anda dulu."), code="profile")
    if member is not None and not for_one_person(service_type):
        raise FlowError(_("Layanan ini diajukan oleh anggota keluarga atas nama keluarga, bukan untuk satu orang; "
                          "pilih \"untuk saya\". Data anak atau almarhum diisi pada langkah data peristiwa."),
                        code="member")
    if member is not None:
        member = member_to_apply_for(user, member.pk)  # still in the user's KK, active, with a NIK
    if not service_type.is_active:
        raise FlowError(_("Layanan ini sedang tidak dibuka."), code="inactive")
    verdict = eligibility(service_type, user, married=married, member=member)
    who = {"age": service_type.min_age_years or 0, "name": member.full_name if member else ""}
    if verdict == "too_young":
        raise FlowError(
            (_("%(name)s belum dapat diajukan untuk layanan ini: umur minimal %(age)d tahun atau sudah/pernah "
               "menikah.") if member else
             _("Anda belum dapat mengajukan layanan ini: umur minimal %(age)d tahun atau sudah/pernah menikah."))
            % who,
            code="not_eligible",
        )
    if verdict == "too_old":
        who["age"] = service_type.max_age_years or 0
        raise FlowError(
            (_("Layanan ini hanya untuk penduduk yang belum berumur %(age)d tahun; %(name)s sudah.") if member else
             _("Layanan ini hanya untuk penduduk yang belum berumur %(age)d tahun.")) % who,
            code="not_eligible",
        )
    if verdict == "ask_married":
        raise FlowError(_("Jawab dulu apakah Anda sudah atau pernah menikah."), code="ask_married")
    nik = member.nik if member is not None else profile.nik
    if single_open.is_card_service(service_type) and (open_one := single_open.open_card_application(nik)):
        raise _refuse_open(open_one, user)
    existing = (
        Application.objects.filter(applicant=user, service_type=service_type, status=Status.DRAFT, member=member)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    data: dict[str, Any] = {"contact_phone": getattr(user, "phone", None) or ""}
    if married is not None:
        data["married"] = married
    identity: dict[str, Any] = {}
    if member is not None:
        # The member's own identity; the address is the KK's (the applicant's, who lives at it).
        identity = {"member": member, "kk_number": member.family.kk_number, "full_name": member.full_name,
                    "birth_place": member.birth_place, "birth_date": member.birth_date, "sex": member.sex}
    return create_application(
        service_type=service_type, channel="online", nik=nik, applicant=user, form_data=data, **identity,
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
    # Only the form's fields, without NUL (PostgreSQL's jsonb refuses it): the rest of a hostile POST is not kept.
    data["unsaved"] = {
        k: str(v)[:300].replace("\x00", "") for k, v in raw.items() if k in (*IDENTITY_FIELDS, "contact_phone")
    }
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


class EventRefused(FlowError):
    """The event's form as entered cannot be registered; ``problems`` maps each form field to its reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()), code="event")
        self.problems = problems


@transaction.atomic
def save_event(application: Application, event: dict[str, Any]) -> None:
    """Save a birth's or a death's fields (keys in :mod:`life_events`) to a draft, or refuse them with the reason
    per field before anything is written (the form comes back with what the resident typed)."""
    locked = lock(application.pk)
    if not may_edit(locked, DATA_ITEM):
        raise FlowError(_("Data permohonan ini tidak dapat diubah lagi."), code="locked")
    kind = life_events.event_kind(locked.service_type)
    data = {**(locked.form_data or {}), **event}
    if kind == "birth":
        problems = life_events.birth_problems(locked.kk_number, data)
        trial = Application(pk=locked.pk, kk_number=locked.kk_number, service_type=locked.service_type,
                            form_data=data)
        if not problems and (other := life_events.birth_already_registered(trial)) is not None:
            problems["child_name"] = _("Kelahiran anak ini sudah didaftarkan (permohonan %(number)s). Satu "
                                       "kelahiran hanya didaftarkan sekali.") % {"number": other.number}
    elif kind == "death":
        problems = life_events.death_problems(locked.kk_number, data, applicant_nik=locked.nik)
        trial = Application(pk=locked.pk, service_type=locked.service_type, form_data=data)
        if not problems and (twice := life_events.death_already_registered(trial)) is not None:
            problems["deceased_member_id"] = _("Kematian ini sudah dilaporkan (permohonan %(number)s). Satu "
                                               "kematian hanya dilaporkan sekali.") % {"number": twice.number}
        if not problems and (card := life_events.open_card_application(str(data.get("deceased_nik", "")))):
            problems["deceased_member_id"] = _(
                "Masih ada permohonan kartu yang berjalan untuk anggota ini (permohonan %(number)s). Petugas "
                "menutupnya dulu sebelum akta kematian diterbitkan; hubungi loket layanan.") % {"number": card.number}
    else:
        raise FlowError(_("Layanan ini tidak mencatat peristiwa kelahiran atau kematian."), code="unknown")
    if problems:
        raise EventRefused(problems)
    locked.form_data = data
    locked.save(update_fields=["form_data", "updated_at"])
    application.form_data = data


def upload_document(application: Application, requirement: RequiredDocument, upload: Any, *, user: Any) -> Any:
    """Check and store one document of a draft (or a document the verifier sent back)."""
    if requirement.service_type_id != application.service_type_id:
        raise FlowError(_("Dokumen ini tidak diminta untuk layanan ini."), code="unknown")
    if not may_edit(application, requirement.kind):
        raise FlowError(_("Dokumen ini sudah dikunci dan tidak perlu diganti."), code="locked")
    return store_upload(application=application, requirement=requirement, upload=upload, user=user)


def missing_documents(application: Application) -> list[RequiredDocument]:
    if cases.is_companion(application):
        return []  # the deed file's documents are its evidence
    have = current_documents(application)
    return [r for r in application.service_type.required_documents.all() if r.mandatory and r.kind not in have]


def missing_answers(application: Application) -> list[str]:
    problems = []
    if not (application.form_data or {}).get("data_saved"):
        problems.append(_("Isi dan simpan data diri Anda."))
    if application.service_type.changes_data and not (application.form_data or {}).get("changes"):
        problems.append(_("Pilih data yang berubah dan isi data barunya."))
    return problems + life_events.missing(application)


def contact_problem(user: Any) -> str | None:
    """The foundation's check that the resident confirmed their e-mail or phone, when it exists."""
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
    clashes = life_events.conflicts(locked)
    if clashes:
        raise FlowError(" ".join(clashes), code="conflict")
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
    cases.open_case(locked, user=user, request=request)  # a birth or death: the case and its KK file
    application.refresh_from_db()
    return change
