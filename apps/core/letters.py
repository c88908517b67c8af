"""The office's A4 letters as PDF (ReportLab): a heading with the office's name, label-value rows, wrapped text and a
QR code in the bottom right corner. The application receipt and the Suket are such letters; a pure function of its
inputs, so each caller says what its letter holds and nothing about drawing it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Letter:
    office: str
    title: str
    rows: Sequence[tuple[str, str]]
    lines: Sequence[str]
    qr_url: str
    document_title: str
    subtitle: str = ""
    # Printed small under the text (e.g. the address the QR code opens, for a reader without a camera).
    footnote: str = ""


def wrap(line: str, width: int) -> list[str]:
    words, lines, current = line.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return lines


def a4_letter(letter: Letter) -> bytes:
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    qr = io.BytesIO()
    segno.make(letter.qr_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(letter.document_title)
    width, height = A4
    y = height - 25 * mm
    page.setFont("Helvetica-Bold", 11)
    page.drawCentredString(width / 2, y, letter.office.upper()[:90])
    y -= 12 * mm
    page.setFont("Helvetica-Bold", 14)
    page.drawCentredString(width / 2, y, letter.title)
    if letter.subtitle:
        y -= 6 * mm
        page.setFont("Helvetica", 10)
        page.drawCentredString(width / 2, y, letter.subtitle)
    y -= 14 * mm
    page.setFont("Helvetica", 10)
    for label, value in letter.rows:
        page.drawString(25 * mm, y, str(label))
        page.drawString(70 * mm, y, f": {value}"[:80])
        y -= 7 * mm
    y -= 4 * mm
    text = page.beginText(25 * mm, y)
    text.setFont("Helvetica", 10)
    for line in letter.lines:
        for chunk in wrap(str(line), 95):
            text.textLine(chunk)
    page.drawText(text)
    page.drawImage(ImageReader(qr), width - 65 * mm, 25 * mm, 40 * mm, 40 * mm)
    if letter.footnote:
        page.setFont("Helvetica", 8)
        page.drawString(25 * mm, 25 * mm, letter.footnote[:100])
    page.showPage()
    page.save()
    return out.getvalue()
