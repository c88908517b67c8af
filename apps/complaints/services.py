"""Writes to complaints. Every status change goes through :func:`transition`; every function
takes an optional ``now`` so deadlines and escalation can be tested by moving time."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role, roles_of
from apps.complaints.models import ActionItem, Attachment, Complaint, ComplaintStatusChange, Message
from apps.complaints.uploads import MAX_FILES, CleanFile, clean_upload
from apps.complaints.workflow import (
    ANONYMOUS_CATEGORIES,
    ANSWER_WITHIN_DAYS,
    OPEN,
    PLAN_WITHIN_DAYS,
    REOPENABLE,
    VERIFY_WITHIN_DAYS,
    Complexity,
    InvalidTransition,
    Kind,
    Source,
    Status,
    can_transition,
)
from apps.core import audit
from apps.core.calendar import add_working_days, working_days_between
from apps.core.rows import insert

CONFIDENTIAL_LABEL = "Dirahasiakan"


def reopen_days() -> int:
    return int(getattr(settings, "COMPLAINTS_REOPEN_DAYS", 14))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(_now(now))


def new_code() -> str:
    """A random tracking code (32^7, about 3.4e10 values). Uniqueness is enforced by the database:
    :func:`file_complaint` retries on the rare collision instead of querying first."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "ADU-" + "".join(secrets.choice(alphabet) for _ in range(7))


def deadlines(received_on: dt.date, complexity: str) -> tuple[dt.date, dt.date, dt.date]:
    """(verify by, plan follow-up by, answer by), in working days after ``received_on``."""
    return (
        add_working_days(received_on, VERIFY_WITHIN_DAYS),
        add_working_days(received_on, PLAN_WITHIN_DAYS),
        add_working_days(received_on, ANSWER_WITHIN_DAYS[complexity]),
    )


def working_days_left(complaint: Complaint, now: dt.datetime | None = None) -> int:
    """Working days until the answer deadline (negative when late)."""
    return working_days_between(_today(now), complaint.due_date)


def is_overdue(complaint: Complaint, now: dt.datetime | None = None) -> bool:
    if complaint.status not in OPEN:
        return False
    today = _today(now)
    if complaint.status == Status.POSTPONED:
        return today > complaint.due_date
    if today > complaint.due_date:
        return True
    if complaint.status == Status.RECEIVED and today > complaint.verify_by:
        return True
    return complaint.status in (Status.RECEIVED, Status.VERIFIED) and today > complaint.plan_by


def can_see_identity(user: Any) -> bool:
    """Only the section head and the customer-service lead (permission) see a confidential filer."""
    return Role.SECTION_HEAD in roles_of(user) or bool(
        getattr(user, "has_perm", lambda _p: False)("complaints.view_confidential_identity")
    )


def filer_label(complaint: Complaint, viewer: Any) -> str:
    if complaint.confidential and not can_see_identity(viewer):
        return CONFIDENTIAL_LABEL
    if complaint.filer is not None:
        profile = getattr(complaint.filer, "resident", None)
        return complaint.name or (profile.full_name if profile else str(complaint.filer))
    return complaint.name or _("(tanpa nama)")


def _save_files(complaint: Complaint, files: Iterable[CleanFile], message: Message | None, internal: bool) -> None:
    for item in files:
        attachment = Attachment(
            complaint=complaint,
            message=message,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.data),
            internal=internal,
        )
        attachment.file.save(
            f"{secrets.token_hex(12)}.{'jpg' if item.content_type == 'image/jpeg' else 'pdf'}",
            ContentFile(item.data),
            save=False,
        )
        attachment.save()


def check_files(uploads: Iterable[Any]) -> list[CleanFile]:
    """Validate uploads before anything is written (raises ValidationError)."""
    items = [u for u in uploads if u]
    if len(items) > MAX_FILES:
        raise ValidationError(_("Paling banyak %(n)d lampiran.") % {"n": MAX_FILES})
    return [clean_upload(u) for u in items]


def file_complaint(**kwargs: Any) -> Complaint:
    """File a complaint (see :func:`_file_complaint`); retried with a new code on a code collision."""
    for attempt in range(3):
        try:
            return _file_complaint(**kwargs)
        except IntegrityError:
            if attempt == 2 or _in_callers_transaction():
                raise
    raise AssertionError("unreachable")


def _in_callers_transaction() -> bool:
    """Whether filing runs inside a caller's transaction (which the failed insert has broken on PostgreSQL, so it
    cannot simply be retried here)."""
    return bool(transaction.get_connection().in_atomic_block)


@transaction.atomic
def _file_complaint(
    *,
    kind: str,
    category: str,
    subject: str,
    description: str,
    filer: Any = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    confidential: bool = False,
    source: str = Source.ONLINE,
    entered_by: Any = None,
    application: Any = None,
    ticket_code: str = "",
    location: Any = None,
    service_type: Any = None,
    files: Iterable[CleanFile] = (),
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    moment = _now(now)
    today = _today(now)
    if filer is None and not (email or phone) and source == Source.ONLINE and category not in ANONYMOUS_CATEGORIES:
        raise ValidationError(_("Isi e-mail atau nomor HP agar kami dapat menjawab."))
    complexity = Complexity.SIMPLE
    verify_by, plan_by, due = deadlines(today, complexity)
    complaint = Complaint(
        code=new_code(),
        kind=kind,
        category=category,
        complexity=complexity,
        status=Status.RECEIVED,
        source=source,
        subject=subject.strip()[:150],
        description=description.strip(),
        filer=filer,
        name=name.strip()[:150],
        email=email.strip(),
        phone=phone.strip(),
        confidential=confidential,
        entered_by=entered_by,
        application=application,
        ticket_code=ticket_code.strip().upper()[:20],
        location=location,
        service_type=service_type or getattr(application, "service_type", None),
        created_at=moment,
        received_on=today,
        verify_by=verify_by,
        plan_by=plan_by,
        due_date=due,
        status_changed_at=moment,
    )
    # The two rows every filing writes, without compiling their INSERTs each time (apps.core.rows).
    insert(complaint)
    insert(
        ComplaintStatusChange(
            complaint=complaint, to_status=Status.RECEIVED, actor=entered_by or filer, created_at=moment
        )
    )
    _save_files(complaint, files, None, internal=False)
    if entered_by is not None:
        audit.record(
            "complaint.filed_for_resident", actor=entered_by, obj=complaint, request=request, data={"source": source}
        )
    contact = email or phone or getattr(filer, "email", "") or ""
    if contact or filer is not None:
        _tell_resident(
            complaint,
            _("Laporan %(code)s sudah kami terima") % {"code": complaint.code},
            _("Simpan kode lacak %(code)s. Kami memeriksa laporan Anda paling lambat %(date)s.")
            % {"code": complaint.code, "date": verify_by.strftime("%d-%m-%Y")},
        )
    return complaint


def _tell_resident(complaint: Complaint, subject: str, body: str) -> None:
    from apps.notifications.services import notify

    if complaint.filer is None and not (complaint.email or complaint.phone):
        return
    notify(
        event="complaint.update",
        recipient=complaint.filer,
        email=complaint.email,
        phone=complaint.phone,
        subject=subject,
        body=body,
        url=f"{settings.SITE_URL}/pengaduan/{complaint.code}/",
    )


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
    from apps.complaints.workflow import RESIDENT_TEXT

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
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    locked = lock(complaint)
    locked.complexity = complexity
    locked.due_date = deadlines(locked.received_on, complexity)[2]
    if not is_overdue(locked, now):
        locked.escalated = False  # a new, later deadline may escalate again once
    locked.save(update_fields=["complexity", "due_date", "escalated"])
    audit.record("complaint.complexity_set", actor=actor, obj=locked, request=request, data={"complexity": complexity})
    complaint.refresh_from_db()
    return locked


@transaction.atomic
def assign(complaint: Complaint, assignee: Any, *, actor: Any, request: HttpRequest | None = None) -> None:
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
    from apps.notifications.models import Channel
    from apps.notifications.services import notify

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


# --- evaluation action items --------------------------------------------------------


@transaction.atomic
def create_action_item(
    *,
    title: str,
    assignee: Any,
    due_date: dt.date,
    created_by: Any,
    meeting_month: dt.date,
    notes: str = "",
    complaint: Complaint | None = None,
    ikm_element: int | None = None,
    request: HttpRequest | None = None,
) -> ActionItem:
    from apps.notifications.models import Channel
    from apps.notifications.services import notify

    item = ActionItem.objects.create(
        title=title.strip(),
        notes=notes.strip(),
        assignee=assignee,
        due_date=due_date,
        created_by=created_by,
        meeting_month=meeting_month.replace(day=1),
        complaint=complaint,
        ikm_element=ikm_element,
    )
    audit.record("complaint.action_item_created", actor=created_by, obj=item, request=request)
    notify(
        event="evaluation.action_item",
        recipient=assignee,
        channels=(Channel.IN_APP,),
        subject=_("Tindak lanjut evaluasi: %(title)s") % {"title": item.title},
        body=_("Tenggat %(date)s.") % {"date": due_date.strftime("%d-%m-%Y")},
        url=f"{settings.SITE_URL}/staf/pengaduan/evaluasi/",
    )
    return item


@transaction.atomic
def mark_action_done(
    item: ActionItem, *, by: Any, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> bool:
    done = ActionItem.objects.filter(pk=item.pk, state=ActionItem.State.OPEN).update(
        state=ActionItem.State.DONE, done_at=_now(now), done_by=by
    )
    if done:
        audit.record("complaint.action_item_done", actor=by, obj=item, request=request)
    item.refresh_from_db()
    return bool(done)


__all__ = [
    "CONFIDENTIAL_LABEL",
    "InvalidTransition",
    "Kind",
    "answer",
    "assign",
    "can_reopen",
    "check_files",
    "close_settled",
    "create_action_item",
    "deadlines",
    "escalate_overdue",
    "file_complaint",
    "filer_label",
    "is_overdue",
    "mark_action_done",
    "post_message",
    "reopen",
    "set_complexity",
    "transition",
    "working_days_left",
]
