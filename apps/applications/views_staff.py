"""The verification desk (file receiver): work queue, claim, review beside the documents, decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role
from apps.applications import services
from apps.applications.access import staff_application
from apps.applications.forms import DecisionForm, QueueFilterForm
from apps.applications.models import Decision
from apps.applications.services import cases, life_events
from apps.applications.workflow import Status
from apps.core import audit
from apps.core.access import staff_required
from apps.documents.services import current_documents
from apps.families import services as families
from apps.families.models import FamilyMember

DESK = (Role.FILE_RECEIVER,)


def _filters(request: HttpRequest) -> tuple[QueueFilterForm, dict[str, Any]]:
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, filters


@staff_required(*DESK)
def queue(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    rows = services.desk_queue(filters)
    count = rows.count()
    oldest = rows.exclude(submitted_at=None).order_by("submitted_at").values_list("submitted_at", flat=True).first()
    mine = services.desk_queue({"mine": request.user}).filter(status=Status.IN_VERIFICATION)
    return render(request, "applications/staff/queue.html", {
        "form": form, "rows": rows[:100], "count": count, "oldest": oldest, "mine": list(mine[:10]),
        "query": request.GET.urlencode(), "today": timezone.localdate(),
    })


@staff_required(*DESK)
@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    application = services.claim_next(user=request.user, filters=filters, request=request)
    if application is None:
        messages.info(request, _("Tidak ada berkas yang menunggu."))
        return redirect("applications_staff:queue")
    return redirect("applications_staff:detail", number=application.number)


@staff_required(*DESK)
@require_POST
def claim(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    try:
        services.claim(application, user=request.user, request=request)
    except services.FlowError as error:
        messages.error(request, error.message)
        return redirect("applications_staff:queue")
    return redirect("applications_staff:detail", number=number)


@staff_required(*DESK)
@require_POST
def release(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    try:
        services.release(application, user=request.user, request=request)
    except services.FlowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Berkas %(number)s dikembalikan ke antrean.") % {"number": number})
    return redirect("applications_staff:queue")


@staff_required(*DESK)
def detail(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    audit.record("application.viewed", actor=request.user, obj=application, request=request,
                 subject=application.applicant, subject_nik=application.nik)
    form = DecisionForm()
    return _render_detail(request, application, form, current_documents(application))


def _render_detail(request: HttpRequest, application: Any, form: DecisionForm, documents: dict[str, Any],
                   error: str = "", status: int = 200) -> HttpResponse:
    requirements = list(application.service_type.required_documents.all())
    evidence = cases.evidence_file(application)
    if evidence.pk != application.pk:  # a case's KK file: the deed file's documents are its evidence
        requirements, documents = list(evidence.service_type.required_documents.all()), current_documents(evidence)
    posted = request.POST if request.method == "POST" else {}
    items = [
        {"key": services.DATA_ITEM, "label": services.label_for(application, services.DATA_ITEM), "document": None,
         "reason": posted.get(f"reason_{services.DATA_ITEM}", ""),
         "checked": bool(posted.get(f"ok_{services.DATA_ITEM}"))},
        *[{"key": r.kind, "label": r.name, "requirement": r, "document": documents.get(r.kind),
           "reason": posted.get(f"reason_{r.kind}", ""), "checked": bool(posted.get(f"ok_{r.kind}")),
           "evidence_of": evidence if evidence.pk != application.pk else None}
          for r in requirements],
    ]
    history = list(application.history.select_related("actor").order_by("-created_at", "-id")[:20])
    return render(request, "applications/staff/detail.html", {
        "application": application, "form": form, "items": items, "warnings": services.quality_warnings(application),
        "history": history, "mine": application.claimed_by_id == request.user.pk
        and application.status == Status.IN_VERIFICATION, "error": error,
        "can_claim": application.status == Status.SUBMITTED and application.claimed_by_id is None,
        "decisions": list(application.decisions.select_related("actor")[:5]),
        "family": _family(application), "members": _members(application),

        "case_files": list(cases.case_files(application)) if application.case_id else [],
        "event": life_events.summary(evidence),
    }, status=status)


def _family(application: Any) -> Any:
    """The KK the file is about: the member's when it is for a member, else the one its KK number names."""
    return application.member.family if application.member_id else families.family_by_kk(application.kk_number)


def _members(application: Any) -> list[tuple[FamilyMember, str]]:
    """The KK's members, each with the URL that confirms it from this file (the shared members table)."""
    family = _family(application)
    members = families.active_members(family) if family is not None else []
    return [(member, reverse("applications_staff:confirm_member", args=[application.number, member.pk]))
            for member in members]


@staff_required(*DESK)
@require_POST
def confirm_member(request: HttpRequest, number: str, member_id: int) -> HttpResponse:
    """Confirm a member of the file's KK against the paper KK (audit-logged by the service)."""
    application = staff_application(number)
    family = _family(application)
    if family is None:
        raise Http404
    try:
        member = families.member_of(family, member_id)
    except FamilyMember.DoesNotExist:
        raise Http404 from None
    families.confirm_member(member, actor=request.user)
    messages.success(request, _("%(name)s dikonfirmasi sesuai KK.") % {"name": member.full_name})
    return redirect(f"{reverse('applications_staff:detail', args=[number])}#keluarga")


@staff_required(*DESK)
@require_POST
def decide(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    form = DecisionForm(request.POST)
    documents = current_documents(application)
    if not form.is_valid():
        return _render_detail(request, application, form, documents, status=400)
    keys = [services.DATA_ITEM]
    if not cases.is_companion(application):  # a case's KK file is decided on its data; its evidence is the deed's
        keys += application.service_type.required_documents.values_list("kind", flat=True)
    checklist = {k: bool(request.POST.get(f"ok_{k}")) for k in keys}
    items = {k: request.POST.get(f"reason_{k}", "") for k in keys}
    try:
        services.decide(
            application, user=request.user, outcome=form.cleaned_data["outcome"], checklist=checklist, items=items,
            reason_code=form.cleaned_data["reason_code"], note=form.cleaned_data["note"], request=request,
        )
    except services.FlowError as error:
        return _render_detail(request, application, form, documents, error=error.message, status=400)
    outcome = Decision.Outcome(form.cleaned_data["outcome"]).label
    messages.success(request, _("%(number)s: %(outcome)s.") % {"number": number, "outcome": outcome})
    following = cases.next_for_desk(application, request.user)
    if following is not None:  # the case's next file, verified together
        return redirect("applications_staff:detail", number=following.number)
    return redirect("applications_staff:queue")
