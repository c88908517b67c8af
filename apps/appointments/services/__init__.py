"""Booking visit slots under a quota.

The quota is never oversold: a booking is one conditional ``UPDATE slot SET booked = booked + 1
WHERE id = ? AND booked < quota`` whose row count is checked, in the same transaction as the
INSERT of the booking. One active booking per NIK and service is a partial unique index; the
IntegrityError it raises becomes a clear message. The "full" answer is cached per slot so a rush
of requests for a full slot costs a cache read, not a transaction.

The package is split by stage; every name is importable from here as before:

- :mod:`apps.appointments.services.common`: Booking codes and the shared constants.
- :mod:`apps.appointments.services.availability`:
  Availability (cached): full slots, the next free slot, days with slots; the booking error.
- :mod:`apps.appointments.services.booking`: Booking, rescheduling and cancelling under the quota.
- :mod:`apps.appointments.services.slots`: Slots and their quotas, made ahead.
- :mod:`apps.appointments.services.jobs`: Periodic jobs (reminders, no-shows) and the bookings a closure hits.
"""

from __future__ import annotations

from apps.appointments.services.availability import (
    BookingError,
    _next_free_key,
    cached_full,
    days_with_slots,
    full_key,
    mark_not_full,
    next_free,
)
from apps.appointments.services.booking import (
    SLOT_SQL,
    _check_slot_open,
    _duplicate_error,
    _full_error,
    _insert_booking,
    _profile,
    _release_place,
    _SlotFull,
    _take_place,
    book,
    cancel,
    full_error_from_cache,
    get_slot,
    reschedule,
)
from apps.appointments.services.common import (
    CODE_ALPHABET,
    FULL_CACHE_SECONDS,
    LOOKAHEAD_DAYS,
    NEXT_FREE_CACHE_SECONDS,
    new_code,
    normalise_code,
)
from apps.appointments.services.jobs import _free_slot_after, handle_closure, release_no_shows, send_reminders
from apps.appointments.services.slots import ensure_slots, ensure_slots_ahead, quota_rule

__all__ = [
    "CODE_ALPHABET",
    "FULL_CACHE_SECONDS",
    "LOOKAHEAD_DAYS",
    "NEXT_FREE_CACHE_SECONDS",
    "SLOT_SQL",
    "BookingError",
    "_SlotFull",
    "_check_slot_open",
    "_duplicate_error",
    "_free_slot_after",
    "_full_error",
    "_insert_booking",
    "_next_free_key",
    "_profile",
    "_release_place",
    "_take_place",
    "book",
    "cached_full",
    "cancel",
    "days_with_slots",
    "ensure_slots",
    "ensure_slots_ahead",
    "full_error_from_cache",
    "full_key",
    "get_slot",
    "handle_closure",
    "mark_not_full",
    "new_code",
    "next_free",
    "normalise_code",
    "quota_rule",
    "release_no_shows",
    "reschedule",
    "send_reminders",
]
