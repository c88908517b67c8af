"""Back-office pages: the customer-service inbox, a complaint's desk, LAPOR! export and the
section head's evaluation page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role, has_role
from apps.complaints import access, services
from apps.complaints.forms import (
    ActionItemForm,
    AssignForm,
    ComplexityForm,
    StaffComplaintForm,
    StaffReplyForm,
    TransitionForm,
    template_choices,
)
from apps.complaints.models import ActionItem, Complaint
from apps.complaints.views import _serve, resolve_reference
from apps.complaints.workflow import OPEN, TRANSITIONS, Category, Kind, Status
from apps.core import audit, spreadsheets
from apps.core.access import staff_required
from apps.core.calendar import working_days_between
from apps.surveys import services as surveys
from apps.surveys.periods import semester_of

DESK_ROLES = access.DESK_ROLES
# Anyone a follow-up action may be given to (apps.complaints.forms.ActionItemForm: any staff member).
ACTION_ROLES = (*DESK_ROLES, Role.OPERATOR, Role.FILE_RECEIVER, Role.PICKUP_OFFICER, Role.INFORMATION_DESK)


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN) & (
        Q(due_date__lt=today)
        | Q(status=Status.RECEIVED, verify_by__lt=today)
        | Q(status__in=[Status.RECEIVED, Status.VERIFIED], plan_by__lt=today)
    )


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    today = timezone.localdate()
    qs = access.desk_complaints(request.user).select_related("assigned_to", "filer")
    filters = {k: request.GET.get(k, "") for k in ("status", "kind", "category", "q", "show")}
    if filters["status"] in Status.values:
        qs = qs.filter(status=filters["status"])
    elif filters["show"] != "all":
        qs = qs.filter(status__in=OPEN)
    if filters["kind"] in Kind.values:
        qs = qs.filter(kind=filters["kind"])
    if filters["category"] in Category.values:
        qs = qs.filter(category=filters["category"])
    if filters["show"] == "overdue":
        qs = qs.filter(_overdue_q(today))
    if filters["q"]:
        qs = qs.filter(Q(code__iexact=filters["q"].strip()) | Q(subject__icontains=filters["q"].strip()))
    return qs, filters


@staff_required(*DESK_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    qs, filters = _filtered(request)
    today = timezone.localdate()
    summary = qs.aggregate(n=Count("id"), oldest=Min("created_at"))
    rows = []
    for complaint in qs.order_by("due_date", "created_at")[:200]:
        rows.append(
            {
                "c": complaint,
                "days_left": working_days_between(today, complaint.due_date),
                "overdue": services.is_overdue(complaint),
                "who": services.filer_label(complaint, request.user),
            }
        )
    context = {
        "rows": rows,
        "filters": filters,
        "count": summary["n"],
        "oldest": summary["oldest"],
        "statuses": Status.choices,
        "kinds": Kind.choices,
        "categories": Category.choices,
        "overdue_count": access.desk_complaints(request.user).filter(_overdue_q(today)).count(),
    }
    return render(request, "complaints/staff/inbox.html", context)


@staff_required(*DESK_ROLES, Role.INFORMATION_DESK)
def new(request: HttpRequest) -> HttpResponse:
    form = StaffComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = services.check_files(data["attachments"])
            application, ticket = resolve_reference(data["reference"])
            complaint = services.file_complaint(
                kind=data["kind"],
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                confidential=data["confidential"],
                source=data["source"],
                entered_by=request.user,
                application=application,
                ticket_code=ticket,
                unit=data["unit"],
                files=files,
                request=request,
                location=getattr(request.user, "location", None),
            )
        except ValidationError as exc:
            form.add_error("attachments", exc)
        else:
            if access.may_handle(request.user, complaint):
                return redirect("complaints_staff:detail", code=complaint.code)
            messages.success(request, _("Laporan tersimpan dengan kode %(code)s.") % {"code": complaint.code})
            return redirect("complaints_staff:new")
    return render(request, "complaints/staff/new.html", {"form": form}, status=400 if form.errors else 200)


def _desk_context(request: HttpRequest, complaint: Complaint, **forms: Any) -> dict[str, Any]:
    targets = [(s, Status(s).label) for s in Status.values if s in TRANSITIONS.get(complaint.status, frozenset())]
    see_identity = not complaint.confidential or services.can_see_identity(request.user)
    return {
        "complaint": complaint,
        "who": services.filer_label(complaint, request.user),
        "see_identity": see_identity,
        "thread": complaint.messages.select_related("author").prefetch_related("attachments"),
        "attachments": complaint.attachments.filter(message__isnull=True),
        "history": complaint.history.select_related("actor").order_by("-created_at", "-id"),
        "days_left": services.working_days_left(complaint),
        "overdue": services.is_overdue(complaint),
        "reply_form": forms.get("reply_form") or StaffReplyForm(),
        "transition_form": forms.get("transition_form") or TransitionForm(targets=targets),
        "complexity_form": ComplexityForm(initial={"complexity": complaint.complexity, "unit": complaint.unit}),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": complaint.assigned_to_id},
                                                              unit=complaint.unit),
        "templates": template_choices(),
        "has_targets": bool(targets),
    }


@staff_required(*DESK_ROLES)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    if complaint.confidential and services.can_see_identity(request.user):
        audit.record("complaint.identity_viewed", obj=complaint, request=request)
    return render(request, "complaints/staff/detail.html", _desk_context(request, complaint))


@staff_required(*DESK_ROLES)
@require_POST
def reply(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    form = StaffReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            files = services.check_files(data["attachments"])
            if data["mark_answered"] and not data["internal"]:
                services.answer(complaint, body=data["body"], actor=request.user, files=files, request=request)
            else:
                services.post_message(
                    complaint,
                    body=data["body"],
                    author=request.user,
                    from_staff=True,
                    internal=data["internal"],
                    files=files,
                    request=request,
                )
        except ValidationError as exc:
            form.add_error("attachments", exc)
        except services.InvalidTransition:
            form.add_error(None, _("Status laporan tidak dapat diubah menjadi dijawab dari status sekarang."))
        else:
            return redirect(reverse("complaints_staff:detail", args=[complaint.code]) + "#percakapan")
    return render(
        request, "complaints/staff/detail.html", _desk_context(request, complaint, reply_form=form), status=400
    )


@staff_required(*DESK_ROLES)
@require_POST
def change_status(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    targets = [(s, Status(s).label) for s in TRANSITIONS.get(complaint.status, frozenset())]
    form = TransitionForm(request.POST, targets=targets)
    if form.is_valid():
        try:
            services.transition(
                complaint,
                form.cleaned_data["target"],
                actor=request.user,
                note=form.cleaned_data["note"],
                forwarded_to=form.cleaned_data["forwarded_to"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("forwarded_to", exc)
        except services.InvalidTransition:
            form.add_error("target", _("Perubahan status ini tidak diizinkan."))
        else:
            return redirect("complaints_staff:detail", code=complaint.code)
    return render(
        request, "complaints/staff/detail.html", _desk_context(request, complaint, transition_form=form), status=400
    )


@staff_required(*DESK_ROLES)
@require_POST
def change_complexity(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    form = ComplexityForm(request.POST)
    if form.is_valid():
        services.set_complexity(complaint, form.cleaned_data["complexity"], unit=form.cleaned_data["unit"],
                                actor=request.user, request=request)
        if not access.may_handle(request.user, complaint):  # now about this person's own unit
            messages.info(request, _("Laporan ini tentang loket Anda: penanganannya oleh petugas lain."))
            return redirect("complaints_staff:inbox")
    return redirect("complaints_staff:detail", code=complaint.code)


@staff_required(*DESK_ROLES)
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    form = AssignForm(request.POST, unit=complaint.unit)
    if form.is_valid():
        try:
            services.assign(complaint, form.cleaned_data["assignee"], actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error("assignee", exc)
    if form.errors:
        return render(request, "complaints/staff/detail.html", _desk_context(request, complaint, assign_form=form),
                      status=400)
    return redirect("complaints_staff:detail", code=complaint.code)


@staff_required(*DESK_ROLES)
def attachment(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    complaint = access.complaint_for_staff(request.user, code)
    item = complaint.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404
    audit.record("complaint.attachment_viewed", obj=complaint, request=request)
    return _serve(item)


# --- LAPOR! export ---------------------------------------------------------------------

LAPOR_HEADER = [
    "Kode lacak",
    "Tanggal laporan",
    "Judul laporan",
    "Isi laporan",
    "Klasifikasi",
    "Kategori",
    "Lokasi kejadian",
    "Instansi tujuan",
    "Nama pelapor",
    "Kontak pelapor",
    "Rahasia",
    "Status",
    "Keterangan",
]


def _lapor_rows(request: HttpRequest, qs: Any) -> list[list[str]]:
    rows = []
    for c in qs.select_related("location", "filer"):
        hidden = c.confidential and not services.can_see_identity(request.user)
        rows.append(
            [
                c.code,
                timezone.localtime(c.created_at).strftime("%d/%m/%Y"),
                c.subject,
                c.description,
                str(c.get_kind_display()),
                str(c.get_category_display()),
                c.location.name if c.location else "",
                c.forwarded_to,
                services.filer_label(c, request.user),
                services.CONFIDENTIAL_LABEL if hidden else (c.email or c.phone or getattr(c.filer, "email", "") or ""),
                "Ya" if c.confidential else "Tidak",
                str(c.get_status_display()),
                c.history.filter(to_status=Status.FORWARDED).values_list("note", flat=True).last() or "",
            ]
        )
    return rows


@staff_required(*DESK_ROLES)
def export_lapor(request: HttpRequest, fmt: str) -> HttpResponse:
    """Forwarded complaints (or the filtered list with ?all=1), in the columns LAPOR! asks for."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    qs, _filters = _filtered(request)
    if request.GET.get("all") != "1":
        qs = access.desk_complaints(request.user).filter(status=Status.FORWARDED)
    rows = _lapor_rows(request, qs.order_by("created_at"))
    audit.record("complaint.exported", request=request, data={"format": fmt, "rows": len(rows)})
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = HttpResponse(spreadsheets.csv_text([LAPOR_HEADER, *rows]), content_type="text/csv; charset=utf-8")
    else:
        book, sheet = spreadsheets.new_workbook("LAPOR")
        for row in [LAPOR_HEADER, *rows]:
            spreadsheets.append(sheet, row)
        response = HttpResponse(spreadsheets.workbook_bytes(book), content_type=spreadsheets.XLSX)
    response["Content-Disposition"] = f'attachment; filename="lapor-{stamp}.{fmt}"'
    return response


# --- evaluation page ----------------------------------------------------------------------


def _month(request: HttpRequest) -> dt.date:
    raw = request.GET.get("bulan", "")
    try:
        return dt.date.fromisoformat(raw + "-01") if raw else timezone.localdate().replace(day=1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@staff_required(Role.SECTION_HEAD)
def evaluation(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    in_month = Complaint.objects.filter(
        created_at__gte=dt.datetime.combine(month, dt.time.min, tzinfo=tz),
        created_at__lt=dt.datetime.combine(next_month, dt.time.min, tzinfo=tz),
    )
    by_category: dict[str, Any] = {
        row["category"]: row
        for row in in_month.values("category").annotate(
            n=Count("id"), complaints=Count("id", filter=Q(kind=Kind.COMPLAINT))
        )
    }
    categories = [
        (label, by_category.get(value, {}).get("n", 0), by_category.get(value, {}).get("complaints", 0))
        for value, label in Category.choices
    ]
    today = timezone.localdate()
    overdue = [
        {"c": c, "days_left": working_days_between(today, c.due_date)}
        for c in Complaint.objects.filter(_overdue_q(today)).select_related("assigned_to").order_by("due_date")
    ]
    report = surveys.build_report(semester_of(month))
    form = ActionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = None
        if data["complaint_code"]:
            complaint = Complaint.objects.filter(code=data["complaint_code"].strip().upper()).first()
            if complaint is None:
                form.add_error("complaint_code", _("Kode pengaduan tidak ditemukan."))
        if not form.errors:
            services.create_action_item(
                title=data["title"],
                assignee=data["assignee"],
                due_date=data["due_date"],
                created_by=request.user,
                meeting_month=month,
                notes=data["notes"],
                complaint=complaint,
                ikm_element=data["ikm_element"],
                request=request,
            )
            return redirect(reverse("complaints_staff:evaluation") + f"?bulan={month:%Y-%m}#tindak-lanjut")
    items = ActionItem.objects.filter(Q(state=ActionItem.State.OPEN) | Q(meeting_month=month)).select_related(
        "assignee", "complaint"
    )
    context = {
        "month": month,
        "prev_month": (month - dt.timedelta(days=1)).replace(day=1),
        "next_month": next_month,
        "categories": categories,
        "total": in_month.count(),
        "overdue": overdue,
        "report": report,
        "form": form,
        "items": items,
        "today": today,
        "by_kind": list(in_month.values("kind").annotate(n=Count("id")).order_by("kind")),
    }
    return render(request, "complaints/staff/evaluation.html", context, status=400 if form.errors else 200)


@staff_required(*ACTION_ROLES)
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem, pk=pk)

    if item.assignee_id != request.user.pk and not has_role(request.user, Role.SECTION_HEAD):
        raise Http404
    services.mark_action_done(item, by=request.user, request=request)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("complaints_staff:my_actions")
    return redirect(target)


@staff_required(*ACTION_ROLES)
def my_actions(request: HttpRequest) -> HttpResponse:
    items = ActionItem.objects.filter(assignee_id=request.user.pk).order_by("state", "due_date")
    return render(request, "complaints/staff/my_actions.html", {"items": items})
