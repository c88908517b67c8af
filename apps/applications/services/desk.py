"""The verification desk: the queue, claiming, deciding, data-quality warnings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.nik import parse_nik
from apps.applications.models import Application, Decision
from apps.applications.services import cases
from apps.applications.services.lifecycle import lock, transition
from apps.applications.services.resident import DATA_ITEM, FlowError
from apps.applications.workflow import OPEN, Status
from apps.core.inputs import parse_int

# --- Verification desk --------------------------------------------------------------------


MAX_AGE_DAYS = 365  # the desk's "waiting at least N days" filter; more is "not given", never an overflow


def desk_queue(filters: dict[str, Any] | None = None) -> Any:
    """Files waiting for the desk (submitted, or in verification), oldest due first."""
    filters = filters or {}
    qs = Application.objects.filter(status__in=(Status.SUBMITTED, Status.IN_VERIFICATION)).select_related(
        "service_type", "district", "claimed_by", "case"
    )
    if filters.get("service"):
        qs = qs.filter(service_type__code=filters["service"])
    if filters.get("district"):
        qs = qs.filter(district_id=filters["district"])
    min_age_days = parse_int(filters.get("min_age_days"), maximum=MAX_AGE_DAYS)
    if min_age_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=min_age_days))
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
    _claim_case(application, user=user, request=request)
    return application


def _claim_case(application: Application, *, user: Any, request: HttpRequest | None) -> None:
    """Claiming one file of a life-event case claims its other waiting files too: they are verified together."""
    for other in cases.case_files(application).exclude(pk=application.pk).filter(status=Status.SUBMITTED,
                                                                                 claimed_by__isnull=True):
        won = Application.objects.filter(pk=other.pk, status=Status.SUBMITTED, claimed_by__isnull=True).update(
            claimed_by=user, claimed_at=timezone.now())
        if won == 1:
            transition(other, Status.IN_VERIFICATION, actor=user, request=request,
                       audit_action="application.claimed")


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
    elif problem := cases.approval_problem(locked):
        raise FlowError(problem, code="case_order")
    decision = Decision.objects.create(
        application=locked, actor=user, outcome=outcome, reason_code=reason_code if outcome == "reject" else "",
        checklist=checklist or {}, items=items if outcome == "return" else {}, note=note,
    )
    if outcome == Decision.Outcome.APPROVE:
        # Routing on (biometric recording or central) is the stages' part: they subscribe to the VERIFIED
        # change, after commit (apps/issuance/subscriptions.py).
        transition(locked, Status.VERIFIED, actor=user, note=note, request=request, audit_action="application.approved")
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
    member = application.member if application.member_id else None
    if member is not None and member.nik != application.nik:  # a file for a member of the applicant's KK
        found.append(_("NIK permohonan (%(a)s) berbeda dengan NIK anggota keluarga (%(b)s).")
                     % {"a": application.nik, "b": member.nik})
    if profile is not None:
        if member is None and profile.nik != application.nik:
            found.append(_("NIK permohonan (%(a)s) berbeda dengan NIK di profil (%(b)s).")
                         % {"a": application.nik, "b": profile.nik})
        if application.kk_number and profile.kk_number != application.kk_number:
            found.append(_("Nomor KK permohonan (%(a)s) berbeda dengan nomor KK di profil (%(b)s).")
                         % {"a": application.kk_number, "b": profile.kk_number})
    if _DIGITS.search(application.full_name or ""):
        found.append(_("Nama lengkap berisi angka: \"%(name)s\".") % {"name": application.full_name})

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
    open_files = Application.objects.filter(nik=application.nik, status__in=OPEN).exclude(pk=application.pk)
    if application.case_id is not None:  # the files of one life event are meant to run together
        open_files = open_files.exclude(case_id=application.case_id)
    others = open_files.values_list("number", flat=True)
    if others:
        found.append(_("Ada permohonan lain yang masih berjalan untuk NIK ini: %(numbers)s.")
                     % {"numbers": ", ".join(others)})
    return found


def open_filter() -> Q:
    return Q(status__in=OPEN)
