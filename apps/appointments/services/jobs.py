"""Periodic jobs (reminders, no-shows) and the bookings a closure hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.services.availability import BookingError
from apps.appointments.services.booking import cancel, reschedule
from apps.appointments.services.common import LOOKAHEAD_DAYS
from apps.notifications.services import in_language, notify

# --- Jobs ------------------------------------------------------------------------------------


def send_reminders(today: dt.date | None = None) -> int:
    """Remind residents the day before their visit (once per booking)."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    sent = 0
    ids = list(
        Booking.objects.filter(status=BookingStatus.BOOKED, date=tomorrow, reminder_sent_at__isnull=True).values_list(
            "pk", flat=True
        )[:2000]
    )
    for booking_id in ids:
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            ):
                continue
            booking = Booking.objects.select_related("slot", "location", "service", "user").get(pk=booking_id)
            with in_language(booking.user):
                notify(
                    event="booking.reminder",
                    recipient=booking.user,
                    subject=_("Pengingat: jadwal kunjungan besok %(start)s")
                    % {"start": f"{booking.slot.start_time:%H:%M}"},
                    body=_(
                        "Besok %(day)s pukul %(start)s-%(end)s Anda terjadwal untuk %(service)s di %(location)s "
                        "(%(address)s). Kode reservasi: %(code)s. Tunjukkan kode QR di anjungan atau meja informasi."
                    )
                    % {
                        "day": date_format(booking.date, "l, j F Y"),
                        "start": f"{booking.slot.start_time:%H:%M}",
                        "end": f"{booking.slot.end_time:%H:%M}",
                        "service": booking.service.name,
                        "location": booking.location.name,
                        "address": booking.location.address,
                        "code": booking.code,
                    },
                    url=f"{settings.SITE_URL}/reservasi/{booking.code}/",
                )
            sent += 1
    return sent


def release_no_shows(now: dt.datetime | None = None) -> int:
    """Bookings whose slot has ended without a check-in become no-shows and release their place."""
    now = timezone.localtime(now or timezone.now())
    released = 0
    candidates = Booking.objects.filter(status=BookingStatus.BOOKED, date__lte=now.date()).select_related("slot")
    for booking in candidates[:5000]:
        if booking.slot.ends_at() > now:
            continue
        if cancel(booking, actor=None, reason=_("Tidak hadir sampai sesi berakhir."), status=BookingStatus.NO_SHOW):
            released += 1
    return released


def handle_closure(closure: Any, *, actor: Any = None) -> dict[str, int]:
    """Move every active booking a closure hits to the next free slot (same location and service,
    same time if possible), or cancel it; tell each resident either way."""
    moved = cancelled = 0
    hit = (
        Booking.objects.filter(
            location=closure.location,
            status=BookingStatus.BOOKED,
            date__gte=closure.start_date,
            date__lte=closure.end_date,
        )
        .select_related("slot", "service", "location", "user")
        .order_by("created_at", "id")
    )
    for booking in list(hit):  # first booked, first moved
        target = _free_slot_after(booking, closure.end_date)
        new_booking: Booking | None = None
        if target is not None:
            try:
                new_booking = reschedule(booking, target.pk, actor=actor)
            except BookingError:
                new_booking = None
        if new_booking is None:
            cancel(booking, actor=actor, reason=_("Layanan tutup: %(reason)s") % {"reason": closure.reason})
            cancelled += 1
        else:
            moved += 1
        with in_language(booking.user):
            if new_booking is not None:
                subject = _("Jadwal kunjungan Anda dipindah")
                body = _(
                    "Layanan di %(location)s tutup pada %(old)s (%(reason)s). Reservasi %(code)s dipindah ke "
                    "%(new)s pukul %(start)s. Bila tidak cocok, ubah atau batalkan di halaman reservasi."
                ) % {
                    "location": booking.location.name,
                    "old": date_format(booking.date, "j F Y"),
                    "reason": closure.reason,
                    "code": booking.code,
                    "new": date_format(new_booking.date, "l, j F Y"),
                    "start": f"{new_booking.slot.start_time:%H:%M}",
                }
            else:
                subject = _("Reservasi Anda dibatalkan karena layanan tutup")
                body = _(
                    "Layanan di %(location)s tutup pada %(old)s (%(reason)s) dan belum ada sesi pengganti. "
                    "Reservasi %(code)s dibatalkan. Silakan pesan jadwal baru."
                ) % {
                    "location": booking.location.name,
                    "old": date_format(booking.date, "j F Y"),
                    "reason": closure.reason,
                    "code": booking.code,
                }
            notify(
                event="booking.closure",
                recipient=booking.user,
                subject=subject,
                body=body,
                url=f"{settings.SITE_URL}/reservasi/{booking.code}/",
            )
    return {"moved": moved, "cancelled": cancelled}


def _free_slot_after(booking: Booking, after: dt.date) -> Slot | None:
    now = timezone.now()
    candidates = (
        Slot.objects.filter(
            location_id=booking.location_id,
            service_id=booking.service_id,
            date__gt=after,
            date__lte=after + dt.timedelta(days=LOOKAHEAD_DAYS),
            booked__lt=F("quota"),
        )
        .select_related("location")
        .order_by("date", "start_time")
    )
    same_time: Slot | None = None
    any_time: Slot | None = None
    closures = booking.location.closures_between(after, after + dt.timedelta(days=LOOKAHEAD_DAYS))
    for slot in candidates[:200]:
        if slot.ends_at() <= now or not slot.location.is_open_on(slot.date, closures=closures):
            continue
        if any_time is None:
            any_time = slot
        if slot.start_time == booking.slot.start_time:
            same_time = slot
            break
        if any_time is not None and slot.date > any_time.date:
            break
    return same_time or any_time
