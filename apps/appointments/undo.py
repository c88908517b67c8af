"""Undo a booking cancelled by mistake: within a few minutes, from the browser that cancelled it, if the slot has
not started and still has room. The place is taken back through the same conditional UPDATE as a booking (the
quota cannot be overrun) and the partial unique index still allows one active booking per NIK and service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.appointments import services
from apps.appointments.models import Booking, BookingStatus
from apps.core import audit

UNDO_MINUTES = 10
_SESSION_KEY = "appointments:undo"


def offer(request: HttpRequest, booking: Booking) -> None:
    """Remember in the session that this browser may undo this cancellation until the deadline."""
    until = timezone.now() + dt.timedelta(minutes=UNDO_MINUTES)
    request.session[_SESSION_KEY] = {"code": booking.code, "until": until.isoformat()}


def offered(request: HttpRequest, booking: Booking) -> bool:
    entry = request.session.get(_SESSION_KEY) or {}
    if entry.get("code") != booking.code or booking.status != BookingStatus.CANCELLED:
        return False
    return timezone.now() < dt.datetime.fromisoformat(str(entry["until"]))


def restore(request: HttpRequest, booking: Booking, *, actor: Any) -> None:
    """Make the cancelled booking active again, or raise :class:`services.BookingError` saying why not."""
    if not offered(request, booking):
        raise services.BookingError(
            _("Pembatalan ini sudah tidak bisa diurungkan (lebih dari %(minutes)d menit). Pesan jadwal baru.")
            % {"minutes": UNDO_MINUTES},
            "expired",
        )
    slot = services.get_slot(booking.slot_id)
    services._check_slot_open(slot)  # the booking's own check: the slot has not started or closed
    try:
        with transaction.atomic():
            restored = Booking.objects.filter(pk=booking.pk, status=BookingStatus.CANCELLED).update(
                status=BookingStatus.BOOKED, status_reason="", updated_at=timezone.now()
            )
            if not restored:
                raise services.BookingError(_("Reservasi ini sudah tidak bisa dipulihkan."), "inactive")
            if not services._take_place(slot.pk):  # the quota-safe conditional UPDATE
                raise services.BookingError(
                    _("Sesi ini sudah penuh lagi, reservasi tidak bisa dipulihkan. Pilih jadwal lain."), "full"
                )
            audit.record(
                "booking.restored", actor=actor, obj=booking, request=request, subject=booking.user,
                subject_nik=booking.nik,
            )
    except IntegrityError:  # another active booking of this NIK for this service was made meanwhile
        raise services.BookingError(
            _("NIK ini sudah punya reservasi aktif lain untuk layanan ini, jadi yang ini tidak bisa dipulihkan."),
            "duplicate",
        ) from None
    request.session.pop(_SESSION_KEY, None)
    booking.status = BookingStatus.BOOKED
    booking.status_reason = ""
