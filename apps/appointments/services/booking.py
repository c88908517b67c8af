"""Booking, rescheduling and cancelling under the quota."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.services.availability import BookingError, full_key, mark_not_full, next_free
from apps.appointments.services.common import FULL_CACHE_SECONDS, LOOKAHEAD_DAYS, new_code
from apps.core import audit, rows
from apps.core.inputs import parse_id
from apps.locations.models import Location

# --- Booking ---------------------------------------------------------------------------------


def _check_slot_open(slot: Slot) -> None:
    if slot.ends_at() <= timezone.now():
        raise BookingError(_("Sesi ini sudah lewat. Pilih sesi lain."), "past")
    reason = slot.location.closed_reason(slot.date, check_closures=getattr(slot, "has_closure", True))
    if reason:
        raise BookingError(_("Tanggal ini tidak bisa dipesan. %(reason)s") % {"reason": reason}, "closed")


# The slot, its location's state and whether a closure covers its day, in one query written out: the booking
# path runs it on every request, and building it with the ORM cost several times the query itself.
SLOT_SQL = """
SELECT s.id, s.location_id, s.service_id, s.date, s.start_time, s.end_time, s.quota, s.walk_in_quota, s.booked,
       l.is_active AS sipon_location_active, l.opening_hours AS sipon_location_hours,
       EXISTS (SELECT 1 FROM locations_closure c
               WHERE c.location_id = s.location_id AND c.start_date <= s.date AND c.end_date >= s.date)
           AS sipon_has_closure
FROM appointments_slot s JOIN locations_location l ON l.id = s.location_id
WHERE s.id = %s
"""


def get_slot(slot_id: Any) -> Slot:
    """The slot with ``has_closure`` and its location (state and opening hours loaded; any other location field
    is read on first use), or BookingError("invalid")."""
    pk = parse_id(slot_id)
    if pk is None:
        raise BookingError(_("Sesi yang dipilih tidak dikenal. Pilih sesi dari daftar."), "invalid")

    slot = next(iter(Slot.objects.raw(SLOT_SQL, [pk])), None)
    if slot is None:
        raise BookingError(_("Sesi yang dipilih tidak dikenal. Pilih sesi dari daftar."), "invalid")
    extra: Any = slot  # the raw query's extra columns are plain attributes
    hours = extra.sipon_location_hours
    known = {
        "id": slot.location_id,
        "is_active": bool(extra.sipon_location_active),
        "opening_hours": json.loads(hours) if isinstance(hours, str) else hours,
    }
    # from_db() takes the values in the model's field order; the fields not given stay deferred.
    names = [f.attname for f in Location._meta.concrete_fields if f.attname in known]
    slot.location = Location.from_db(DEFAULT_DB_ALIAS, names, [known[name] for name in names])
    extra.has_closure = bool(extra.sipon_has_closure)
    return slot


def _full_error(slot: Slot) -> BookingError:
    following = next_free(slot.location_id, slot.service_id, slot.date - dt.timedelta(days=1))
    if following is not None and following["slot_id"] == slot.pk:
        following = None
    answer = {"next_free": following, "slot_label": f"{date_format(slot.date, 'l, j F Y')} {slot.start_time:%H:%M}"}
    cache.set(full_key(slot.pk), answer, FULL_CACHE_SECONDS)
    return full_error_from_cache(answer)


def full_error_from_cache(answer: dict[str, Any]) -> BookingError:
    following = answer.get("next_free")
    if following:
        message = _("Kuota sesi ini sudah penuh. Sesi terdekat yang masih ada: %(day)s pukul %(start)s.") % {
            "day": following["label"],
            "start": following["start"],
        }
    else:
        message = _("Kuota sesi ini sudah penuh dan belum ada sesi kosong dalam %(days)d hari ke depan.") % {
            "days": LOOKAHEAD_DAYS
        }
    return BookingError(message, "full", next_free=following)


def _profile(user: Any) -> tuple[str, str]:
    """The resident's NIK and name: the two columns the booking copies (written out, like the slot's query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, full_name FROM accounts_residentprofile WHERE user_id = %s", [user.pk])
        row = cursor.fetchone()
    if row is None:
        raise BookingError(_("Lengkapi profil Anda (NIK) sebelum memesan jadwal."), "no_profile")
    return str(row[0]), str(row[1])


def _take_place(slot_id: int) -> bool:
    """The one conditional UPDATE that takes a place, True if it did."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE appointments_slot SET booked = booked + 1 WHERE id = %s AND booked < quota", [slot_id])
        taken: bool = cursor.rowcount == 1
    return taken


def _release_place(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)
    transaction.on_commit(lambda: mark_not_full(slot_id))


def _insert_booking(slot: Slot, user: Any, nik: str, full_name: str) -> Booking:
    return rows.insert(
        Booking(
            code=new_code(),
            slot=slot,
            location_id=slot.location_id,
            service_id=slot.service_id,
            date=slot.date,
            user=user,
            nik=nik,
            full_name=full_name,
        )
    )


class _SlotFull(Exception):
    """Raised inside the booking transaction to roll the INSERT back when no place was left."""


def _duplicate_error(nik: str, service_id: int, user_id: int | None = None) -> BookingError:
    existing = (
        Booking.objects.filter(nik=nik, service_id=service_id, status=BookingStatus.BOOKED)
        .select_related("slot")
        .first()
    )
    if existing is not None:
        message = _(
            "NIK ini sudah punya reservasi aktif untuk layanan ini (kode %(code)s, %(day)s pukul %(start)s). "
            "Batalkan atau ubah jadwal reservasi itu bila ingin memilih jadwal lain."
        ) % {
            "code": existing.code,
            "day": date_format(existing.date, "j F Y"),
            "start": f"{existing.slot.start_time:%H:%M}",
        }
    else:
        message = _("NIK ini sudah punya reservasi aktif untuk layanan ini.")
    own = existing is not None and existing.user_id == user_id
    return BookingError(message, "duplicate", existing=existing.code if own and existing is not None else "")


def book(user: Any, slot_id: Any, *, request: HttpRequest | None = None) -> Booking:
    """Book a place in a slot for the signed-in resident (their profile's NIK): one conditional UPDATE
    and one INSERT in one transaction; the partial unique index refuses a second active booking."""
    nik, full_name = _profile(user)
    slot = get_slot(slot_id)
    _check_slot_open(slot)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                # INSERT first, then the conditional UPDATE: the slot's row lock (every booking of the slot
                # queues on it) is held only from the UPDATE to the COMMIT. A full slot rolls the INSERT back.
                booking = _insert_booking(slot, user, nik, full_name)
                if not _take_place(slot.pk):
                    raise _SlotFull
        except _SlotFull:
            raise _full_error(slot) from None  # computed after the rollback, holding no lock
        except IntegrityError as exc:
            if "code" in str(exc).lower():
                continue  # a booking-code collision (about 1 in 10^12): the whole transaction is retried
            raise _duplicate_error(nik, slot.service_id, user.pk) from None
        return booking
    raise RuntimeError("could not draw a unique booking code")


def reschedule(booking: Booking, new_slot_id: Any, *, actor: Any, request: HttpRequest | None = None) -> Booking:
    """Move an active booking to another slot of the same service: the old place is released and the
    new one taken in one transaction; if the new slot is full nothing changes."""
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(_("Reservasi ini sudah tidak aktif dan tidak dapat diubah."), "inactive")
    slot = get_slot(new_slot_id)
    if slot.service_id != booking.service_id:
        raise BookingError(_("Sesi yang dipilih untuk layanan lain. Pilih sesi dari daftar."), "invalid")
    if slot.pk == booking.slot_id:
        raise BookingError(_("Reservasi Anda sudah di sesi ini."), "same")
    _check_slot_open(slot)
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != BookingStatus.BOOKED:
            raise BookingError(_("Reservasi ini sudah tidak aktif dan tidak dapat diubah."), "inactive")
        if not _take_place(slot.pk):
            raise _full_error(slot)
        _release_place(locked.slot_id)
        old_slot_id = locked.slot_id
        locked.slot = slot
        locked.location_id = slot.location_id
        locked.date = slot.date
        locked.reminder_sent_at = None
        locked.save(update_fields=["slot", "location", "date", "reminder_sent_at", "updated_at"])
        audit.record(
            "booking.rescheduled",
            actor=actor,
            obj=locked,
            request=request,
            subject=locked.user,
            subject_nik=locked.nik,
            data={"from_slot": old_slot_id, "to_slot": slot.pk},
        )
    return locked


def cancel(
    booking: Booking,
    *,
    actor: Any,
    reason: str = "",
    request: HttpRequest | None = None,
    status: str = BookingStatus.CANCELLED,
) -> bool:
    """Cancel an active booking and give its place back. False if it was no longer active."""
    with transaction.atomic():
        updated = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=status, status_reason=reason[:200], updated_at=timezone.now()
        )
        if not updated:
            return False
        _release_place(booking.slot_id)
        audit.record(
            f"booking.{status}",
            actor=actor,
            obj=booking,
            request=request,
            subject=booking.user,
            subject_nik=booking.nik,
            data={"reason": reason},
        )
    booking.status = status
    return True
