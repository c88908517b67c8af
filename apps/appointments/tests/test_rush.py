"""The rush: many residents book one slot at the same moment (real threads, real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import Count

from apps.appointments import services
from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.tests.factories import make_location, make_service, make_slot
from tests.factories import make_resident


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_bookings_for_a_quota_of_50_give_exactly_50_and_never_two_for_one_nik(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 150 accounts, quickly
    slot = make_slot(make_location(), make_service(), quota=50)
    residents = [make_resident() for _ in range(150)]
    # 150 different people; 50 of them press the button twice at the same moment.
    attempts = residents + residents[:50]
    barrier = threading.Barrier(len(attempts))
    # PostgreSQL allows 100 connections on this machine (shared with other test runs): at most 40
    # transactions run at once there; on SQLite every thread has its own connection.
    gate = threading.BoundedSemaphore(40 if connection.vendor == "postgresql" else len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(user: object) -> None:
        barrier.wait()
        with gate:
            try:
                services.book(user, slot.pk)
                result = "booked"
            except services.BookingError as error:
                result = error.code
            except Exception as error:  # anything else is a failure of the test
                result = f"error:{error!r}"
            finally:
                close_old_connections()
                connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert len(outcomes) == 200
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes.count("booked") == 50
    assert set(outcomes) <= {"booked", "full", "duplicate"}
    slot.refresh_from_db()
    assert slot.booked == 50
    assert Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 50
    assert not Booking.objects.values("nik").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Slot.objects.get(pk=slot.pk).booked <= slot.quota
