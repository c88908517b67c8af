"""Writes of the issuance app: biometric recording, the blank-card ledger, printing, Suket and pickup.

The balance of a location changes only through :func:`_move_balance`: one conditional
``UPDATE ... SET balance = balance + delta WHERE balance + delta >= 0`` whose row count says
whether it happened, in the same transaction as the ledger row. A serial is used at most once
(unique constraint on :class:`CardPrint.serial`). Both hold with several operators at once,
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import ResidentProfile
from apps.applications.models import Application
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.central import health
from apps.central.gateway import TransientError, get_gateway
from apps.central.models import LinkHealth
from apps.central.services import send_for_enrolment
from apps.core import audit, events
from apps.issuance.events import StockChanged
from apps.issuance.models import (
    BiometricCapture,
    BlankBatch,
    BlankStock,
    CardPrint,
    Handover,
    PickupReady,
    StockMovement,
    StockSnapshot,
    Suket,
)
from apps.locations.models import Location
from apps.notifications.services import in_language, notify


class IssuanceError(Exception):
    """A refused issuance action; the message is for the person at the desk (Indonesian)."""


class StockExhausted(IssuanceError):
    pass


class SerialAlreadyUsed(IssuanceError):
    pass


class SuketRefused(IssuanceError):
    pass


def main_office() -> Location | None:
    return Location.objects.filter(kind=Location.Kind.MAIN_OFFICE, is_active=True).order_by("order", "id").first()


def location_for(user: Any, application: Application | None = None) -> Location | None:
    """Where a staff member works: their own location, else the application's, else the main office."""
    location = getattr(user, "location", None)
    if location is None and application is not None and application.location_id:
        location = application.location
    return location or main_office()


# --- biometrics ---------------------------------------------------------------------------
@transaction.atomic
def record_biometrics(
    application: Application,
    *,
    operator: Any,
    device_id: str,
    photo: bool,
    fingerprints: bool,
    iris: bool,
    signature: bool,
    location: Location | None = None,
    request: HttpRequest | None = None,
) -> BiometricCapture:
    """Record that the four biometrics were captured, then send the record to central (outbox)."""
    locked = lock(application.pk)
    if locked.status != Status.AWAITING_BIOMETRICS:
        raise IssuanceError(_("Permohonan ini tidak sedang menunggu perekaman biometrik."))
    if not (photo and fingerprints and iris and signature):
        raise IssuanceError(_("Foto, sidik jari, iris mata dan tanda tangan harus semuanya terekam."))
    if not device_id.strip():
        raise IssuanceError(_("Isi ID perangkat perekam."))
    capture = BiometricCapture.objects.create(
        application=locked,
        operator=operator,
        device_id=device_id.strip(),
        location=location,
        photo=photo,
        fingerprints=fingerprints,
        iris=iris,
        signature=signature,
    )
    audit.record(
        "biometrics.recorded",
        actor=operator,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"device": capture.device_id},
    )
    send_for_enrolment(locked, actor=operator, request=request, captured=capture)
    application.status = locked.status
    return capture


# --- blank-card ledger -----------------------------------------------------------------------
def _stock(location: Location) -> BlankStock:
    row, _created = BlankStock.objects.get_or_create(location=location)
    return row


def balance_of(location: Location) -> int:
    return BlankStock.objects.filter(location=location).values_list("balance", flat=True).first() or 0


def _move_balance(
    location: Location, delta: int, kind: str, *, actor: Any = None, serial: str = "", note: str = ""
) -> StockMovement:
    """Change a balance and append the ledger row (inside the caller's transaction)."""
    _stock(location)
    changed = BlankStock.objects.filter(location=location, balance__gte=-delta).update(
        balance=F("balance") + delta, updated_at=timezone.now()
    )
    if not changed:
        raise StockExhausted(_("Stok blangko di %(location)s tidak cukup.") % {"location": location.name})
    after = BlankStock.objects.filter(location=location).values_list("balance", flat=True).get()
    return StockMovement.objects.create(
        location=location,
        kind=kind,
        delta=delta,
        balance_after=after,
        serial=serial,
        note=note[:200],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def receive_batch(
    location: Location,
    *,
    quantity: int,
    serial_start: int,
    actor: Any = None,
    external_ref: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> BlankBatch:
    if quantity <= 0:
        raise IssuanceError(_("Jumlah blangko harus lebih dari nol."))
    if serial_start <= 0:
        raise IssuanceError(_("Nomor seri awal tidak valid."))
    serial_end = serial_start + quantity - 1
    overlapping = BlankBatch.objects.filter(serial_start__lte=serial_end, serial_end__gte=serial_start).exists()
    if overlapping:
        raise IssuanceError(_("Rentang nomor seri ini sudah pernah diterima."))
    batch = BlankBatch.objects.create(
        location=location,
        quantity=quantity,
        serial_start=serial_start,
        serial_end=serial_end,
        external_ref=external_ref,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _move_balance(
        location, quantity, StockMovement.Kind.RECEIVED, actor=actor, note=note or f"{serial_start}-{serial_end}"
    )
    if actor is not None:
        audit.record("blanks.received", actor=actor, obj=batch, request=request, data={"quantity": quantity})
    events.publish(StockChanged())  # announcements raises or closes the stock notices
    return batch


def receive_allocation(allocation: Any) -> bool:
    """An allocation announced by central (idempotent on its id)."""
    location = Location.objects.filter(slug=allocation.location).first() if allocation.location else None
    location = location or main_office()
    if location is None or BlankBatch.objects.filter(external_ref=f"central:{allocation.id}").exists():
        return False
    try:
        receive_batch(
            location,
            quantity=allocation.quantity,
            serial_start=allocation.serial_start,
            external_ref=f"central:{allocation.id}",
            note=_("Alokasi dari pusat"),
        )
    except (IntegrityError, IssuanceError):
        return False
    return True


def fetch_allocations() -> int:
    """Receive blank-card allocations from central into the location ledgers (issuance pulls them through
    central's gateway: central does not push into issuance)."""
    cursor = LinkHealth.get().allocations_cursor
    try:
        allocations = get_gateway().fetch_allocations(cursor)
    except TransientError as exc:
        health.record_failure(str(exc))
        return 0
    received = 0
    for allocation in allocations:
        if receive_allocation(allocation):
            received += 1
        LinkHealth.objects.filter(pk=1, allocations_cursor__lt=allocation.id).update(allocations_cursor=allocation.id)
    return received



@transaction.atomic
def transfer_blanks(
    source: Location, target: Location, *, quantity: int, actor: Any, request: HttpRequest | None = None
) -> None:
    if quantity <= 0 or source == target:
        raise IssuanceError(_("Jumlah harus lebih dari nol dan lokasi tujuan berbeda."))
    _move_balance(source, -quantity, StockMovement.Kind.TRANSFERRED_OUT, actor=actor, note=target.name)
    _move_balance(target, quantity, StockMovement.Kind.TRANSFERRED_IN, actor=actor, note=source.name)
    audit.record(
        "blanks.transferred",
        actor=actor,
        request=request,
        data={"from": source.slug, "to": target.slug, "quantity": quantity},
    )
    events.publish(StockChanged())  # announcements raises or closes the stock notices


@transaction.atomic
def return_blanks(
    location: Location, *, quantity: int, actor: Any, note: str = "", request: HttpRequest | None = None
) -> None:
    if quantity <= 0:
        raise IssuanceError(_("Jumlah blangko harus lebih dari nol."))
    _move_balance(location, -quantity, StockMovement.Kind.RETURNED, actor=actor, note=note)
    audit.record(
        "blanks.returned", actor=actor, request=request, data={"location": location.slug, "quantity": quantity}
    )
    events.publish(StockChanged())  # announcements raises or closes the stock notices


def _clean_serial(serial: str) -> str:
    serial = (serial or "").strip().replace(" ", "")
    if not serial.isdigit() or not 6 <= len(serial) <= 20:
        raise IssuanceError(_("Nomor seri blangko harus 6-20 angka."))
    number = int(serial)
    if not BlankBatch.objects.filter(serial_start__lte=number, serial_end__gte=number).exists():
        raise IssuanceError(_("Nomor seri ini tidak termasuk blangko yang pernah diterima."))
    return serial


# --- printing -------------------------------------------------------------------------------
def print_queue(location: Location | None = None) -> Any:
    """Print-ready records in order: priority groups first, then by ticket order (the earliest queue
    ticket of the file, walk-in or booked), then by submission for files without a ticket."""
    from django.db.models import Case, IntegerField, Min, Q, Value, When
    from django.db.models.functions import Coalesce

    queryset = Application.objects.filter(status=Status.PRINT_READY).select_related("service_type", "location")
    if location is not None:
        queryset = queryset.filter(Q(location=location) | Q(location__isnull=True))
    return queryset.annotate(
        priority_rank=Case(When(priority_group="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        arrived_at=Coalesce(Min("tickets__queued_at"), "submitted_at"),
    ).order_by("priority_rank", "arrived_at", "id")


@transaction.atomic
def print_card(
    application: Application,
    *,
    serial: str,
    operator: Any,
    location: Location,
    spoiled: bool = False,
    spoil_reason: str = "",
    request: HttpRequest | None = None,
) -> CardPrint:
    """Put one blank through the printer for a print-ready record: the balance goes down by one,
    the serial is used up, and (if printed) the application becomes PRINTED and any Suket is superseded."""
    serial = _clean_serial(serial)
    locked = lock(application.pk)
    if locked.status != Status.PRINT_READY:
        raise IssuanceError(_("Hanya rekaman berstatus siap cetak yang dapat dicetak."))
    if spoiled and not spoil_reason.strip():
        raise IssuanceError(_("Tulis alasan blangko rusak."))
    try:
        with transaction.atomic():
            card = CardPrint.objects.create(
                application=locked,
                location=location,
                serial=serial,
                operator=operator,
                result=CardPrint.Result.SPOILED if spoiled else CardPrint.Result.PRINTED,
                spoil_reason=spoil_reason.strip(),
            )
    except IntegrityError as exc:
        raise SerialAlreadyUsed(_("Nomor seri %(serial)s sudah pernah dipakai.") % {"serial": serial}) from exc
    _move_balance(
        location,
        -1,
        StockMovement.Kind.SPOILED if spoiled else StockMovement.Kind.USED,
        actor=operator,
        serial=serial,
        note=spoil_reason.strip() or locked.number,
    )
    audit.record(
        "card.spoiled" if spoiled else "card.printed",
        actor=operator,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"serial": serial},
    )
    if not spoiled:
        transition(locked, Status.PRINTED, actor=operator, request=request, data={"serial": serial})
        now = timezone.now()
        Suket.objects.filter(application=locked, state=Suket.State.VALID).update(
            state=Suket.State.SUPERSEDED, superseded_reason="printed", superseded_at=now
        )
        application.status = locked.status
    events.publish(StockChanged())  # announcements raises or closes the stock notices
    return card


def hours_text(location: Location) -> str:
    names = [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")]
    parts = [
        f"{names[int(day)]} {hours[0]}-{hours[1]}" for day, hours in sorted(location.opening_hours.items()) if hours
    ]
    return ", ".join(parts)


@transaction.atomic
def mark_ready_for_pickup(
    application: Application, *, actor: Any, location: Location, request: HttpRequest | None = None
) -> PickupReady:
    """The printed card is at a desk: tell the resident where and when to collect it."""
    locked = lock(application.pk)
    if locked.status != Status.PRINTED:
        raise IssuanceError(_("Hanya kartu yang sudah dicetak yang dapat disiapkan untuk diambil."))
    note = _("Ambil di %(place)s, %(address)s. Jam layanan: %(hours)s.") % {
        "place": location.name,
        "address": location.address,
        "hours": hours_text(location),
    }
    transition(
        locked, Status.READY_FOR_PICKUP, actor=actor, request=request, note=note, data={"location": location.slug}
    )
    ready, _created = PickupReady.objects.update_or_create(application=locked, defaults={"location": location})
    application.status = locked.status
    return ready


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
    """The certificate as a PDF (ReportLab) with a QR code to the public verification page."""
    import io

    import segno
    from django.urls import reverse
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    application = suket.application
    url = settings.SITE_URL + reverse("issuance:suket_verify", args=[suket.code])
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(f"Suket {suket.number}")
    width, height = A4
    y = height - 25 * mm
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(width / 2, y, settings.SIPON_OFFICE_NAME.upper()[:90])
    y -= 12 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, y, _("SURAT KETERANGAN PENGGANTI KTP-EL"))
    y -= 6 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(width / 2, y, _("Nomor: %(number)s") % {"number": suket.number})
    y -= 14 * mm
    rows = [
        (_("NIK"), application.nik),
        (_("Nama"), application.full_name),
        (_("Tempat/tgl. lahir"), f"{application.birth_place}, {application.birth_date or '-'}"),
        (_("Alamat"), f"{application.address} RT {application.rt or '-'} RW {application.rw or '-'}"),
        (_("Nomor permohonan"), application.number),
        (_("Diterbitkan"), f"{timezone.localtime(suket.issued_at):%d-%m-%Y}"),
        (_("Berlaku sampai"), f"{suket.valid_until:%d-%m-%Y}"),
    ]
    for label, value in rows:
        pdf.drawString(25 * mm, y, str(label))
        pdf.drawString(70 * mm, y, f": {value}"[:80])
        y -= 7 * mm
    y -= 5 * mm
    text = pdf.beginText(25 * mm, y)
    text.setFont("Helvetica", 10)
    for line in (
        _("Yang bersangkutan telah melakukan perekaman KTP-el dan datanya sudah siap cetak."),
        _("Surat ini berlaku sebagai pengganti KTP-el sampai kartu dicetak, paling lama 6 bulan."),
        _("Keaslian surat dapat diperiksa dengan memindai kode QR."),
    ):
        text.textLine(str(line))
    pdf.drawText(text)
    pdf.drawImage(ImageReader(qr), width - 65 * mm, 25 * mm, 40 * mm, 40 * mm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(25 * mm, 25 * mm, url[:100])
    pdf.showPage()
    pdf.save()
    return out.getvalue()


# --- pickup ---------------------------------------------------------------------------------
def find_for_pickup(query: str) -> list[Application]:
    """By application number, NIK, or the content of the QR on the receipt (a URL ending in the number)."""
    text = (query or "").strip()
    if not text:
        return []
    if "/" in text:
        text = [part for part in text.split("/") if part][-1]
    text = text.upper()
    queryset = Application.objects.select_related("service_type").filter(
        status__in=[Status.READY_FOR_PICKUP, Status.PRINTED, Status.COLLECTED]
    )
    if text.isdigit():
        return list(queryset.filter(nik=text).order_by("-id")[:20])
    return list(queryset.filter(number=text)[:1])


@transaction.atomic
def hand_over(
    application: Application,
    *,
    actor: Any,
    recipient_kind: str,
    recipient_name: str,
    recipient_nik: str,
    id_checked: bool,
    id_document: str,
    proxy_relation: str = "",
    poa_reference: str = "",
    poa_document: UploadedFile[bytes] | None = None,
    request: HttpRequest | None = None,
) -> Handover:
    locked = lock(application.pk)
    if locked.status != Status.READY_FOR_PICKUP:
        raise IssuanceError(_("Kartu ini belum siap diambil atau sudah diserahkan."))
    if not id_checked or not id_document.strip():
        raise IssuanceError(_("Periksa identitas penerima dan catat dokumen yang dilihat."))
    if recipient_kind == Handover.Recipient.PROXY:
        if not proxy_relation.strip() or not (poa_reference.strip() or poa_document):
            raise IssuanceError(
                _(
                    "Penerima kuasa wajib menunjukkan surat kuasa: isi hubungan dan nomor surat kuasa "
                    "atau unggah pindaiannya."
                )
            )
    else:
        recipient_name, recipient_nik = recipient_name or locked.full_name, recipient_nik or locked.nik
    handover = Handover(
        application=locked,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name.strip(),
        recipient_nik=recipient_nik.strip(),
        id_checked=True,
        id_document=id_document.strip(),
        proxy_relation=proxy_relation.strip(),
        poa_reference=poa_reference.strip(),
        handed_by=actor,
    )
    if poa_document is not None:
        handover.poa_document.save(poa_document.name or "surat-kuasa", poa_document, save=False)
    handover.save()
    if recipient_kind == Handover.Recipient.PROXY:
        note = _("Diserahkan kepada %(name)s (kuasa, %(relation)s).") % {
            "name": handover.recipient_name,
            "relation": handover.proxy_relation,
        }
    else:
        note = _("Diserahkan kepada pemohon.")
    transition(
        locked,
        Status.COLLECTED,
        actor=actor,
        request=request,
        note=note,
        data={"handover": handover.pk, "recipient_kind": recipient_kind},
    )
    audit.record(
        "card.handed_over",
        actor=actor,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"recipient_kind": recipient_kind, "recipient_nik": handover.recipient_nik},
    )
    application.status = locked.status
    return handover


REMINDER_AFTER_DAYS = (7, 14, 30)


def remind_uncollected(now: dt.datetime | None = None) -> int:
    """Remind residents whose card has waited 7, 14 and 30 days."""
    now = now or timezone.now()
    sent = 0
    waiting = PickupReady.objects.filter(application__status=Status.READY_FOR_PICKUP).select_related(
        "application__applicant", "location"
    )
    for ready in waiting:
        if ready.reminders_sent >= len(REMINDER_AFTER_DAYS):
            continue
        if now - ready.ready_at < dt.timedelta(days=REMINDER_AFTER_DAYS[ready.reminders_sent]):
            continue
        with transaction.atomic():
            if not PickupReady.objects.filter(pk=ready.pk, reminders_sent=ready.reminders_sent).update(
                reminders_sent=F("reminders_sent") + 1, last_reminder_at=now
            ):
                continue
            application = ready.application
            with in_language(application.applicant):
                notify(
                    event="card.pickup_reminder",
                    recipient=application.applicant,
                    phone=application.form_data.get("contact_phone", ""),
                    subject=_("KTP-el Anda menunggu diambil"),
                    body=_(
                        "KTP-el untuk permohonan %(number)s sudah menunggu %(days)s hari di %(place)s. "
                        "Jam layanan: %(hours)s."
                    )
                    % {
                        "number": application.number,
                        "days": (now - ready.ready_at).days,
                        "place": ready.location.name,
                        "hours": hours_text(ready.location),
                    },
                    url=f"{settings.SITE_URL}/permohonan/{application.number}/",
                )
            sent += 1
    return sent


# --- stock publication, forecast, alerts ---------------------------------------------------------
def publish_daily_stock(day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    count = 0
    for location in Location.objects.filter(is_active=True):
        StockSnapshot.objects.update_or_create(location=location, day=day, defaults={"balance": balance_of(location)})
        count += 1
    return count


def forecast(today: dt.date | None = None) -> dict[str, Any]:
    """Demand for blanks in the next 30 and 90 days: print-ready records waiting now, residents
    turning 17 in the window (from resident profiles and applications, each NIK once), and the
    past 90 days' rate of replacement cards (lost, damaged, changed data)."""
    today = today or timezone.localdate()
    waiting = Application.objects.filter(status=Status.PRINT_READY).count()
    since = timezone.now() - dt.timedelta(days=90)
    replacements_90 = Application.objects.filter(
        submitted_at__gte=since, service_type__requires_biometrics=False, service_type__category="ktp"
    ).count()
    daily_replacement = replacements_90 / 90
    result: dict[str, Any] = {"waiting": waiting, "daily_replacement": round(daily_replacement, 2)}
    for days in (30, 90):
        born_from = _add_months(today, -17 * 12) + dt.timedelta(days=1)
        born_to = _add_months(today + dt.timedelta(days=days), -17 * 12)
        niks = set(ResidentProfile.objects.filter(birth_date__range=(born_from, born_to)).values_list("nik", flat=True))
        niks |= set(Application.objects.filter(birth_date__range=(born_from, born_to)).values_list("nik", flat=True))
        turning = len(niks)
        result[f"turning17_{days}"] = turning
        result[f"demand_{days}"] = waiting + turning + round(daily_replacement * days)
    return _with_stock(result, sum(BlankStock.objects.values_list("balance", flat=True)))


def _with_stock(numbers: dict[str, Any], stock: int) -> dict[str, Any]:
    """The forecast's demand beside ``stock``: how many days the blanks on hand cover at the 90-day rate."""
    daily = numbers["demand_90"] / 90
    return {**numbers, "stock": stock, "days_covered": None if daily == 0 else int(stock / daily)}


FORECAST_CACHE_KEY = "issuance:blank-forecast"
FORECAST_CACHE_SECONDS = 30 * 60


def refresh_cached_forecast() -> dict[str, Any]:
    """Compute :func:`forecast` and keep it for the pages that show it on every request (the
    dashboards' scheduler job calls this every 10 minutes)."""
    value = forecast()
    cache.set(FORECAST_CACHE_KEY, value, FORECAST_CACHE_SECONDS)
    return value


def cached_forecast(stock: int | None = None) -> dict[str, Any]:
    """:func:`forecast` for the staff banner and the dashboard. The demand side scans residents turning 17
    across the population, so it comes from the cache (refreshed every 10 minutes; computed here when cold);
    the stock on hand is always current (``stock``, or read now), so a change of stock shows at once."""
    numbers = cache.get(FORECAST_CACHE_KEY)
    if numbers is None:
        numbers = refresh_cached_forecast()
    if stock is None:
        stock = sum(BlankStock.objects.values_list("balance", flat=True))
    return _with_stock(numbers, stock)


def stock_alert() -> dict[str, Any] | None:
    """For the staff banner: the low-stock situation, or None. Demand from the cached forecast, stock now."""
    balances = list(BlankStock.objects.values_list("balance", flat=True))
    numbers = cached_forecast(stock=sum(balances))
    days = numbers["days_covered"]
    if numbers["stock"] == 0 and balances:
        return {"exhausted": True, **numbers}
    if days is not None and days < settings.ISSUANCE_STOCK_ALERT_DAYS:
        return {"exhausted": False, **numbers}
    return None
