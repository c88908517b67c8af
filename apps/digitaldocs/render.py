"""The document as an A4 PDF (ReportLab): embedded TrueType fonts, an sRGB output intent (PDF/A), a QR code
to the public verification page. Pure function of its inputs, so the bench can time it apart from signing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from PIL import ImageCms
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path(__file__).resolve().parent / "fonts")


@dataclass(frozen=True)
class DocumentContent:
    title: str
    number: str
    issued_on: dt.date
    rows: tuple[tuple[str, str], ...]
    verify_url: str
    signer_line: str
    local_mark: str = ""


@cache
def _fonts() -> tuple[str, str]:
    for directory in FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("SiponSans", str(regular)))
            pdfmetrics.registerFont(TTFont("SiponSans-Bold", str(bold)))
            return "SiponSans", "SiponSans-Bold"
    raise RuntimeError("No TrueType font found to embed (PDF/A needs embedded fonts): install fonts-dejavu-core.")


@cache
def srgb_profile() -> bytes:
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def _qr(pdf: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    qr = segno.make(url, error="m", micro=False)
    matrix = list(qr.matrix)
    count = len(matrix) + 8  # quiet zone of four modules each side
    module = size / count
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(x + (col_index + 4) * module, y + size - (row_index + 5) * module, module, module,
                         stroke=0, fill=1)


def render(content: DocumentContent) -> bytes:
    regular, bold = _fonts()
    buffer = BytesIO()
    # The initial font is an embedded one too (ReportLab's default Helvetica would be a non-embedded font).
    pdf = canvas.Canvas(  # types-reportlab types initialFontName as a float; ReportLab takes a font name
        buffer, pagesize=A4, invariant=True, pageCompression=1, initialFontName=regular,  # type: ignore[arg-type]
    )
    pdf.setTitle(f"{content.title} {content.number}")
    pdf.setAuthor("Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klaten")
    pdf.setSubject(content.title)
    width, height = A4
    pdf.setFont(bold, 11)
    pdf.drawCentredString(width / 2, height - 25 * mm, "PEMERINTAH KABUPATEN KLATEN")
    pdf.drawCentredString(width / 2, height - 31 * mm, "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL")
    pdf.setLineWidth(0.8)
    pdf.line(20 * mm, height - 35 * mm, width - 20 * mm, height - 35 * mm)
    pdf.setFont(bold, 16)
    pdf.drawCentredString(width / 2, height - 50 * mm, content.title.upper())
    pdf.setFont(regular, 11)
    pdf.drawCentredString(width / 2, height - 57 * mm, f"Nomor: {content.number}")
    y = height - 75 * mm
    for label, value in content.rows:
        pdf.setFont(regular, 11)
        pdf.drawString(25 * mm, y, label)
        pdf.drawString(75 * mm, y, f": {value}")
        y -= 8 * mm
    pdf.drawString(120 * mm, 80 * mm, f"Klaten, {content.issued_on:%d-%m-%Y}")
    pdf.setFont(regular, 8)
    text = pdf.beginText(25 * mm, 62 * mm)
    text.textLines(
        "Dokumen ini ditandatangani secara elektronik. Pindai kode QR atau buka alamat di bawah\n"
        "untuk memeriksa keasliannya. Dokumen ini boleh dicetak sendiri di kertas HVS A4.\n"
        f"{content.verify_url}\n{content.signer_line}"
    )
    pdf.drawText(text)
    if content.local_mark:
        pdf.setFont(bold, 9)
        pdf.setFillColorRGB(0.7, 0, 0)
        pdf.drawString(25 * mm, 22 * mm, content.local_mark)  # below the QR code
        pdf.setFillColorRGB(0, 0, 0)
    _qr(pdf, content.verify_url, 150 * mm, 30 * mm, 35 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
