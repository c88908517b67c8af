"""The counter's receipt (tanda terima) of a filed application: an 80 mm thermal page and an A4 PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from apps.accounts.roles import Role
from apps.applications import estimates, receipts
from apps.applications.access import staff_application
from apps.applications.workflow import Status
from apps.core import audit
from apps.core.access import staff_required

RECEIPT_ROLES = (Role.FILE_RECEIVER, Role.INFORMATION_DESK, Role.OPERATOR, Role.SECTION_HEAD)


@staff_required(*RECEIPT_ROLES)
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    if application.status == Status.DRAFT:
        return redirect("applications_staff:detail", number=number)
    audit.record("application.receipt_printed", actor=request.user, obj=application, request=request,
                 subject=application.applicant, subject_nik=application.nik)
    # The printed receipt names the date: a later move of it is told once (apps/issuance/estimates.py).
    estimates.mark_told(application.pk, application.estimated_completion_date)
    paper = "a4" if request.GET.get("kertas") == "a4" else "80mm"
    context = {**receipts.context(application), "qr": mark_safe(receipts.qr_svg(application.number)),
               "paper": paper}
    return render(request, "applications/staff/receipt_print.html", context)


@staff_required(*RECEIPT_ROLES)
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    application = staff_application(number)
    if application.status == Status.DRAFT:
        return redirect("applications_staff:detail", number=number)
    audit.record("application.receipt_printed", actor=request.user, obj=application, request=request,
                 subject=application.applicant, subject_nik=application.nik, data={"format": "pdf"})
    estimates.mark_told(application.pk, application.estimated_completion_date)
    response = HttpResponse(receipts.pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tanda-terima-{application.number}.pdf"'
    return response
