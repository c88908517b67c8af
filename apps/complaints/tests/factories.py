"""Deterministic factories for complaint tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.complaints import services
from apps.complaints.models import Complaint
from apps.complaints.workflow import Category, Kind

TZ = timezone.get_fixed_timezone(7 * 60)

# A Monday with no holiday around it, for deadline arithmetic.
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def make_complaint(filer: Any = None, now: dt.datetime | None = None, **kwargs: Any) -> Complaint:
    values: dict[str, Any] = {
        "kind": Kind.COMPLAINT,
        "category": Category.SERVICE_TIME,
        "subject": "KTP-el belum jadi",
        "description": "Sudah 30 hari KTP-el saya belum dicetak.",
        "filer": filer,
    }
    if filer is None:
        values.update(name="Siti Aminah", phone="081234567890")
    values.update(kwargs)
    return services.file_complaint(now=now, **values)


def png_bytes(size: tuple[int, int] = (20, 20)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(script: bool = False) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript("app.alert('x');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A valid complaint as the page's form posts it (signed in: no contact needed) and as the API takes it.
COMPLAINT_FORM = {
    "kind": "complaint",
    "category": "service_time",
    "subject": "KTP belum jadi",
    "description": "Sudah sebulan KTP-el saya belum jadi.",
    "reference": "",
}
API_BODY = {
    "kind": "information",
    "category": "blank_stock",
    "subject": "Stok blangko",
    "description": "Apakah blangko KTP-el tersedia minggu ini?",
}
