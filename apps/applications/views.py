"""Resident pages: start page per service, the application flow (one thing per page), the
status timeline, the receipt, and the public status check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.applications import services, status_check
from apps.applications.access import made_for, own_application, viewable_application
from apps.applications.ahead import steps_ahead
from apps.applications.forms import ChangesForm, IdentityForm, MarriedForm, StatusCheckForm, UploadForm
from apps.applications.models import Application, RequiredDocument, ServiceType
from apps.applications.services import cases, life_events
from apps.applications.workflow import ACTION_NEEDED, RESIDENT_TEXT, InvalidTransition, Status
from apps.core.access import resident_required
from apps.core.inputs import parse_id
from apps.documents.checks import Rejected
from apps.documents.services import current_documents
from apps.families import services as families


def catalogue(request: HttpRequest) -> HttpResponse:
    services_list = ServiceType.objects.filter(is_active=True).prefetch_related("required_documents")
    mine: list[Application] = []
    for_me: list[Application] = []
    if request.user.is_authenticated:
        mine = list(Application.objects.filter(applicant=request.user).select_related("service_type", "member")[:20])
        for_me = list(made_for(request.user)[:20])
    return render(request, "applications/catalogue.html", {"services": services_list, "mine": mine,
                                                            "for_me": for_me})


def start(request: HttpRequest, code: str) -> HttpResponse:
    service = get_object_or_404(
        ServiceType.objects.prefetch_related("required_documents"), code=code, is_active=True
    )
    return render(request, "applications/start.html", {"service": service})


@resident_required
def begin(request: HttpRequest, code: str) -> HttpResponse:
    """For whom (the resident or a member of their KK, when the KK has others with a NIK), eligibility (from the
    person's birth date; under age: ask whether married), then the draft."""
    service = get_object_or_404(ServiceType, code=code, is_active=True)
    raw = request.POST.get("untuk", request.GET.get("untuk")) if services.for_one_person(service) else "saya"
    if raw is None:
        members = families.members_to_apply_for(request.user)
        if members:
            return render(request, "applications/for_whom.html", {"service": service, "members": members})
    try:
        member = services.member_to_apply_for(request.user, None if raw in (None, "", "saya") else parse_id(raw) or 0)
    except services.FlowError as error:
        return render(request, "applications/not_eligible.html", {"service": service, "message": error.message},
                      status=400)
    context: dict[str, Any] = {"service": service, "member": member, "untuk": member.pk if member else "saya"}
    verdict = services.eligibility(service, request.user, member=member)
    form = MarriedForm(request.POST or None)
    married: bool | None = None
    if verdict == "ask_married":
        if request.method != "POST" or not form.is_valid():
            return render(request, "applications/eligibility.html", {**context, "form": form})
        married = form.cleaned_data["married"]
    elif request.method != "POST":
        return render(request, "applications/eligibility.html", {**context, "form": None})
    try:
        application = services.start_draft(service, request.user, married=married, member=member)
    except services.FlowError as error:
        return render(request, "applications/not_eligible.html",
                      {**context, "message": error.message, "open_one": getattr(error, "existing", None)},
                      status=200 if error.code == "not_eligible" else 400)
    return redirect("applications:identity", number=application.number)


def _guard_editable(request: HttpRequest, application: Application, item: str) -> HttpResponse | None:
    if not services.may_edit(application, item):
        messages.info(request, _("Bagian ini sudah dikunci."))
        return redirect("applications:status", number=application.number)
    return None


@resident_required
def identity(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    if (blocked := _guard_editable(request, application, services.DATA_ITEM)) is not None:
        return blocked
    initial: dict[str, Any] = {f: getattr(application, f) for f in services.IDENTITY_FIELDS}
    initial["contact_phone"] = application.form_data.get("contact_phone", "")
    unsaved = application.form_data.get("unsaved")
    if request.method == "POST":
        form = IdentityForm(request.POST, nik=application.nik)
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
            services.save_form(application, cleaned, extra={"contact_phone": cleaned.pop("contact_phone")})
            if application.service_type.changes_data:
                return redirect("applications:changes", number=number)
            if life_events.event_kind(application.service_type):
                return redirect("applications:event", number=number)
            return redirect("applications:documents", number=number)
        services.remember_unsaved(application, request.POST.dict())
    elif unsaved:
        form = IdentityForm(unsaved, nik=application.nik)  # what was typed before a reload, with its messages
    else:
        form = IdentityForm(initial=initial)
    return render(request, "applications/identity.html", {"application": application, "form": form,
                                                           "step": 1, "steps": _steps(application)})


def _steps(application: Application) -> int:
    return 4 if application.service_type.changes_data or life_events.event_kind(application.service_type) else 3


@resident_required
def changes(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    if not application.service_type.changes_data:
        raise Http404
    if (blocked := _guard_editable(request, application, services.DATA_ITEM)) is not None:
        return blocked
    form = ChangesForm(request.POST or None, initial_changes=application.form_data.get("changes"))
    if request.method == "POST" and form.is_valid():
        services.save_changes(application, form.changes())
        return redirect("applications:documents", number=number)
    return render(request, "applications/changes.html", {"application": application, "form": form,
                                                          "step": 2, "steps": 4})


def _document_rows(application: Application, errors: dict[str, str] | None = None) -> list[dict[str, Any]]:
    have = current_documents(application)
    corrections = services.correction_items(application)
    rows = []
    for requirement in application.service_type.required_documents.all():
        rows.append({
            "requirement": requirement,
            "document": have.get(requirement.kind),
            "editable": services.may_edit(application, requirement.kind),
            "correction": corrections.get(requirement.kind, ""),
            "error": (errors or {}).get(requirement.kind, ""),
            "form": UploadForm(prefix=requirement.kind),
        })
    return rows


@resident_required
def documents(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    step = _steps(application) - 1
    return render(request, "applications/documents.html", {
        "application": application, "rows": _document_rows(application), "step": step,
        "steps": _steps(application), "correcting": application.status == Status.NEEDS_CORRECTION,
    })


@resident_required
@require_POST
def upload(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """Upload one document. With htmx the document's block is swapped; without, the page reloads."""
    application = own_application(request.user, number)
    requirement = get_object_or_404(RequiredDocument, service_type=application.service_type, kind=kind)
    error = ""
    files = request.FILES.getlist(f"{kind}-file") or request.FILES.getlist("file")
    if len(files) > 1:
        error = _("Unggah satu berkas saja untuk dokumen ini.")
    elif not files:
        error = _("Pilih berkas dulu (foto atau PDF).")
    else:
        try:
            services.upload_document(application, requirement, files[0], user=request.user)
        except Rejected as rejected:
            error = rejected.message
        except services.FlowError as flow_error:
            error = flow_error.message
    rows = _document_rows(application, {kind: error} if error else None)
    if request.headers.get("HX-Request"):
        row = next(r for r in rows if r["requirement"].kind == kind)
        return render(request, "applications/_document_row.html", {"application": application, "row": row},
                      status=200)
    if error:
        step = _steps(application) - 1
        return render(request, "applications/documents.html", {
            "application": application, "rows": rows, "step": step, "steps": _steps(application),
            "correcting": application.status == Status.NEEDS_CORRECTION, "upload_error": error,
        }, status=400)
    messages.success(request, _("%(name)s tersimpan.") % {"name": requirement.name})
    return redirect(f"{reverse('applications:documents', args=[number])}#doc-{kind}")


@resident_required
def review(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    if application.status not in (Status.DRAFT, Status.NEEDS_CORRECTION):
        return redirect("applications:status", number=number)
    error = ""
    open_one = None
    if request.method == "POST":
        try:
            services.submit(application, user=request.user, request=request)
        except services.FlowError as flow_error:
            error = flow_error.message
            open_one = getattr(flow_error, "existing", None)
        else:
            return redirect("applications:confirmation", number=number)

    return render(request, "applications/review.html", {
        "application": application, "documents": current_documents(application),
        "requirements": list(application.service_type.required_documents.all()),
        "problems": services.missing_answers(application)
        + [_("Unggah %(name)s.") % {"name": r.name} for r in services.missing_documents(application)],
        "contact_problem": services.contact_problem(request.user), "error": error, "open_one": open_one,
        "correction": services.correction_items(application), "event": life_events.summary(application),
    }, status=400 if error else 200)


def _qr_svg(number: str) -> str:
    url = f"{settings.SITE_URL}{reverse('applications:check')}?nomor={number}"
    return segno.make(url, error="m").svg_inline(scale=4, dark="#0b0c0c")


@resident_required
def confirmation(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    if application.status == Status.DRAFT:
        return redirect("applications:review", number=number)
    return render(request, "applications/confirmation.html", {"application": application})


@resident_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    if application.status == Status.DRAFT:
        return redirect("applications:review", number=number)
    return render(request, "applications/receipt.html", {
        "application": application, "qr": mark_safe(_qr_svg(application.number)),
        "check_url": f"{settings.SITE_URL}{reverse('applications:check')}",
    })


@resident_required
def status(request: HttpRequest, number: str) -> HttpResponse:
    """The file's timeline: for its applicant, or (read only) for the adult member of the KK it was made for."""
    application = viewable_application(request.user, number)
    history = list(application.history.select_related("actor").order_by("-created_at", "-id"))
    for change in history:
        estimate = (change.data or {}).get("estimate")
        # display-only attributes for the template
        change.resident_text = RESIDENT_TEXT.get(change.to_status, "")  # type: ignore[attr-defined]
        change.estimate = dt.date.fromisoformat(estimate) if estimate else None  # type: ignore[attr-defined]
    return render(request, "applications/status.html", {
        "application": application, "history": history, "action_needed": application.status in ACTION_NEEDED,
        "now_text": RESIDENT_TEXT.get(application.status, ""),
        "correction": [(services.label_for(application, k), v)
                       for k, v in services.correction_items(application).items()],
        "correction_has_data": services.DATA_ITEM in services.correction_items(application),
        "ahead": steps_ahead(application),
        "read_only": application.applicant_id != request.user.pk,
        "case_files": list(cases.case_files(application)) if application.case_id else [],
        "kia_child": cases.kia_child(application),
    })


@resident_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    """GET: what cancelling means, and the confirm button (works without JavaScript). POST: cancel."""
    application = own_application(request.user, number)
    if request.method == "GET":
        if application.status not in CANCELLABLE:
            messages.error(request, _("Permohonan ini tidak dapat dibatalkan lagi."))
            return redirect("applications:status", number=number)
        return render(request, "applications/cancel_confirm.html", {"application": application})
    try:
        services.transition(application, Status.CANCELLED, actor=request.user, note=_("Dibatalkan oleh pemohon."))
    except InvalidTransition:
        messages.error(request, _("Permohonan ini tidak dapat dibatalkan lagi."))
    else:
        messages.success(request, _("Permohonan %(number)s dibatalkan.") % {"number": application.number})
    return redirect("applications:status", number=number)


# Where a resident may still cancel (the workflow allows it from these; recording is cancelled at the office).
CANCELLABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_CORRECTION})


def check(request: HttpRequest) -> HttpResponse:
    """Public status check: number + birth date gives the status and estimated date only."""
    result: dict[str, Any] | None = None
    limited = False
    form = StatusCheckForm(request.POST or None, initial={"number": request.GET.get("nomor", "")})
    if request.method == "POST":
        valid = form.is_valid()
        if not status_check.allow(request, form.cleaned_data.get("number") if valid else None):
            limited = True
        elif valid:
            application = (
                Application.objects.select_related("service_type")
                .filter(number=form.cleaned_data["number"], birth_date=form.cleaned_data["birth_date"])
                .exclude(status=Status.DRAFT)
                .first()
            )
            result = {"found": application is not None}
            if application is not None:
                result.update({
                    "number": application.number, "status": application.get_status_display(),
                    "text": RESIDENT_TEXT.get(application.status, ""), "service": application.service_type.name,
                    "estimate": application.estimated_completion_date,
                })
    response = render(request, "applications/check.html", {"form": form, "result": result, "limited": limited,
                                                            "limit_minutes": status_check.WINDOW // 60},
                      status=429 if limited else 200)
    return response


def short_check(request: HttpRequest, number: str) -> HttpResponse:
    """The receipt's short link (``/c/<number>/``): the public status check with the number filled in."""
    return redirect(f"{reverse('applications:check')}?nomor={number.strip().upper()[:20]}")
