"""Public pages: service standards (/layanan/), performance (/kinerja/) and guides (/panduan/)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps.applications.models import ServiceType
from apps.core.spreadsheets import csv_text
from apps.publicinfo import guides, performance, poster
from apps.publicinfo.access import active_service, standard_for
from apps.publicinfo.charts import performance_charts


@require_GET
def standards(request: HttpRequest) -> HttpResponse:
    services = ServiceType.objects.filter(is_active=True)
    return render(request, "publicinfo/standards.html", {"services": services})


@require_GET
def standard(request: HttpRequest, code: str) -> HttpResponse:
    service = active_service(code)
    return render(request, "publicinfo/standard.html", {"service": service, "standard": standard_for(service)})


@require_GET
def standard_poster(request: HttpRequest, code: str) -> HttpResponse:
    service = active_service(code)
    pdf = poster.render(service, standard_for(service))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="standar-pelayanan-{service.code}.pdf"'
    return response


@require_GET
def performance_page(request: HttpRequest) -> HttpResponse:
    # Not marked public: like every page it carries the CSRF token (language switch), which a shared cache must
    # not hand to others. The figures themselves come from the server-side cache (performance.figures).
    data = performance.figures()
    return render(request, "publicinfo/performance.html", {"data": data, **performance_charts(data)})


@require_GET
@cache_control(public=True, max_age=300)
def performance_csv(request: HttpRequest) -> HttpResponse:
    # open data, read by programs: no BOM; names edited by staff cannot become formulas (apps.core.spreadsheets)
    text = csv_text(performance.csv_rows(performance.figures()), bom=False)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kinerja-sipon.csv"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def performance_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(performance.figures())


@require_GET
def guide_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "guides": guides.GUIDES,
        "services": ServiceType.objects.filter(is_active=True),
        "query": query,
        "questions": guides.search(query),
    }
    return render(request, "publicinfo/guides.html", context)


@require_GET
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = guides.guide(slug)
    if found is None:
        raise Http404(_("Panduan tidak ditemukan."))
    return render(request, "publicinfo/guide.html", {"guide": found})
