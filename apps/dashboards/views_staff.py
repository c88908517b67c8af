"""The section head's dashboard: figures that need a decision today, then today's queue, the
pipeline, the period's figures with charts, stock, complaints and IKM; every figure links to
its records; XLSX/PDF exports and the monthly report."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.core import audit
from apps.core.access import staff_required
from apps.dashboards import charts, drilldown, exports, metrics
from apps.dashboards.choices import filter_choices
from apps.dashboards.filters import Filters, parse

VIEWERS = (Role.SECTION_HEAD, Role.ADMINISTRATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choices() -> dict[str, Any]:
    """The filter lists, read (from the cache) only if the page shows the filters (a search does not)."""
    lists = SimpleLazyObject(filter_choices)
    return {key: SimpleLazyObject(functools.partial(operator.getitem, lists, key))
            for key in ("locations", "services", "districts")}


def _drill_url(f: Filters, metric: str) -> str:
    return reverse("dashboards_staff:drill") + "?" + f.query(metrik=metric)


def _charts(data: dict[str, Any], f: Filters) -> dict[str, Any]:
    pipeline = charts.bar_chart(
        [{"label": r["label"], "value": r["count"], "url": _drill_url(f, "status-" + r["status"])}
         for r in data["pipeline"]],
        title=_("Berkas terbuka per status"),
    )
    months = data["monthly"]
    labels = [m["month"].strftime("%m/%y") for m in months]
    submissions = charts.line_chart(
        labels,
        {_("Daring"): [m["online"] for m in months], _("Datang langsung"): [m["walk_in"] for m in months]},
        title=_("Permohonan per bulan menurut kanal"),
    )
    share = charts.line_chart(
        labels, {_("Porsi daring (%)"): [m["online_share"] for m in months]},
        title=_("Porsi permohonan daring per bulan"), unit="%",
    )
    served = data["served"]
    queue = charts.line_chart(
        [r["date"].strftime("%d/%m") for r in served],
        {_("Dilayani"): [r["served"] for r in served], _("Tidak hadir"): [r["no_shows"] for r in served]},
        title=_("Tiket dilayani dan tidak hadir per hari"),
    ) if served else None
    return {"pipeline": pipeline, "submissions": submissions, "share": share, "queue": queue}


@staff_required(*VIEWERS)
def home(request: HttpRequest) -> HttpResponse:
    f = parse(request.GET)
    data = metrics.dashboard(f)
    context = {
        "f": f, "data": data, "charts": _charts(data, f), "query": f.query(), **_choices(),
        "today": timezone.localdate(),
        "last_month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
    }
    return render(request, "dashboards/home.html", context)


@staff_required(*VIEWERS)
def drill(request: HttpRequest) -> HttpResponse:
    f = parse(request.GET)
    query = request.GET.get("q", "").strip()
    metric = request.GET.get("metrik", "")
    result = drilldown.search(query) if query else drilldown.records(metric, f)
    audit.record(
        "dashboard.drilldown", actor=request.user, request=request,
        subject_nik=query if drilldown.NIK_RE.match(query) else "",
        data={"metric": metric, "q": query, "filters": f.query()},
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(exports.drilldown_xlsx(result), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="sipon-daftar.xlsx"'
        return response
    # A search matches one NIK or one application number: a handful of rows, read at once (no separate COUNT).
    rows = list(result.queryset) if query else result.queryset
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "dashboards/drill.html", {
        "f": f, "result": result, "page": page, "metric": metric, "q": query,
        "base_query": f.query(metrik=metric, q=query), **_choices(),
    })


@staff_required(*VIEWERS)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    f = parse(request.GET)
    data = metrics.dashboard(f)
    audit.record("dashboard.export", actor=request.user, request=request, data={"format": fmt, "filters": f.query()})
    if fmt == "xlsx":
        response = HttpResponse(exports.dashboard_xlsx(data, f), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="sipon-dasbor-{f.start}-{f.end}.xlsx"'
        return response
    response = HttpResponse(exports.dashboard_pdf(data, f), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sipon-dasbor-{f.start}-{f.end}.pdf"'
    return response


@staff_required(*VIEWERS)
def monthly_report(request: HttpRequest) -> HttpResponse:
    f = parse(request.GET)
    raw = request.GET.get("bulan", "")
    previous = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    try:
        month = dt.date.fromisoformat(raw + "-01") if raw else previous
    except ValueError:
        data = metrics.dashboard(f)
        context = {"f": f, "data": data, "charts": _charts(data, f), "query": f.query(), **_choices(),
                   "today": timezone.localdate(), "last_month": raw,
                   "month_error": _("Bulan tidak valid; pilih bulan dengan format TTTT-BB, misalnya 2026-10.")}
        return render(request, "dashboards/home.html", context, status=400)
    audit.record("dashboard.monthly_report", actor=request.user, request=request, data={"month": month.isoformat()})
    response = HttpResponse(exports.monthly_report_pdf(month, f), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sipon-laporan-{month:%Y-%m}.pdf"'
    return response
