"""Filing a complaint, with its files; telling the resident."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.complaints.models import Attachment, Complaint, ComplaintStatusChange, Message
from apps.complaints.services.rules import _now, _today, deadlines, new_code
from apps.complaints.uploads import MAX_FILES, CleanFile, clean_upload
from apps.complaints.workflow import (
    ANONYMOUS_CATEGORIES,
    Complexity,
    Source,
    Status,
    Unit,
)
from apps.core import audit
from apps.core.rows import insert
from apps.notifications.services import notify


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
    unit: str = "",
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
        unit=unit if unit in Unit.values else "",
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
