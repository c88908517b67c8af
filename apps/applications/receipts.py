"""The receipt (tanda terima) of a file filed at the counter: number, service, what happens next, the date to
come back, a QR code and short link to the public status check, and that the service is free
(UU 24/2013 Pasal 79A). Printed on an 80 mm thermal printer (HTML), on A4 (PDF), and sent by SMS/e-mail
when the applicant gave a contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.models import Application, ServiceType
from apps.applications.workflow import RESIDENT_TEXT, Status
from apps.core.letters import Letter, a4_letter
from apps.notifications.services import notify

FREE_LINE = gettext_lazy("Layanan ini gratis, tidak dipungut biaya (UU 24/2013 Pasal 79A). Jangan membayar siapa pun.")


def short_link(number: str) -> str:
    return f"{settings.SITE_URL}{reverse('short_check', args=[number])}"


def next_step(application: Application) -> str:
    """What the applicant does now, in one sentence."""
    texts: dict[str, str] = {
        Status.SUBMITTED: _("Berkas Anda menunggu diperiksa petugas. Kabar kami kirim bila ada yang perlu diperbaiki."),
        Status.AWAITING_BIOMETRICS: _("Tunggu nomor antrean Anda dipanggil ke loket perekaman (foto, sidik jari, "
                                      "iris mata, tanda tangan)."),
        Status.SENT_TO_CENTRAL: _("Data Anda dikirim ke pusat. KTP-el dicetak setelah pusat menyetujui."),
        Status.PRINT_READY: _("Data Anda disetujui pusat dan menunggu dicetak."),
    }
    if application.service_type.product_kind == ServiceType.ProductKind.DIGITAL:
        texts[Status.SENT_TO_CENTRAL] = _("Data Anda dikirim ke pusat untuk dicatat. Dokumen terbit setelah pusat "
                                          "mencatatnya; salinannya kami kirim ke e-mail Anda.")
    return str(texts.get(application.status, RESIDENT_TEXT.get(application.status, "")))


def collect_text(application: Application, today: dt.date | None = None) -> str:
    """The date to come back, or that the card may be ready today."""
    today = today or timezone.localdate()
    day = application.estimated_completion_date
    if day is None:
        return ""
    when = formats.date_format(day, "l, j F Y")
    if application.service_type.product_kind == ServiceType.ProductKind.DIGITAL:
        return _("Perkiraan dokumen terbit: %(date)s. Cek statusnya lewat tautan di bawah.") % {"date": when}
    if day <= today:
        return _("KTP-el dapat selesai hari ini. Tanyakan di loket pengambilan sebelum pulang.")
    return _("KTP-el belum dapat dicetak hari ini. Datang mengambil KTP-el mulai %(date)s; "
             "cek dulu statusnya lewat tautan di bawah.") % {"date": when}


def qr_svg(number: str) -> str:
    return segno.make(short_link(number), error="m").svg_inline(scale=3, dark="#000", omitsize=True)


def context(application: Application) -> dict[str, Any]:
    return {
        "application": application,
        "office_name": settings.SIPON_OFFICE_NAME,
        "next_step": next_step(application),
        "collect_text": collect_text(application),
        "short_link": short_link(application.number),
        "check_url": f"{settings.SITE_URL}{reverse('applications:check')}",
        "free_line": str(FREE_LINE),
        "ticket": application.tickets.order_by("queued_at").first(),
    }


def pdf(application: Application) -> bytes:
    """The A4 receipt, with the QR code to the status check."""
    data = context(application)
    submitted = timezone.localtime(application.submitted_at) if application.submitted_at else None
    rows = [
        (_("Nomor permohonan"), application.number),
        (_("Layanan"), application.service_type.name),
        (_("Nama"), application.full_name),
        (_("NIK"), f"{application.nik[:6]}******{application.nik[12:]}"),
        (_("Diterima"), f"{submitted:%d-%m-%Y %H:%M}" if submitted else "-"),
        (_("Status"), application.get_status_display()),
        (_("Perkiraan selesai"), formats.date_format(application.estimated_completion_date, "l, j F Y")
         if application.estimated_completion_date else "-"),
    ]
    lines = (data["next_step"], data["collect_text"], _("Cek status: %(link)s") % {"link": data["short_link"]},
             _("(nomor permohonan dan tanggal lahir pemohon)"), "", data["free_line"])
    return a4_letter(Letter(
        office=settings.SIPON_OFFICE_NAME, title=_("TANDA TERIMA PERMOHONAN"), rows=[(str(k), str(v)) for k, v in rows],
        lines=[str(line) for line in lines], qr_url=data["short_link"],
        document_title=f"Tanda terima {application.number}",
    ))


def receipt_message(application: Application) -> dict[str, Any] | None:
    """The receipt as a message for the contact given at the counter (None without one). Built from the file in
    hand, so sending it after commit reads nothing again."""
    data = application.form_data or {}
    phone, email = data.get("contact_phone", ""), data.get("contact_email", "")
    if not (phone or email):
        return None
    number = application.number
    body = " ".join(part for part in (
        _("Tanda terima %(number)s (%(service)s).") % {"number": number, "service": application.service_type.name},
        next_step(application), collect_text(application),
        _("Cek status: %(link)s") % {"link": short_link(number)}, str(FREE_LINE),
    ) if part)
    return {"event": "application.receipt", "phone": phone, "email": email, "recipient": None,
            "subject": _("Tanda terima permohonan %(number)s") % {"number": number}, "body": body,
            "url": short_link(number)}


def send_receipt(message: dict[str, Any]) -> int:
    """Send a receipt built by :func:`receipt_message` by SMS and e-mail (call after commit)."""
    return len(notify(**message))
