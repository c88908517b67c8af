"""The file desk at the document-check counter: the called ticket opens the resident's file, and from then on
the ticket and the file travel together (the operator stage opens the biometric recording of that file, the
print queue follows ticket order). The file itself lives in :mod:`apps.applications.counter`: one workflow
for both channels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.applications import counter as files
from apps.applications import estimates
from apps.applications.models import Application
from apps.applications.receipts import receipt_message, send_receipt
from apps.applications.services import FlowError, save_changes
from apps.applications.workflow import Status
from apps.core import audit
from apps.documents.checks import Rejected
from apps.locations.models import Counter, Stage
from apps.queueing.models import Ticket, TicketStatus
from apps.queueing.services import QueueError


@dataclass
class DeskResult:
    application: Application | None = None
    submitted: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # field or document kind -> message
    problem: str = ""


def ticket_at_counter(ticket_id: int, counter: Counter, *, lock: bool = False) -> Ticket:
    """The ticket this counter is serving at the document check, or a QueueError that says why not."""
    # One plain row (a lock, or the service the page shows): the booking and the file are read when there are any.
    qs = Ticket.objects.select_related("service")
    if lock:
        qs = qs.select_for_update(of=("self",)).select_related("location")
    try:
        ticket = qs.get(pk=ticket_id, location_id=counter.location_id)
    except Ticket.DoesNotExist:
        raise QueueError(_("Tiket tidak ditemukan."), "unknown") from None
    if ticket.counter_id != counter.pk or ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        where = (
            _("sedang dilayani di loket %(number)s") % {"number": ticket.counter.number}
            if ticket.counter is not None and ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING)
            else _("tidak sedang dipanggil di loket mana pun")
        )
        raise QueueError(
            _("Tiket %(label)s %(where)s, bukan di loket Anda. Panggil tiket Anda sendiri dengan Panggil berikutnya.")
            % {"label": ticket.label, "where": where},
            "not_here",
        )
    if ticket.stage != Stage.DOCUMENT_CHECK:
        raise QueueError(_("Berkas dibuka di tahap pemeriksaan berkas; tiket %(label)s sudah di tahap %(stage)s.")
                         % {"label": ticket.label, "stage": ticket.get_stage_display()}, "stage")
    return ticket


def existing_file(ticket: Ticket) -> Application | None:
    """The file this ticket already opened, or the booked resident's own online draft."""
    if ticket.application_id is not None:
        return ticket.application
    if ticket.booking_id is not None and ticket.booking is not None:
        booking = ticket.booking
        if booking.application_id is not None:
            return booking.application
        return files.resident_draft(user_id=booking.user_id, nik=booking.nik, service_type=ticket.service)
    return None


def initial_for(ticket: Ticket) -> dict[str, Any]:
    """What the desk form starts with: the open draft, else what the office knows about the booking's NIK."""
    draft = existing_file(ticket)
    if draft is not None and draft.status == Status.DRAFT:
        initial = {f: getattr(draft, f) for f in files.PREFILL_FIELDS}
        initial.update({
            "nik": draft.nik, "district": draft.district_id or "", "village": draft.village_id or "",
            "contact_phone": (draft.form_data or {}).get("contact_phone", "") or ticket.contact_phone,
            "contact_email": (draft.form_data or {}).get("contact_email", ""),
        })
        if not initial.get("full_name") and draft.nik:
            initial = {**files.prefill(draft.nik), **{k: v for k, v in initial.items() if v}}
        return initial
    nik = ticket.booking.nik if ticket.booking_id is not None and ticket.booking is not None else ""
    initial = files.prefill(nik) if nik else {}
    if ticket.contact_phone and not initial.get("contact_phone"):
        initial["contact_phone"] = ticket.contact_phone
    return initial


def _open(ticket_id: int, counter: Counter, *, nik: str, identity: dict[str, Any], contact: dict[str, str],
          actor: Any, request: HttpRequest | None) -> Application:
    with transaction.atomic():
        ticket = ticket_at_counter(ticket_id, counter, lock=True)
        draft = existing_file(ticket)
        if draft is not None and draft.status != Status.DRAFT:
            raise QueueError(
                _("Tiket %(label)s sudah punya berkas %(number)s yang sudah diajukan; satu tiket satu berkas. "
                  "Cetak tanda terimanya atau panggil tiket berikutnya.")
                % {"label": ticket.label, "number": draft.number},
                "exists",
            )
        if draft is not None and draft.nik != nik:
            draft = None if ticket.application_id is None else draft
        booking = ticket.booking if ticket.booking_id is not None else None
        application = files.open_file(
            service_type=ticket.service, nik=nik, identity=identity, contact=contact, actor=actor,
            location=ticket.location, priority_group=ticket.priority_group, application=draft, request=request,
        )
        if booking is not None and application.applicant_id is None:
            own = getattr(booking.user, "resident", None)
            if own is not None and own.nik == nik:
                Application.objects.filter(pk=application.pk).update(applicant=booking.user)
        if ticket.application_id != application.pk or ticket.status == TicketStatus.CALLED:
            # One UPDATE: the ticket carries its file, and the person is now being served.
            Ticket.objects.filter(pk=ticket.pk).update(application=application, status=TicketStatus.SERVING)
        if ticket.application_id != application.pk and draft is not None:
            # (a new file's creation is in the audit log already, as application.created)
            audit.record("ticket.application_linked", actor=actor, obj=ticket, request=request, subject_nik=nik,
                         data={"application": application.number})
        if booking is not None and booking.application_id != application.pk:
            type(booking).objects.filter(pk=booking.pk).update(application=application)
    return application


def file_from_ticket(
    ticket_id: int,
    counter: Counter,
    *,
    nik: str,
    identity: dict[str, Any],
    contact: dict[str, str],
    scans: dict[str, Any],
    originals: list[str],
    verify: bool,
    actor: Any,
    requirements: list[Any] | None = None,
    request: HttpRequest | None = None,
    changes: list[dict[str, str]] | None = None,
) -> DeskResult:
    """Open (or complete) the ticket's file, store the scans, and submit it into the workflow.

    The identity is saved first, in its own transaction: a scan refused by the checks or a missing
    document leaves the draft and everything typed in place for the next try."""
    result = DeskResult()
    try:
        application = _open(ticket_id, counter, nik=nik, identity=identity, contact=contact, actor=actor,
                            request=request)
    except FlowError as error:
        raise QueueError(error.message, error.code) from None
    result.application = application
    if changes is not None:
        save_changes(application, changes)  # F-1.06, for a service that changes data
    if requirements is None:
        requirements = list(application.service_type.required_documents.all()) if scans else []
    by_kind = {r.kind: r for r in requirements}
    for kind, upload in scans.items():
        try:
            files.store_scan(application, kind, upload, actor=actor, requirements=by_kind)
        except Rejected as rejected:
            result.errors[kind] = rejected.message
        except FlowError as error:
            result.errors[kind] = error.message
    if result.errors:
        result.problem = _("Ada pindaian yang ditolak; data pemohon sudah tersimpan. Pindai ulang lalu ajukan lagi.")
        return result
    try:
        files.submit_at_counter(application, actor=actor, originals=originals, verify=verify,
                                requirements=requirements or None, request=request)
    except FlowError as error:
        result.problem = error.message
        return result
    result.submitted = True
    message = receipt_message(application)
    if message is not None:
        estimates.mark_told(application.pk, application.estimated_completion_date)
        transaction.on_commit(lambda: send_receipt(message))
    return result

