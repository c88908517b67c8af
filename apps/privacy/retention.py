"""Retention: how long each kind of record is kept, and what happens after (decision record
docs/decisions/0004-retention.md).

A registry of record kinds. Each kind has a period and a ``purge(cutoff, now)`` function that
deletes or anonymises the records older than ``cutoff`` and returns how many it touched.
Sipon's own kinds are registered here for the models that exist; any app adds its own in
``apps/<app>/retention.py`` as ``KINDS = [RecordKind(...), ...]`` and they are picked up by
:func:`all_kinds` without changes here. ``run_retention`` is the scheduled job
(``apps/privacy/schedule.py``); it takes ``now`` so tests can travel in time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps as django_apps
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.workflow import TERMINAL, Status
from apps.core import audit
from apps.core.models import AuditEvent
from apps.privacy.models import CorrectionRequest, CorrectionStatus

log = logging.getLogger("sipon.privacy.retention")

DAY = dt.timedelta(days=1)
YEAR = dt.timedelta(days=365)

DELETE = "delete"
ANONYMISE = "anonymise"


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    period: dt.timedelta
    action: str  # DELETE or ANONYMISE
    purge: Callable[[dt.datetime, dt.datetime], int]
    basis: str = ""  # what the period is counted from


def _model(label: str) -> Any:
    try:
        return django_apps.get_model(label)
    except LookupError:
        return None


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                log.warning("retention could not delete a stored file", extra={"file": name})


# --- Sipon's own kinds -----------------------------------------------------------------------


def purge_notifications(cutoff: dt.datetime, now: dt.datetime) -> int:
    model = _model("notifications.Notification")
    if model is None:
        return 0
    deleted, _ = model.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)


def purge_audit_events(cutoff: dt.datetime, now: dt.datetime) -> int:
    """The audit log is append-only for everyone; only retention removes events, with a raw
    delete that bypasses the append-only guard, and records that it did."""
    old = AuditEvent.objects.filter(created_at__lt=cutoff)
    count = old.count()
    if count:
        old._raw_delete(old.db)  # the guard's delete() raises by design; retention is the one exception
        audit.record("privacy.audit_events_purged", data={"count": count, "before": cutoff.isoformat()})
    return count


def _delete_documents_of(applications: Any) -> int:
    model = _model("documents.DocumentVersion")
    if model is None:
        return 0
    versions = model.objects.filter(document__application__in=applications)
    names = [name for pair in versions.values_list("file", "thumbnail") for name in pair]
    document_model = _model("documents.Document")
    with transaction.atomic():
        count = versions.count()
        document_model.objects.filter(application__in=applications).delete()
    transaction.on_commit(lambda: _delete_files(names))
    return int(count)


def purge_unsubmitted_drafts(cutoff: dt.datetime, now: dt.datetime) -> int:
    drafts = Application.objects.filter(status=Status.DRAFT, submitted_at__isnull=True, updated_at__lt=cutoff)
    count = 0
    for application in drafts.iterator():
        try:
            with transaction.atomic():
                _delete_documents_of(Application.objects.filter(pk=application.pk))
                application.delete()
            count += 1
        except ProtectedError:
            log.info("draft kept: another record points to it", extra={"application": application.pk})
    return count


def purge_documents_of_closed_applications(cutoff: dt.datetime, now: dt.datetime) -> int:
    from django.db.models import Q

    closed = Application.objects.filter(status__in=TERMINAL).filter(
        Q(completed_at__lt=cutoff) | Q(completed_at__isnull=True, status_changed_at__lt=cutoff)
    )
    return _delete_documents_of(closed)


def anonymise_closed_complaints(cutoff: dt.datetime, now: dt.datetime) -> int:
    model = _model("complaints.Complaint")
    if model is None:
        return 0
    closed = model.objects.filter(status__in=["closed", "forwarded"], status_changed_at__lt=cutoff).exclude(
        name="", email="", phone="", filer__isnull=True, description=""
    )
    count = 0
    attachment_model = _model("complaints.Attachment")
    message_model = _model("complaints.Message")
    for complaint in closed.iterator():
        with transaction.atomic():
            if attachment_model is not None:
                attachments = attachment_model.objects.filter(complaint=complaint)
                names: list[str] = list(attachments.values_list("file", flat=True))
                attachments.delete()
                transaction.on_commit(partial(_delete_files, names))
            if message_model is not None:
                message_model.objects.filter(complaint=complaint).update(body="")
            model.objects.filter(pk=complaint.pk).update(name="", email="", phone="", filer=None, description="")
        count += 1
    return count


def purge_expired_sessions(cutoff: dt.datetime, now: dt.datetime) -> int:
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=cutoff).delete()
    return deleted


def purge_sign_in_attempts(cutoff: dt.datetime, now: dt.datetime) -> int:
    total = 0
    for label, field in (("axes.AccessAttempt", "attempt_time"), ("axes.AccessFailureLog", "attempt_time"),
                         ("axes.AccessLog", "attempt_time")):
        model = _model(label)
        if model is not None:
            deleted, _ = model.objects.filter(**{f"{field}__lt": cutoff}).delete()
            total += deleted
    return total


def purge_contact_codes(cutoff: dt.datetime, now: dt.datetime) -> int:
    model = _model("accounts.ContactConfirmation")
    if model is None or not any(f.name == "created_at" for f in model._meta.fields):
        return 0
    deleted, _ = model.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)


def anonymise_old_bookings(cutoff: dt.datetime, now: dt.datetime) -> int:
    model = _model("appointments.Booking")
    if model is None:
        return 0
    date_field = "created_at" if any(f.name == "created_at" for f in model._meta.fields) else None
    if date_field is None:
        return 0
    return int(model.objects.filter(**{f"{date_field}__lt": cutoff}).exclude(status="booked")
               .exclude(full_name="", nik="0000000000000000")
               .update(full_name="", nik="0000000000000000"))


def anonymise_old_tickets(cutoff: dt.datetime, now: dt.datetime) -> int:
    model = _model("queueing.Ticket")
    if model is None or not any(f.name == "contact_phone" for f in model._meta.fields):
        return 0
    date_field = next((n for n in ("created_at", "issued_at") if any(f.name == n for f in model._meta.fields)), None)
    if date_field is None:
        return 0
    return int(model.objects.filter(**{f"{date_field}__lt": cutoff}).exclude(contact_phone="")
               .update(contact_phone=""))


def purge_closed_corrections(cutoff: dt.datetime, now: dt.datetime) -> int:
    deleted, _ = CorrectionRequest.objects.exclude(status=CorrectionStatus.OPEN).filter(
        handled_at__lt=cutoff
    ).delete()
    return deleted


BUILTIN: list[RecordKind] = [
    RecordKind("notifications", "Notifikasi (di aplikasi, e-mail, SMS/WhatsApp)", YEAR, DELETE,
               purge_notifications, "dibuat"),
    RecordKind("audit_events", "Log audit (siapa mengakses data siapa)", 5 * YEAR, DELETE,
               purge_audit_events, "dicatat"),
    RecordKind("unsubmitted_drafts", "Draf permohonan yang tidak pernah diajukan, dengan dokumennya", 90 * DAY,
               DELETE, purge_unsubmitted_drafts, "terakhir diubah"),
    RecordKind("closed_application_documents", "Dokumen unggahan permohonan yang sudah selesai/ditolak/batal",
               2 * YEAR, DELETE, purge_documents_of_closed_applications, "permohonan selesai"),
    RecordKind("closed_complaints", "Identitas pelapor, isi, pesan dan lampiran pengaduan yang sudah selesai",
               3 * YEAR, ANONYMISE, anonymise_closed_complaints, "pengaduan selesai"),
    RecordKind("sessions", "Sesi masuk yang sudah kedaluwarsa", DAY, DELETE, purge_expired_sessions,
               "kedaluwarsa"),
    RecordKind("sign_in_attempts", "Catatan percobaan masuk (alamat IP, nama pengguna)", 90 * DAY, DELETE,
               purge_sign_in_attempts, "percobaan"),
    RecordKind("contact_codes", "Kode konfirmasi e-mail/HP", 30 * DAY, DELETE, purge_contact_codes, "dibuat"),
    RecordKind("bookings", "NIK dan nama pada reservasi yang sudah lewat", YEAR, ANONYMISE,
               anonymise_old_bookings, "dibuat"),
    RecordKind("queue_tickets", "Nomor HP pada tiket antrean", YEAR, ANONYMISE, anonymise_old_tickets,
               "diambil"),
    RecordKind("corrections", "Permintaan koreksi data yang sudah ditangani", 5 * YEAR, DELETE,
               purge_closed_corrections, "ditangani"),
]


def all_kinds() -> list[RecordKind]:
    kinds = list(BUILTIN)
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.privacy":
            continue
        module_name = f"{config.name}.retention"
        if find_spec(module_name) is not None:
            kinds.extend(getattr(import_module(module_name), "KINDS", []))
    keys = [kind.key for kind in kinds]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"record kinds registered twice: {sorted(duplicates)}")
    return kinds


def run_retention(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every kind's period. One failing kind does not stop the others."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for kind in all_kinds():
        try:
            with transaction.atomic():
                done[kind.key] = kind.purge(now - kind.period, now)
        except Exception:  # a broken purge must not keep the others from running
            log.exception("retention failed", extra={"kind": kind.key})
            done[kind.key] = -1
    touched = {key: n for key, n in done.items() if n}
    if touched:
        log.info("retention applied", extra={"counts": touched})
    return done
