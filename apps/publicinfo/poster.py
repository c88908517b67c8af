"""The A4 poster of one service standard, for the office wall (ReportLab, large type)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.applications.models import ServiceType
from apps.publicinfo.models import ServiceStandard


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=20, leading=24, spaceAfter=2),
        "sub": ParagraphStyle("s", parent=base["Normal"], fontSize=11, alignment=1,
                              textColor=colors.HexColor("#505a5f")),
        "head": ParagraphStyle("h", parent=base["Heading2"], fontSize=13, leading=16, spaceBefore=6, spaceAfter=2,
                               textColor=colors.HexColor("#1d70b8")),
        "body": ParagraphStyle("b", parent=base["Normal"], fontSize=10.5, leading=13.5),
    }


def _lines(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(escape(line), style) for line in ServiceStandard.steps(text)]


def _numbered(lines: list[str], style: ParagraphStyle) -> ListFlowable:
    items: list[Flowable] = [Paragraph(escape(line), style) for line in lines]
    return ListFlowable(items, bulletType="1",
                        leftIndent=14, bulletFontSize=10)


def render(service: ServiceType, standard: ServiceStandard) -> bytes:
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=f"{_('Standar pelayanan')}: {service.name}")
    office = settings.SIPON_OFFICE_NAME
    story: list[Flowable] = [
        Paragraph(escape(_("STANDAR PELAYANAN")), st["title"]),
        Paragraph(escape(f"{service.name} · {office}"), st["sub"]),
        Spacer(1, 4 * mm),
    ]
    requirements = [doc_.name + ("" if doc_.mandatory else f" ({_('opsional')})")
                    for doc_ in service.required_documents.all()]
    left: list[Flowable] = [Paragraph(escape(_("Persyaratan")), st["head"]), _numbered(requirements, st["body"]),
                          Paragraph(escape(_("Prosedur daring (Sipon)")), st["head"]),
                          _numbered(standard.online_steps, st["body"]),
                          Paragraph(escape(_("Prosedur datang langsung")), st["head"]),
                          _numbered(standard.walk_in_steps, st["body"])]
    days = _("%(days)s hari kerja") % {"days": service.service_level_days}
    right: list[Flowable] = [Paragraph(escape(_("Jangka waktu")), st["head"]), Paragraph(escape(days), st["body"]),
                           *_lines(standard.time_note, st["body"]),
                           Paragraph(escape(_("Biaya")), st["head"]), *_lines(standard.cost, st["body"]),
                           Paragraph(escape(_("Produk layanan")), st["head"]), *_lines(standard.product, st["body"]),
                           Paragraph(escape(_("Pengaduan, saran dan masukan")), st["head"]),
                           *_lines(standard.complaint_handling, st["body"])]
    table = Table([[left, right]], colWidths=[doc.width * 0.55, doc.width * 0.45])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(_("Dasar hukum: %(basis)s") % {"basis": " ".join(ServiceStandard.steps(
        standard.legal_basis))}), st["body"]))
    doc.build(story)
    return buffer.getvalue()
