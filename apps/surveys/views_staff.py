"""The IKM report for the section head (screen, XLSX, PDF). Only aggregates: no page shows a
single response next to anything that could identify the respondent."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core import audit
from apps.core.access import staff_required
from apps.surveys import exports, services
from apps.surveys.chart import trend_svg
from apps.surveys.forms import ReportFilterForm
from apps.surveys.periods import Period, parse, previous_semesters, semester_of

REPORT_ROLES = (Role.SECTION_HEAD, Role.CUSTOMER_SERVICE)


def _params(request: HttpRequest) -> tuple[ReportFilterForm, Period, Any, Any]:
    form = ReportFilterForm(request.GET or None)
    period = semester_of(timezone.localdate())
    service_type = location = None
    if form.is_valid():
        if form.cleaned_data["periode"]:
            period = parse(form.cleaned_data["periode"])
        service_type = form.cleaned_data["layanan"]
        location = form.cleaned_data["lokasi"]
    return form, period, service_type, location


def _trend(period: Period, service_type: Any, location: Any) -> list[tuple[str, Any]]:
    rows = services.trend(previous_semesters(period, 6), service_type, location)
    return [(p.key, value) for p, value, _n in rows]


@staff_required(*REPORT_ROLES)
def report(request: HttpRequest) -> HttpResponse:
    form, period, service_type, location = _params(request)
    result = services.build_report(period, service_type, location)
    points = _trend(period, service_type, location)
    context = {
        "form": form,
        "report": result,
        "chart": trend_svg(points, "IKM per semester"),
        "query": request.GET.urlencode(),
    }
    return render(request, "surveys/staff/report.html", context)


@staff_required(*REPORT_ROLES)
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, period, service_type, location = _params(request)
    result = services.build_report(period, service_type, location)
    audit.record("survey.report_exported", request=request, data={"period": period.key, "format": fmt})
    if fmt == "xlsx":
        body = exports.report_xlsx(result)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body = exports.report_pdf(result, _trend(period, service_type, location))
        content_type = "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ikm-{period.key}.{fmt}"'
    return response
