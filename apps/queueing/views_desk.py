"""The file desk page at the document-check counter: the called ticket's file (identity, checks, scans,
submit and verify), then the receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role
from apps.accounts.services import set_region_choices
from apps.applications.counter import prefill
from apps.applications.forms import ChangesForm
from apps.applications.forms_counter import CounterFileForm
from apps.applications.models import RequiredDocument
from apps.applications.workflow import Status
from apps.core.access import staff_required
from apps.documents.services import current_documents
from apps.locations.models import Counter
from apps.queueing import desk, services
from apps.queueing.models import Ticket
from apps.queueing.views_staff import _counter


def _form(ticket: Ticket, data: Any = None, files: Any = None, initial: dict[str, Any] | None = None
          ) -> CounterFileForm:
    form = CounterFileForm(data, files, initial=initial or {},
                           requirements=list(ticket.service.required_documents.all()))
    set_region_choices(form, data)
    return form


def _changes_form(ticket: Ticket, data: Any = None) -> ChangesForm | None:
    """F-1.06 (which data elements change) for a service that changes data, else None."""
    if not ticket.service.changes_data:
        return None
    draft = desk.existing_file(ticket)
    current = (draft.form_data or {}).get("changes") if draft is not None else None
    return ChangesForm(data, prefix="f106", initial_changes=current)


def _render(request: HttpRequest, counter: Counter, ticket: Ticket, form: CounterFileForm, *, problem: str = "",
            doc_errors: dict[str, str] | None = None, status: int = 200,
            changes: ChangesForm | None = None) -> HttpResponse:
    application = desk.existing_file(ticket)
    if changes is None:
        changes = _changes_form(ticket)
    rows = [{"requirement": r, "scan": scan, "original": original, "error": (doc_errors or {}).get(r.kind, ""),
             "stored": application is not None and r.kind in _stored(application)}
            for r, scan, original in form.document_rows()]
    return render(request, "queueing/file_desk.html", {
        "counter": counter, "ticket": ticket, "form": form, "rows": rows, "problem": problem,
        "application": application, "booking": ticket.booking if ticket.booking_id else None,
        "changes_form": changes,
    }, status=status)


def _stored(application: Any) -> set[str]:
    return set(current_documents(application))


def _any_ticket(counter: Counter, ticket_id: int) -> Ticket | None:
    return Ticket.objects.select_related("service").filter(pk=ticket_id, location_id=counter.location_id).first()


@staff_required(Role.FILE_RECEIVER)
@require_http_methods(["GET", "POST"])
def file_desk(request: HttpRequest, counter_id: int, ticket_id: int) -> HttpResponse:
    counter = _counter(request, counter_id)
    if request.method == "POST":
        return _file(request, counter, ticket_id)
    try:
        ticket = desk.ticket_at_counter(ticket_id, counter)
    except services.QueueError as error:
        messages.error(request, error.message)
        return redirect("queueing_staff:console", counter_id=counter.pk)
    existing = desk.existing_file(ticket)
    if existing is not None and existing.status != Status.DRAFT:
        return redirect("applications_staff:receipt", number=existing.number)
    initial = desk.initial_for(ticket)
    if request.GET.get("nik"):
        initial = prefill(request.GET["nik"].strip()[:25])
    return _render(request, counter, ticket, _form(ticket, initial=initial))


def _file(request: HttpRequest, counter: Counter, ticket_id: int) -> HttpResponse:
    """Check the form, then file it; whether the ticket is this counter's is checked under its row lock. On any
    problem the page comes back with everything typed and the reason."""
    service_of_ticket = Ticket.objects.filter(pk=ticket_id, location_id=counter.location_id).values("service_id")
    requirements = list(RequiredDocument.objects.filter(service_type_id=Subquery(service_of_ticket[:1]))
                        .select_related("service_type"))
    form = CounterFileForm(request.POST, request.FILES, requirements=requirements)
    set_region_choices(form, request.POST)
    changes_data = bool(requirements) and requirements[0].service_type.changes_data
    changes = ChangesForm(request.POST, prefix="f106") if changes_data else None
    problem, status = "", 400
    result: desk.DeskResult | None = None
    if form.is_valid() and (changes is None or changes.is_valid()):
        data = form.cleaned_data
        try:
            result = desk.file_from_ticket(
                ticket_id, counter, nik=data["nik"], identity=form.identity(),
                contact={"contact_phone": data.get("contact_phone", ""),
                         "contact_email": data.get("contact_email", "")},
                scans=form.scans(), originals=form.originals(), verify=bool(data.get("verify_now")),
                actor=request.user, requirements=requirements, request=request,
                changes=changes.changes() if changes is not None else None,
            )
        except services.QueueError as error:
            problem, status = error.message, 409
        if result is not None and result.submitted and result.application is not None:
            # The receipt page is the confirmation (the console shows the file's status too).
            return redirect("applications_staff:receipt", number=result.application.number)
        if result is not None:
            problem = result.problem
    ticket = _any_ticket(counter, ticket_id)
    if ticket is None:
        messages.error(request, problem or _("Tiket tidak ditemukan."))
        return redirect("queueing_staff:console", counter_id=counter.pk)
    return _render(request, counter, ticket, form, problem=problem,
                   doc_errors=result.errors if result is not None else None, status=status, changes=changes)
