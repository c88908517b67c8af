"""Booking visit slots under a quota.

The quota is never oversold: a booking is one conditional ``UPDATE slot SET booked = booked + 1
WHERE id = ? AND booked < quota`` whose row count is checked, in the same transaction as the
INSERT of the booking. One active booking per NIK and service is a partial unique index; the
IntegrityError it raises becomes a clear message. The "full" answer is cached per slot so a rush
of requests for a full slot costs a cache read, not a transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.appointments.models import Booking, BookingStatus, QuotaRule, Slot
from apps.core import audit, rows
from apps.core.calendar import is_working_day
from apps.core.inputs import parse_id

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# A full slot stays full until a place is released, which deletes the marker (mark_not_full); the TTL only
# bounds how stale it can be if a place is freed some other way (an administrator raising the quota).
FULL_CACHE_SECONDS = 300
NEXT_FREE_CACHE_SECONDS = 10
LOOKAHEAD_DAYS = 30


class BookingError(Exception):
    """A booking that cannot be made, with the message to show (Indonesian) and a code."""

    def __init__(
        self, message: str, code: str, *, next_free: dict[str, Any] | None = None, existing: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.next_free = next_free
        self.existing = existing  # the code of the resident's own active booking that stands in the way


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def normalise_code(value: str) -> str:
    """A booking code as typed or as read from the QR code (which may hold a URL with ``kode=``)."""
    text = (value or "").strip()
    if "kode=" in text:
        text = text.split("kode=", 1)[1].split("&", 1)[0]
    text = text.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:12]


# --- Availability (cached) -------------------------------------------------------------------


def full_key(slot_id: int) -> str:
    """The cache key of a slot's "full" marker (its value is the cached answer, see :func:`_full_error`)."""
    return f"appt:full:{slot_id}"


def _next_free_key(location_id: int, service_id: int, after: dt.date) -> str:
    return f"appt:next:{location_id}:{service_id}:{after.isoformat()}"


def cached_full(slot_id: int) -> dict[str, Any] | None:
    """If the slot was seen full recently, the cached answer (with the next free date), else None."""
    value = cache.get(full_key(slot_id))
    return value if isinstance(value, dict) else None


def mark_not_full(slot_id: int) -> None:
    cache.delete(full_key(slot_id))


def next_free(location_id: int, service_id: int, after: dt.date) -> dict[str, Any] | None:
    """The first open slot with a free place after ``after`` (cached for a few seconds):
    ``{"slot_id", "date", "start", "end", "label"}`` or None."""
    key = _next_free_key(location_id, service_id, after)
    found = cache.get(key)
    if found is not None:
        return found or None
    from apps.locations.models import Location

    location = Location.objects.get(pk=location_id)
    now = timezone.localtime()
    candidates = (
        Slot.objects.filter(
            location_id=location_id,
            service_id=service_id,
            date__gt=after,
            date__lte=after + dt.timedelta(days=LOOKAHEAD_DAYS),
            booked__lt=F("quota"),
        )
        .order_by("date", "start_time")
        .only("id", "date", "start_time", "end_time")[:50]
    )
    result: dict[str, Any] = {}
    closures = location.closures_between(after, after + dt.timedelta(days=LOOKAHEAD_DAYS))
    for slot in candidates:
        if slot.ends_at() <= now or not location.is_open_on(slot.date, closures=closures):
            continue
        result = {
            "slot_id": slot.pk,
            "date": slot.date.isoformat(),
            "start": f"{slot.start_time:%H:%M}",
            "end": f"{slot.end_time:%H:%M}",
            "label": date_format(slot.date, "l, j F Y"),
        }
        break
    cache.set(key, result, NEXT_FREE_CACHE_SECONDS)
    return result or None


def days_with_slots(
    location: Any, service: Any, *, start: dt.date | None = None, days: int = 14
) -> list[dict[str, Any]]:
    """Open days with their slots and free places, for the booking page."""
    start = start or timezone.localdate()
    now = timezone.localtime()
    slots = Slot.objects.filter(
        location=location, service=service, date__gte=start, date__lt=start + dt.timedelta(days=days + 14)
    ).order_by("date", "start_time")
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, []).append(slot)
    closures = location.closures_between(min(by_day), max(by_day)) if by_day else []
    result: list[dict[str, Any]] = []
    for day, day_slots in by_day.items():
        reason = location.closed_reason(day, closures=closures)
        visible = [s for s in day_slots if s.ends_at() > now]
        if not visible:
            continue
        result.append({"date": day, "closed_reason": reason, "slots": visible, "free": sum(s.free for s in visible)})
        if len(result) >= days:
            break
    return result


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
    from apps.locations.models import Location

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


# --- Slots -----------------------------------------------------------------------------------


def quota_rule(location: Any, service: Any) -> QuotaRule:
    rule, _created = QuotaRule.objects.get_or_create(location=location, service=service)
    return rule


def ensure_slots(location: Any, service: Any, day: dt.date) -> list[Slot]:
    """Create the day's slots from the location's opening hours and quota rule (idempotent)."""
    hours = location.hours_on(day)
    if hours is None or not is_working_day(day):
        return []
    rule = quota_rule(location, service)
    opening, closing = hours
    start = dt.datetime.combine(day, opening)
    end = dt.datetime.combine(day, closing)
    step = dt.timedelta(minutes=rule.slot_minutes)
    windows: list[tuple[dt.time, dt.time]] = []
    while start + step <= end:
        windows.append((start.time(), (start + step).time()))
        start += step
    if not windows:
        return []
    online_total = rule.daily_capacity * rule.online_share // 100
    walk_in_total = rule.daily_capacity - online_total
    result: list[Slot] = []
    for index, (begin, finish) in enumerate(windows):
        online = online_total // len(windows) + (1 if index < online_total % len(windows) else 0)
        walk_in = walk_in_total // len(windows) + (1 if index < walk_in_total % len(windows) else 0)
        slot, _created = Slot.objects.get_or_create(
            location=location,
            service=service,
            date=day,
            start_time=begin,
            defaults={"end_time": finish, "quota": online, "walk_in_quota": walk_in},
        )
        result.append(slot)
    return result


def ensure_slots_ahead(days: int = 14) -> int:
    """Create the missing slots for the next ``days`` working days for every quota rule (a job).
    Returns how many slots those days have (existing ones included)."""
    created = 0
    day = timezone.localdate()
    count = 0
    while count < days:
        day += dt.timedelta(days=1)
        if not is_working_day(day):
            continue
        count += 1
        for rule in QuotaRule.objects.select_related("location", "service").filter(location__is_active=True):
            created += len(ensure_slots(rule.location, rule.service, day))
    return created


# --- Jobs ------------------------------------------------------------------------------------


def send_reminders(today: dt.date | None = None) -> int:
    """Remind residents the day before their visit (once per booking)."""
    from apps.notifications.services import in_language, notify

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
    from apps.notifications.services import in_language, notify

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
