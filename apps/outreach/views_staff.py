"""Outreach planning: where the online service is least used, where first e-KTP demand is
coming, the visits planned and done, and what changed after each visit."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import Role
from apps.core.access import staff_required
from apps.dashboards import charts
from apps.outreach import analysis, services
from apps.outreach.forms import ResultForm, VisitForm
from apps.outreach.models import OutreachVisit, VisitStatus
from apps.regions.models import Region

PLANNERS = (Role.SECTION_HEAD, Role.ADMINISTRATOR, Role.INFORMATION_DESK)


def _district(request: HttpRequest) -> str | None:
    code = request.GET.get("kecamatan") or None
    if code and not Region.objects.filter(code=code, parent_id=settings.SIPON_REGENCY_CODE).exists():
        return None
    return code


@staff_required(*PLANNERS)
def overview(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    months = analysis.last_months(12)
    context = {
        "months": months,
        "districts": analysis.district_months(months, district),
        "lowest": analysis.lowest_share(district=district),
        "demand": analysis.highest_demand(district=district),
        "district": district,
        "district_choices": Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).order_by("name"),
        "upcoming": OutreachVisit.objects.filter(status=VisitStatus.PLANNED).select_related("village")[:10],
        "min_applications": analysis.MIN_APPLICATIONS,
    }
    return render(request, "outreach/overview.html", context)


@staff_required(*PLANNERS)
def village(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code, level=Region.Level.VILLAGE)
    months = analysis.last_months(24)
    series = analysis.village_series(code, months)
    chart = charts.line_chart([m["month"].strftime("%m/%y") for m in series],
                              {_("Porsi daring (%)"): [m["share"] for m in series]},
                              title=_("Porsi daring per bulan"), unit="%")
    visits = OutreachVisit.objects.filter(village=region)
    return render(request, "outreach/village.html",
                  {"region": region, "series": series, "chart": chart, "visits": visits,
                   "turning_17": analysis.turning_17().get(code, 0)})


@staff_required(*PLANNERS)
def visit_list(request: HttpRequest) -> HttpResponse:
    qs = OutreachVisit.objects.select_related("village", "district").prefetch_related("staff")
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [(v, analysis.visit_effect(v.village_id, v.date)) for v in page]
    return render(request, "outreach/visits.html", {"page": page, "rows": rows, "status": status,
                                                    "statuses": VisitStatus.choices})


@staff_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    code = request.GET.get("desa")
    if code:
        region = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
        if region:
            initial = {"village": region.pk, "district": region.parent_id}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        visit = services.plan_visit(dict(form.cleaned_data), actor=request.user, request=request)
        messages.success(request, _("Kunjungan direncanakan."))
        return redirect("outreach_staff:visit", pk=visit.pk)
    return render(request, "outreach/visit_form.html", {"form": form})


@staff_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(OutreachVisit.objects.select_related("village", "district"), pk=pk)
    form = ResultForm(request.POST or None, initial={
        "people_reached": visit.people_reached, "recordings_done": visit.recordings_done or 0,
        "result_notes": visit.result_notes,
    })
    if request.method == "POST" and visit.status != VisitStatus.CANCELLED and form.is_valid():
        services.record_results(visit, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Hasil kunjungan disimpan."))
        return redirect("outreach_staff:visit", pk=visit.pk)
    effect = analysis.visit_effect(visit.village_id, visit.date)
    return render(request, "outreach/visit_detail.html", {"visit": visit, "form": form, "effect": effect})


@staff_required(*PLANNERS)
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(OutreachVisit, pk=pk)
    services.cancel_visit(visit, actor=request.user, request=request)
    messages.success(request, _("Kunjungan dibatalkan."))
    return redirect("outreach_staff:visit", pk=visit.pk)
