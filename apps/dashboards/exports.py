"""XLSX (openpyxl) and PDF (ReportLab) exports of the dashboard, its drill-down lists, and the
monthly report for the evaluation meeting."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core import spreadsheets
from apps.dashboards.drilldown import DrillDown
from apps.dashboards.filters import Filters

MAX_EXPORT_ROWS = 50_000


def summary_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    p, sl, c = data["period"], data["service_level"], data["central"]
    rows: list[tuple[str, Any]] = [
        (_("Permohonan diajukan"), p["submitted"]),
        (_("Daring"), p["online"]),
        (_("Datang langsung"), p["walk_in"]),
        (_("Porsi daring (%)"), p["online_share"]),
        (_("Selesai (dicetak)"), p["completed"]),
        (_("Selesai tepat waktu (%)"), p["in_time_share"]),
        (_("Berkas melewati standar waktu"), sl["overdue"]),
        (_("Berkas jatuh tempo 2 hari kerja"), sl["due_soon"]),
        (_("Berkas menunggu pusat"), c["count"]),
    ]
    if data.get("complaints"):
        rows += [(_("Pengaduan terbuka"), data["complaints"]["open"]),
                 (_("Pengaduan melewati batas"), data["complaints"]["overdue"])]
    if data.get("blanks"):
        rows.append((_("Stok blangko"), data["blanks"]["total"]))
        forecast = data["blanks"].get("forecast") or {}
        rows.append((_("Stok cukup untuk (hari)"), forecast.get("days_covered")))
    ikm = data.get("ikm")
    if ikm is not None:
        rows.append((_("IKM %(period)s") % {"period": ikm.label}, float(ikm.value) if ikm.value is not None else None))
    return rows


def _filter_line(f: Filters) -> str:
    return _("Periode %(start)s s.d. %(end)s") % {"start": f.start.isoformat(), "end": f.end.isoformat()}


def dashboard_xlsx(data: dict[str, Any], f: Filters) -> bytes:
    wb, ws = spreadsheets.new_workbook(_("Ringkasan"))
    _rows(ws, [[settings.SIPON_OFFICE_NAME], [_filter_line(f)], [], [_("Ukuran"), _("Nilai")]])
    ws["A4"].font = ws["B4"].font = Font(bold=True)
    _rows(ws, [[label, value] for label, value in summary_rows(data)])
    ws.column_dimensions["A"].width = 40
    _rows(wb.create_sheet(_("Per status")),
          [[_("Status"), _("Jumlah")], *[[row["label"], row["count"]] for row in data["pipeline"]]])
    _rows(wb.create_sheet(_("Per bulan")), [
        [_("Bulan"), _("Daring"), _("Datang langsung"), _("Jumlah"), _("Porsi daring (%)")],
        *[[row["month"].strftime("%Y-%m"), row["online"], row["walk_in"], row["total"], row["online_share"]]
          for row in data["monthly"]],
    ])
    _rows(wb.create_sheet(_("Antrean hari ini")), [
        [_("Lokasi"), _("Menunggu"), _("Dilayani"), _("Tidak hadir"), _("Rata-rata tunggu (menit)"), _("Loket buka")],
        *[[row["location"].name, row["waiting"], row["served"], row["no_shows"], row["avg_wait_minutes"],
           row["open_counters"]] for row in data.get("queue", [])],
    ])
    return spreadsheets.workbook_bytes(wb)


def _rows(sheet: Worksheet, rows: list[list[Any]]) -> None:
    for row in rows:
        spreadsheets.append(sheet, row)


def drilldown_xlsx(drill: DrillDown) -> bytes:
    wb, ws = spreadsheets.new_workbook(_("Data"))
    header, rows = drill_rows(drill, MAX_EXPORT_ROWS)
    _rows(ws, [[drill.title], header, *rows])
    return spreadsheets.workbook_bytes(wb)


def drill_rows(drill: DrillDown, limit: int) -> tuple[list[str], list[list[Any]]]:
    out: list[list[Any]] = []
    if drill.kind == "application":
        header = [_("Nomor"), _("NIK"), _("Nama"), _("Layanan"), _("Kanal"), _("Status"), _("Diajukan"),
                  _("Batas waktu"), _("Lokasi"), _("Kecamatan"), _("Desa")]
        for a in drill.queryset[:limit]:
            out.append([a.number, a.nik, a.full_name, a.service_type.name, a.get_channel_display(),
                        a.get_status_display(), _local(a.submitted_at), a.due_date,
                        a.location.name if a.location else "", a.district.name if a.district else "",
                        a.village.name if a.village else ""])
    elif drill.kind == "ticket":
        header = [_("Tiket"), _("Lokasi"), _("Layanan"), _("Status"), _("Masuk antrean"), _("Dipanggil")]
        for t in drill.queryset[:limit]:
            out.append([t.label, t.location.name, t.service.name, t.get_status_display(), _local(t.queued_at),
                        _local(t.called_at)])
    else:
        header = [_("Kode"), _("Judul"), _("Status"), _("Diterima"), _("Batas waktu")]
        for c in drill.queryset[:limit]:
            out.append([c.code, c.subject, c.get_status_display(), c.received_on, c.due_date])
    return header, out


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- PDF ----------------------------------------------------------------------------------------
def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    table = Table([[("" if v is None else str(v)) for v in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]))
    return table


def _bar(values: list[tuple[str, float]], title: str) -> Drawing:
    drawing = Drawing(16 * cm, 6 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 40, int(14 * cm), int(4 * cm)
    chart.data = [[float(v) for _label, v in values] or [0.0]]
    chart.categoryAxis.categoryNames = [label for label, _v in values] or [""]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#1d70b8")
    drawing.add(chart)
    return drawing


def dashboard_pdf(data: dict[str, Any], f: Filters, *, title: str | None = None) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title or _("Dasbor layanan KTP-el"),
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    story: list[Any] = [
        Paragraph(settings.SIPON_OFFICE_NAME, styles["Normal"]),
        Paragraph(title or _("Dasbor layanan KTP-el"), styles["Title"]),
        Paragraph(_filter_line(f), styles["Normal"]),
        Spacer(1, 0.4 * cm),
    ]
    if data.get("decisions"):
        story.append(Paragraph(_("Perlu keputusan hari ini"), styles["Heading2"]))
        for item in data["decisions"]:
            story.append(Paragraph(f"<b>{item['value']}</b> {item['text']}", styles["Normal"]))
    story.append(Paragraph(_("Ringkasan"), styles["Heading2"]))
    story.append(_table([[_("Ukuran"), _("Nilai")], *[[label, value] for label, value in summary_rows(data)]],
                        [11 * cm, 5 * cm]))
    story.append(Paragraph(_("Berkas per status"), styles["Heading2"]))
    story.append(_bar([(r["label"], r["count"]) for r in data["pipeline"]], _("Berkas per status")))
    story.append(_table([[_("Status"), _("Jumlah")], *[[r["label"], r["count"]] for r in data["pipeline"]]],
                        [11 * cm, 5 * cm]))
    if data["monthly"]:
        story.append(Paragraph(_("Permohonan per bulan"), styles["Heading2"]))
        story.append(_table(
            [[_("Bulan"), _("Daring"), _("Datang langsung"), _("Porsi daring (%)")],
             *[[r["month"].strftime("%Y-%m"), r["online"], r["walk_in"], r["online_share"]]
               for r in data["monthly"][-12:]]],
        ))
    if data.get("queue"):
        story.append(Paragraph(_("Antrean hari ini"), styles["Heading2"]))
        story.append(_table(
            [[_("Lokasi"), _("Menunggu"), _("Dilayani"), _("Tidak hadir"), _("Tunggu (menit)"), _("Loket buka")],
             *[[r["location"].name[:30], r["waiting"], r["served"], r["no_shows"], r["avg_wait_minutes"],
                r["open_counters"]] for r in data["queue"]]],
        ))
    doc.build(story)
    return buffer.getvalue()


def month_filters(month: dt.date, base: Filters) -> Filters:
    last = calendar.monthrange(month.year, month.month)[1]
    return Filters(month.replace(day=1), month.replace(day=last), base.location_id, base.service_id, base.district)


def monthly_report_pdf(month: dt.date, base: Filters) -> bytes:
    """The evaluation meeting's report: the month's figures, per kecamatan, and per month trend."""
    from apps.dashboards import metrics

    f = month_filters(month, base)
    data = metrics.dashboard(f)
    data["queue"] = []  # "today" is not part of a monthly report
    per_district = metrics.per_district(f)
    served = data["served"]
    title = _("Laporan bulanan %(month)s") % {"month": month.strftime("%m/%Y")}
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    story: list[Any] = [
        Paragraph(settings.SIPON_OFFICE_NAME, styles["Normal"]),
        Paragraph(title, styles["Title"]),
        Paragraph(_filter_line(f), styles["Normal"]),
        Paragraph(_("Ringkasan"), styles["Heading2"]),
        _table([[_("Ukuran"), _("Nilai")], *[[label, value] for label, value in summary_rows(data)],
                [_("Tiket dilayani"), sum(r["served"] for r in served)],
                [_("Tidak hadir"), sum(r["no_shows"] for r in served)]], [11 * cm, 5 * cm]),
        Paragraph(_("Per kecamatan"), styles["Heading2"]),
        _table([[_("Kecamatan"), _("Diajukan"), _("Daring"), _("Porsi daring (%)")],
                *[[r["name"], r["submitted"], r["online"], r["online_share"]] for r in per_district]],
               [7 * cm, 3 * cm, 3 * cm, 3 * cm]),
        Paragraph(_("Tren 12 bulan"), styles["Heading2"]),
        _bar([(r["month"].strftime("%m/%y"), r["total"]) for r in data["monthly"][-12:]], _("Tren")),
    ]
    doc.build(story)
    return buffer.getvalue()
