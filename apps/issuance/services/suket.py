"""Suket: the temporary certificate when no card can be printed."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import Application
from apps.applications.services import lock
from apps.applications.workflow import Status
from apps.core import audit
from apps.core.letters import Letter, a4_letter
from apps.issuance.models import (
    BlankStock,
    Suket,
)
from apps.issuance.services.common import SuketRefused
from apps.issuance.services.ledger import _stock
from apps.locations.models import Location


# --- Suket ----------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _suket_number() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"SKT-{timezone.localdate():%Y%m}-" + "".join(secrets.choice(alphabet) for _ in range(6))


@transaction.atomic
def issue_suket(
    application: Application,
    *,
    actor: Any,
    location: Location,
    request: HttpRequest | None = None,
    renewed_from: Suket | None = None,
) -> Suket:
    """Issue a temporary certificate: only for a print-ready record, only when the location has no blank."""
    locked = lock(application.pk)
    if locked.status != Status.PRINT_READY:
        raise SuketRefused(_("Suket hanya untuk rekaman yang sudah siap cetak (Print Ready Record)."))
    _stock(location)
    stock = BlankStock.objects.select_for_update().get(location=location)
    if stock.balance > 0:
        raise SuketRefused(
            _("Suket tidak boleh diterbitkan: masih ada %(count)s blangko di %(location)s. Cetak KTP-el.")
            % {"count": stock.balance, "location": location.name}
        )
    if renewed_from is None and Suket.objects.filter(application=locked, state=Suket.State.VALID).exists():
        raise SuketRefused(_("Sudah ada Suket yang berlaku. Gunakan perpanjangan bila masa berlakunya habis."))
    if renewed_from is not None:
        Suket.objects.filter(pk=renewed_from.pk).update(
            state=Suket.State.SUPERSEDED, superseded_reason="renewed", superseded_at=timezone.now()
        )
    today = timezone.localdate()
    suket = Suket.objects.create(
        application=locked,
        number=_suket_number(),
        code=secrets.token_urlsafe(16)[:22],
        location=location,
        valid_until=_add_months(today, settings.ISSUANCE_SUKET_VALID_MONTHS),
        issued_by=actor,
        renewed_from=renewed_from,
    )
    audit.record(
        "suket.renewed" if renewed_from else "suket.issued",
        actor=actor,
        obj=suket,
        request=request,
        subject_nik=locked.nik,
    )
    return suket


def renew_suket(suket: Suket, *, actor: Any, location: Location, request: HttpRequest | None = None) -> Suket:
    if suket.state != Suket.State.VALID:
        raise SuketRefused(_("Suket ini sudah digantikan dan tidak dapat diperpanjang."))
    return issue_suket(suket.application, actor=actor, location=location, request=request, renewed_from=suket)


def suket_status(suket: Suket, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if suket.state == Suket.State.SUPERSEDED:
        return "superseded"
    return "expired" if suket.valid_until < today else "valid"


def initials(name: str) -> str:
    return " ".join(f"{part[0]}." for part in name.split() if part)


def suket_pdf(suket: Suket) -> bytes:
    """The certificate as an A4 letter with a QR code to the public verification page."""
    from django.urls import reverse

    application = suket.application
    url = settings.SITE_URL + reverse("issuance:suket_verify", args=[suket.code])
    rows = [
        (_("NIK"), application.nik),
        (_("Nama"), application.full_name),
        (_("Tempat/tgl. lahir"), f"{application.birth_place}, {application.birth_date or '-'}"),
        (_("Alamat"), f"{application.address} RT {application.rt or '-'} RW {application.rw or '-'}"),
        (_("Nomor permohonan"), application.number),
        (_("Diterbitkan"), f"{timezone.localtime(suket.issued_at):%d-%m-%Y}"),
        (_("Berlaku sampai"), f"{suket.valid_until:%d-%m-%Y}"),
    ]
    lines = (
        _("Yang bersangkutan telah melakukan perekaman KTP-el dan datanya sudah siap cetak."),
        _("Surat ini berlaku sebagai pengganti KTP-el sampai kartu dicetak, paling lama 6 bulan."),
        _("Keaslian surat dapat diperiksa dengan memindai kode QR."),
    )
    return a4_letter(Letter(
        office=settings.SIPON_OFFICE_NAME, title=_("SURAT KETERANGAN PENGGANTI KTP-EL"),
        subtitle=_("Nomor: %(number)s") % {"number": suket.number}, rows=[(str(k), str(v)) for k, v in rows],
        lines=[str(line) for line in lines], qr_url=url, document_title=f"Suket {suket.number}", footnote=url,
    ))
