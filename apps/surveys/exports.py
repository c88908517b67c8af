"""The IKM report as XLSX (openpyxl) and PDF (ReportLab), laid out like the tables of
PermenPAN-RB 14/2017: the element scores (NRR per unsur, NRR tertimbang), the IKM value, the
conversion and the grade, then the respondent profile."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from apps.surveys.ikm import GRADES
from apps.surveys.services import Report


def _title(report: Report) -> list[str]:
    scope = [
        report.service_type.name if report.service_type else _("Semua layanan"),
        report.location.name if report.location else _("Semua lokasi"),
    ]
    return [
        _("INDEKS KEPUASAN MASYARAKAT (IKM)"),
        str(getattr(settings, "SIPON_OFFICE_NAME", "")),
        f"{report.period.label} · {' · '.join(scope)}",
    ]


def _element_rows(report: Report) -> list[list[Any]]:
    return [
        [
            f"U{s.element.number}",
            str(s.element.name),
            s.total,
            float(round(s.nrr, 3)),
            float(round(s.weighted, 3)),
            float(s.converted),
            s.grade.letter,
        ]
        for s in report.elements
    ]


def _summary_rows(report: Report) -> list[list[Any]]:
    weighted_total = sum((s.weighted for s in report.elements), Decimal(0))
    return [
        [_("Jumlah NRR tertimbang"), float(round(weighted_total, 3)) if report.elements else "-"],
        [_("Jumlah responden"), report.respondents],
        [_("Jumlah yang dilayani (populasi)"), report.served],
        [_("Sampel minimal (Krejcie-Morgan)"), report.target],
        [_("Nilai IKM (bobot 1/9, dibulatkan 2 desimal)"), float(report.value) if report.value is not None else "-"],
        [_("Mutu pelayanan"), f"{report.grade.letter} ({report.grade.label})" if report.grade else "-"],
        [_("Unsur terlemah"), ", ".join(f"U{s.element.number}" for s in report.weakest) or "-"],
    ]


HEADER = ["No", "Unsur pelayanan", "Jumlah nilai", "NRR per unsur", "NRR tertimbang (x 1/9)", "Konversi (x 25)", "Mutu"]


def report_xlsx(report: Report) -> bytes:
    from openpyxl.styles import Font

    from apps.core import spreadsheets

    book, sheet = spreadsheets.new_workbook("IKM")
    for line in _title(report):
        spreadsheets.append(sheet, [line])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in _element_rows(report):
        spreadsheets.append(sheet, row)
    spreadsheets.append(sheet, [])
    for row in _summary_rows(report):
        spreadsheets.append(sheet, row)
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, [_("Nilai interval konversi"), _("Mutu"), _("Kinerja unit pelayanan")])
    upper = ["100.00", "88.30", "76.60", "64.99"]
    for grade, top in zip(GRADES, upper, strict=True):
        spreadsheets.append(sheet, [f"{grade.lower} - {top}", grade.letter, str(grade.label)])
    profile = book.create_sheet("Profil responden")
    for name, rows in report.profile.items():
        spreadsheets.append(profile, [name])
        for label, count in rows:
            spreadsheets.append(profile, [label, count])
        spreadsheets.append(profile, [])
    sheet.column_dimensions["B"].width = 42
    return spreadsheets.workbook_bytes(book)


def report_pdf(report: Report, chart_points: list[tuple[str, Any]] | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title="IKM", leftMargin=36, rightMargin=36)
    story: list[Any] = [
        Paragraph(line, styles["Title"] if i == 0 else styles["Heading3"]) for i, line in enumerate(_title(report))
    ]
    story.append(Spacer(1, 8))
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story.append(
        Table(
            [HEADER, *[[str(c) for c in row] for row in _element_rows(report)]],
            style=grid,
            repeatRows=1,
            colWidths=[24, 170, 50, 55, 75, 55, 35],
        )
    )
    story.append(Spacer(1, 10))
    story.append(Table([[str(a), str(b)] for a, b in _summary_rows(report)], style=grid, colWidths=[250, 220]))
    story.append(Spacer(1, 10))
    upper = ["100.00", "88.30", "76.60", "64.99"]
    story.append(
        Table(
            [
                ["Nilai interval konversi", "Mutu", "Kinerja"],
                *[[f"{g.lower} - {top}", g.letter, str(g.label)] for g, top in zip(GRADES, upper, strict=True)],
            ],
            style=grid,
        )
    )
    if chart_points:
        story.append(Spacer(1, 10))
        story.append(
            Table(
                [["Periode", "IKM"], *[[label, str(v) if v is not None else "-"] for label, v in chart_points]],
                style=grid,
            )
        )
    doc.build(story)
    return out.getvalue()
