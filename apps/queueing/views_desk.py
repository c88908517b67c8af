"""The file desk page at the document-check counter: the called ticket's file (identity, checks, scans,
submit and verify), then the receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role
from apps.accounts.services import set_region_choices
from apps.applications.forms_counter import CounterFileForm
from apps.applications.workflow import Status
from apps.core.access import staff_required
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


def _render(request: HttpRequest, counter: Counter, ticket: Ticket, form: CounterFileForm, *, problem: str = "",
            doc_errors: dict[str, str] | None = None, status: int = 200) -> HttpResponse:
    application = desk.existing_file(ticket)
    rows = [{"requirement": r, "scan": scan, "original": original, "error": (doc_errors or {}).get(r.kind, ""),
             "stored": application is not None and r.kind in _stored(application)}
            for r, scan, original in form.document_rows()]
    return render(request, "queueing/file_desk.html", {
        "counter": counter, "ticket": ticket, "form": form, "rows": rows, "problem": problem,
        "application": application, "booking": ticket.booking,
    }, status=status)


def _stored(application: Any) -> set[str]:
    from apps.documents.services import current_documents

    return set(current_documents(application))


@staff_required(Role.FILE_RECEIVER)
@require_http_methods(["GET", "POST"])
def file_desk(request: HttpRequest, counter_id: int, ticket_id: int) -> HttpResponse:
    counter = _counter(request, counter_id)
    try:
        ticket = desk.ticket_at_counter(ticket_id, counter)
    except services.QueueError as error:
        if request.method == "POST":
            # Keep what was typed: the page comes back with the form and the reason.
            stray = Ticket.objects.select_related("service", "booking", "application").filter(
                pk=ticket_id, location_id=counter.location_id).first()
            if stray is not None:
                form = _form(stray, request.POST, request.FILES)
                form.is_valid()
                return _render(request, counter, stray, form, problem=error.message, status=409)
        messages.error(request, error.message)
        return redirect("queueing_staff:console", counter_id=counter.pk)
    existing = desk.existing_file(ticket)
    if request.method == "GET" and existing is not None and existing.status != Status.DRAFT:
        return redirect("applications_staff:receipt", number=existing.number)
    if request.method == "GET":
        initial = desk.initial_for(ticket)
        if request.GET.get("nik"):
            from apps.applications.counter import prefill

            initial = prefill(request.GET["nik"].strip()[:25])
        return _render(request, counter, ticket, _form(ticket, initial=initial))
    form = _form(ticket, request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, counter, ticket, form, status=400)
    data = form.cleaned_data
    try:
        result = desk.file_from_ticket(
            ticket.pk, counter, nik=data["nik"], identity=form.identity(),
            contact={"contact_phone": data.get("contact_phone", ""), "contact_email": data.get("contact_email", "")},
            scans=form.scans(), originals=form.originals(), verify=bool(data.get("verify_now")),
            actor=request.user, request=request,
        )
    except services.QueueError as error:
        return _render(request, counter, ticket, form, problem=error.message, status=409)
    if not result.submitted or result.application is None:
        ticket.refresh_from_db()
        return _render(request, counter, ticket, form, problem=result.problem, doc_errors=result.errors,
                       status=400)
    messages.success(request, _("Berkas %(number)s diajukan (%(status)s). Cetak tanda terimanya.")
                     % {"number": result.application.number, "status": result.application.get_status_display()})
    return redirect("applications_staff:receipt", number=result.application.number)
