"""Issuing tickets (kiosk, booking check-in)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.services import normalise_code
from apps.core import audit
from apps.locations.models import Location, Stage
from apps.queueing.models import (
    DailySequence,
    Source,
    Ticket,
)
from apps.queueing.services.common import QueueError, rank_for

# --- Issuing ---------------------------------------------------------------------------------


def _next_number(location_id: int, day: dt.date, code: str) -> int:
    """Advance the day's sequence for a queue (inside the caller's transaction) and return the number."""
    rows = DailySequence.objects.filter(location_id=location_id, date=day, queue_code=code)
    if not rows.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                DailySequence.objects.create(location_id=location_id, date=day, queue_code=code, last_number=1)
                return 1
        except IntegrityError:  # another issuer created the row first
            rows.update(last_number=F("last_number") + 1)
    # We hold the row lock from the UPDATE until commit, so this reads our own number.
    return int(rows.values_list("last_number", flat=True).get())


def _walk_in_quota_left(location: Location, service: Any, day: dt.date) -> int | None:
    """Walk-in places left today when slots define a walk-in quota, else None (no limit)."""
    slots = Slot.objects.filter(location=location, service=service, date=day)
    total = sum(s.walk_in_quota for s in slots)
    if not slots:
        return None
    issued = Ticket.objects.filter(location=location, service=service, date=day, booking__isnull=True).count()
    return total - issued


@transaction.atomic
def issue_ticket(
    location: Location,
    service: Any,
    *,
    priority_group: str = "",
    source: str = Source.KIOSK,
    contact_phone: str = "",
    booking: Booking | None = None,
    booked_on_time: bool = False,
    actor: Any = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    now = now or timezone.now()
    today = timezone.localdate(now)
    reason = location.closed_reason(today)
    if reason:
        raise QueueError(_("Tiket tidak dapat diambil hari ini. %(reason)s") % {"reason": reason}, "closed")
    hours = location.hours_on(today)
    if hours is not None and timezone.localtime(now).time() >= hours[1]:
        raise QueueError(
            _("Layanan hari ini sudah tutup pukul %(time)s. Silakan datang lagi pada hari kerja berikutnya.")
            % {"time": f"{hours[1]:%H:%M}"},
            "closed",
        )
    code = service.queue_code or "C"
    number = _next_number(location.pk, today, code)
    if booking is None:
        left = _walk_in_quota_left(location, service, today)
        if left is not None and left <= 0:
            raise QueueError(
                _("Kuota datang langsung untuk %(service)s hari ini sudah habis. Pesan jadwal daring untuk hari lain.")
                % {"service": service.name},
                "quota",
            )
    ticket = Ticket.objects.create(
        location=location,
        date=today,
        service=service,
        queue_code=code,
        number=number,
        token=secrets.token_urlsafe(12),
        source=source,
        stage=Stage.DOCUMENT_CHECK,
        priority_group=priority_group or "",
        rank=rank_for(priority_group=priority_group, booked_on_time=booked_on_time),
        queued_at=now,
        booking=booking,
        contact_phone=contact_phone.strip()[:20],
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        audit.record(
            "ticket.issued",
            actor=actor,
            obj=ticket,
            request=request,
            subject_nik=booking.nik if booking else "",
            data={"source": source},
        )
    return ticket


def check_in(
    code: str,
    location: Location,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Turn a booking into a ticket at the location's kiosk or desk, only at the booked location and day."""
    now = now or timezone.now()
    clean = normalise_code(code)
    if not clean:
        raise QueueError(_("Masukkan kode reservasi (8 huruf/angka) atau pindai kode QR."), "empty")
    booking = Booking.objects.select_related("slot", "service", "location").filter(code=clean).first()
    if booking is None:
        raise QueueError(
            _("Kode reservasi %(code)s tidak ditemukan. Periksa lagi kodenya.") % {"code": clean}, "unknown"
        )
    if booking.status == BookingStatus.CHECKED_IN:
        existing = Ticket.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
    if booking.status != BookingStatus.BOOKED:
        raise QueueError(
            _("Reservasi %(code)s sudah tidak aktif (%(status)s).")
            % {"code": clean, "status": booking.get_status_display()},
            "inactive",
        )
    if booking.location_id != location.pk:
        raise QueueError(
            _("Reservasi ini untuk %(location)s, bukan lokasi ini. Silakan datang ke sana.")
            % {"location": booking.location.name},
            "wrong_location",
        )
    today = timezone.localdate(now)
    if booking.date != today:
        raise QueueError(
            _("Reservasi ini untuk tanggal %(day)s, bukan hari ini.") % {"day": booking.date.strftime("%d-%m-%Y")},
            "wrong_day",
        )
    on_time = now <= booking.slot.ends_at()
    with transaction.atomic():
        if not Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=BookingStatus.CHECKED_IN, checked_in_at=now
        ):
            raise QueueError(_("Reservasi ini baru saja diproses. Coba lagi."), "race")
        ticket = issue_ticket(
            location,
            booking.service,
            source=Source.BOOKING,
            booking=booking,
            booked_on_time=on_time,
            actor=actor,
            request=request,
            now=now,
        )
    return ticket
