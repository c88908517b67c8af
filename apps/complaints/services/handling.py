"""Handling: status, complexity, assignment, messages, answers, reopening, escalation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.accounts.roles import Role, roles_of
from apps.complaints.access import may_handle
from apps.complaints.models import Complaint, ComplaintStatusChange, Message
from apps.complaints.services.filing import _save_files, _tell_resident
from apps.complaints.services.rules import _now, _today, deadlines, is_overdue, reopen_days
from apps.complaints.uploads import CleanFile
from apps.complaints.workflow import (
    ANSWER_WITHIN_DAYS,
    OPEN,
    PLAN_WITHIN_DAYS,
    REOPENABLE,
    RESIDENT_TEXT,
    InvalidTransition,
    Status,
    Unit,
    can_transition,
)
from apps.core import audit
from apps.core.calendar import add_working_days
from apps.notifications.models import Channel
from apps.notifications.services import notify


def lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def transition(
    complaint: Complaint,
    target: str,
    *,
    actor: Any = None,
    note: str = "",
    forwarded_to: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ComplaintStatusChange:
    locked = lock(complaint)
    if not can_transition(locked.status, target):
        raise InvalidTransition(locked.status, target)
    if target == Status.FORWARDED and not forwarded_to.strip():
        raise ValidationError(_("Tulis instansi tujuan penerusan."))
    moment = _now(now)
    previous = locked.status
    locked.status = target
    locked.status_changed_at = moment
    fields = ["status", "status_changed_at"]
    if target == Status.FORWARDED:
        locked.forwarded_to = forwarded_to.strip()[:150]
        fields.append("forwarded_to")
    if target == Status.ANSWERED:
        locked.answered_at = moment
        fields.append("answered_at")
    if target == Status.CLOSED:
        locked.closed_at = moment
        fields.append("closed_at")
    locked.save(update_fields=fields)
    change = ComplaintStatusChange.objects.create(
        complaint=locked,
        from_status=previous,
        to_status=target,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=moment,
    )
    if actor is not None and roles_of(actor):
        audit.record(
            f"complaint.{target}", actor=actor, obj=locked, request=request, data={"from": previous, "to": target}
        )

    _tell_resident(
        locked,
        _("Laporan %(code)s: %(status)s") % {"code": locked.code, "status": locked.get_status_display()},
        str(RESIDENT_TEXT[target]) + ("\n\n" + note if note else ""),
    )
    complaint.refresh_from_db()
    return change


@transaction.atomic
def set_complexity(
    complaint: Complaint,
    complexity: str,
    *,
    actor: Any,
    unit: str | None = None,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """Set how the complaint is handled (its deadline) and, when given, the unit it is about (``""``: none). A
    complaint about a unit is taken from its assignee when the assignee works there."""
    locked = lock(complaint)
    locked.complexity = complexity
    locked.due_date = deadlines(locked.received_on, complexity)[2]
    if not is_overdue(locked, now):
        locked.escalated = False  # a new, later deadline may escalate again once
    fields = ["complexity", "due_date", "escalated"]
    data: dict[str, Any] = {"complexity": complexity}
    if unit is not None and unit in ("", *Unit.values) and unit != locked.unit:
        locked.unit = unit
        fields.append("unit")
        data["unit"] = unit
        assignee = locked.assigned_to
        if unit and assignee is not None and assignee.groups.filter(name=unit).exists():
            locked.assigned_to = None
            fields.append("assigned_to")
    locked.save(update_fields=fields)
    audit.record("complaint.complexity_set", actor=actor, obj=locked, request=request, data=data)
    complaint.refresh_from_db()
    return locked


@transaction.atomic
def assign(complaint: Complaint, assignee: Any, *, actor: Any, request: HttpRequest | None = None) -> None:
    """Give the complaint to a member of the complaints desk who does not work at the unit it is about."""
    if assignee is not None and not may_handle(assignee, complaint):
        raise ValidationError(_("Petugas ini tidak dapat menangani laporan ini (bukan layanan pengaduan, atau "
                                "bertugas di loket yang dilaporkan)."))
    Complaint.objects.filter(pk=complaint.pk).update(assigned_to=assignee)
    audit.record(
        "complaint.assigned",
        actor=actor,
        obj=complaint,
        request=request,
        data={"to": getattr(assignee, "username", None)},
    )
    complaint.refresh_from_db()


@transaction.atomic
def post_message(
    complaint: Complaint,
    *,
    body: str,
    author: Any = None,
    from_staff: bool = False,
    internal: bool = False,
    files: Iterable[CleanFile] = (),
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Message:
    if not body.strip():
        raise ValidationError(_("Tulis pesan terlebih dahulu."))
    if internal and not from_staff:
        raise ValueError("only staff write internal notes")
    moment = _now(now)
    message = Message.objects.create(
        complaint=complaint,
        author=author if getattr(author, "is_authenticated", False) else None,
        from_staff=from_staff,
        internal=internal,
        body=body.strip(),
        created_at=moment,
    )
    _save_files(complaint, files, message, internal=internal)
    if from_staff:
        audit.record(
            "complaint.note_added" if internal else "complaint.replied", actor=author, obj=complaint, request=request
        )
        if not internal:
            _tell_resident(complaint, _("Balasan untuk laporan %(code)s") % {"code": complaint.code}, body.strip())
    return message


@transaction.atomic
def answer(
    complaint: Complaint,
    *,
    body: str,
    actor: Any,
    files: Iterable[CleanFile] = (),
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Reply to the resident and mark the complaint answered (moving through verified if needed)."""
    message = post_message(complaint, body=body, author=actor, from_staff=True, files=files, now=now, request=request)
    current = lock(complaint).status
    if current == Status.RECEIVED:
        transition(complaint, Status.VERIFIED, actor=actor, now=now, request=request)
    transition(complaint, Status.ANSWERED, actor=actor, now=now, request=request)
    return message


def can_reopen(complaint: Complaint, now: dt.datetime | None = None) -> bool:
    if complaint.status not in REOPENABLE or complaint.answered_at is None:
        return False
    return _now(now) <= complaint.answered_at + dt.timedelta(days=reopen_days())


@transaction.atomic
def reopen(complaint: Complaint, *, reason: str, by: Any = None, now: dt.datetime | None = None) -> Complaint:
    """The resident is not satisfied with the answer: back to follow-up with a fresh deadline."""
    locked = lock(complaint)
    if not can_reopen(locked, now):
        raise ValidationError(
            _("Laporan ini tidak dapat dibuka kembali (batas %(days)d hari sejak dijawab sudah lewat).")
            % {"days": reopen_days()}
        )
    if not reason.strip():
        raise ValidationError(_("Tulis alasan Anda belum puas."))
    today = _today(now)
    post_message(locked, body=reason, author=by, from_staff=False, now=now)
    locked.due_date = add_working_days(today, ANSWER_WITHIN_DAYS[locked.complexity])
    locked.plan_by = add_working_days(today, PLAN_WITHIN_DAYS)
    locked.escalated = False
    locked.reopen_count += 1
    locked.save(update_fields=["due_date", "plan_by", "escalated", "reopen_count"])
    transition(locked, Status.PLANNED, actor=by, note=_("Dibuka kembali oleh pelapor."), now=now)
    complaint.refresh_from_db()
    return complaint


def section_heads() -> list[Any]:
    return list(get_user_model().objects.filter(groups__name=Role.SECTION_HEAD, is_active=True).distinct())


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Flag every overdue complaint once and tell the section heads. Returns how many."""
    moment = _now(now)
    escalated = 0
    candidates = Complaint.objects.filter(status__in=OPEN, escalated=False, verify_by__lt=_today(now))
    for complaint in candidates.iterator():
        if not is_overdue(complaint, now):
            continue
        with transaction.atomic():
            won = Complaint.objects.filter(pk=complaint.pk, escalated=False).update(escalated=True, escalated_at=moment)
            if won != 1:
                continue
            for head in section_heads():
                notify(
                    event="complaint.escalated",
                    recipient=head,
                    channels=(Channel.IN_APP, Channel.EMAIL),
                    subject=_("Pengaduan %(code)s melewati batas waktu") % {"code": complaint.code},
                    body=_("Status %(status)s, batas jawaban %(date)s. Mohon ditindaklanjuti.")
                    % {"status": complaint.get_status_display(), "date": complaint.due_date.strftime("%d-%m-%Y")},
                    url=f"{settings.SITE_URL}/staf/pengaduan/{complaint.code}/",
                )
            audit.record("complaint.escalated", obj=complaint, data={"due": complaint.due_date.isoformat()})
        escalated += 1
    return escalated


def close_settled(now: dt.datetime | None = None) -> int:
    """Answered complaints whose reopen window has passed are closed."""
    limit = _now(now) - dt.timedelta(days=reopen_days())
    closed = 0
    for complaint in Complaint.objects.filter(status=Status.ANSWERED, answered_at__lt=limit):
        try:
            transition(complaint, Status.CLOSED, note=_("Ditutup otomatis: tidak dibuka kembali."), now=now)
            closed += 1
        except InvalidTransition:
            continue
    return closed
