"""Booking a visit slot: the happy path and every bad input leaves nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.appointments import services
from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.tests.factories import make_location, make_service, make_slot, open_day
from apps.locations.services import add_closure
from tests.factories import after_commit, make_resident

pytestmark = pytest.mark.django_db


def test_it_books_a_place_and_shows_the_code_and_qr(client):
    user = make_resident()
    slot = make_slot(make_location(), make_service(), quota=2)
    client.force_login(user)
    response = client.post(reverse("appointments:book"), {"slot": slot.pk})
    booking = Booking.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == reverse("appointments:detail", args=[booking.code])
    slot.refresh_from_db()
    assert slot.booked == 1
    page = client.get(response.url)
    assert booking.code in page.content.decode()
    assert "<svg" in page.content.decode()
    assert booking.nik == user.resident.nik


def test_it_refuses_a_second_active_booking_for_the_same_nik(client):
    user = make_resident()
    location, service = make_location(), make_service()
    first, second = make_slot(location, service), make_slot(location, service, start="09:00", end="10:00")
    client.force_login(user)
    client.post(reverse("appointments:book"), {"slot": first.pk})
    response = client.post(reverse("appointments:book"), {"slot": second.pk})
    assert response.status_code == 409
    assert "sudah punya reservasi aktif" in response.content.decode()
    existing = Booking.objects.get(user=user)
    assert reverse("appointments:detail", args=[existing.code]) in response.content.decode()  # a way to it
    second.refresh_from_db()
    assert second.booked == 0
    assert Booking.objects.filter(user=user).count() == 1


def test_it_refuses_a_closed_day_and_changes_nothing(client):
    user = make_resident()
    location, service = make_location(), make_service()
    day = open_day(3)
    slot = make_slot(location, service, day)
    with after_commit():  # bookings moved and the notice raised after commit
        add_closure(location, day, day, "Pemadaman listrik terjadwal")
    client.force_login(user)
    response = client.post(reverse("appointments:book"), {"slot": slot.pk})
    assert response.status_code == 400
    assert "Pemadaman listrik terjadwal" in response.content.decode()
    slot.refresh_from_db()
    assert slot.booked == 0 and not Booking.objects.exists()


def test_it_refuses_a_past_slot(client):
    user = make_resident()
    slot = make_slot(make_location(), make_service(), timezone.localdate() - dt.timedelta(days=2))
    client.force_login(user)
    response = client.post(reverse("appointments:book"), {"slot": slot.pk})
    assert response.status_code == 400
    assert "sudah lewat" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "", "1 OR 1=1"])
def test_it_refuses_a_tampered_slot_id(client, value):
    user = make_resident()
    make_slot(make_location(), make_service())
    client.force_login(user)
    response = client.post(reverse("appointments:book"), {"slot": value})
    assert response.status_code == 400
    assert "tidak dikenal" in response.content.decode()
    assert not Booking.objects.exists()
    assert Slot.objects.get().booked == 0


def test_it_answers_full_with_the_next_free_date(client):
    location, service = make_location(), make_service()
    full = make_slot(location, service, open_day(1), quota=1, booked=1)
    later = make_slot(location, service, open_day(2) if open_day(2) != full.date else open_day(4), quota=5)
    client.force_login(make_resident())
    response = client.post(reverse("appointments:book"), {"slot": full.pk})
    assert response.status_code == 409
    body = response.content.decode()
    assert "sudah penuh" in body
    assert f'value="{later.pk}"' in body
    assert not Booking.objects.exists()
    # The second "full" answer comes from the cache, without signing in.
    client.logout()
    again = client.post(reverse("appointments:book"), {"slot": full.pk})
    assert again.status_code == 409 and f'value="{later.pk}"' in again.content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(client):
    slot = make_slot(make_location(), make_service())
    response = client.post(reverse("appointments:book"), {"slot": slot.pk})
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert not Booking.objects.exists()


def test_it_hides_another_residents_booking(client):
    owner, other = make_resident(), make_resident()
    booking = services.book(owner, make_slot(make_location(), make_service()).pk)
    client.force_login(other)
    assert client.get(reverse("appointments:detail", args=[booking.code])).status_code == 404
    assert client.post(reverse("appointments:cancel", args=[booking.code])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_it_cancels_and_gives_the_place_back(client):
    user = make_resident()
    slot = make_slot(make_location(), make_service(), quota=1)
    booking = services.book(user, slot.pk)
    client.force_login(user)
    client.post(reverse("appointments:cancel", args=[booking.code]))
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and slot.booked == 0
    # The NIK may book again once the old booking is no longer active.
    assert services.book(user, slot.pk).status == BookingStatus.BOOKED


def test_it_reschedules_atomically(client):
    user = make_resident()
    location, service = make_location(), make_service()
    first = make_slot(location, service)
    full = make_slot(location, service, start="10:00", end="11:00", quota=1, booked=1)
    free = make_slot(location, service, start="11:00", end="12:00")
    booking = services.book(user, first.pk)
    client.force_login(user)
    refused = client.post(reverse("appointments:reschedule", args=[booking.code]), {"slot": full.pk})
    assert refused.status_code == 409
    booking.refresh_from_db()
    assert booking.slot_id == first.pk
    client.post(reverse("appointments:reschedule", args=[booking.code]), {"slot": free.pk})
    booking.refresh_from_db()
    first.refresh_from_db()
    free.refresh_from_db()
    assert booking.slot_id == free.pk and first.booked == 0 and free.booked == 1


def test_it_rate_limits_per_account(client, settings):
    settings.APPOINTMENTS_RATE_PER_ACCOUNT = 2
    from django.core.cache import cache

    cache.clear()
    user = make_resident()
    client.force_login(user)
    codes = [client.post(reverse("appointments:book"), {"slot": "999"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    last = client.post(reverse("appointments:book"), {"slot": "999"})
    assert "Terlalu banyak permintaan" in last.content.decode()


def test_the_slot_lookup_reads_the_slot_its_location_and_closure_as_the_orm_does():
    from django.forms.models import model_to_dict

    location = make_location()
    day = open_day(3)
    slot = make_slot(location, make_service(), day, quota=7, booked=2)
    found = services.get_slot(slot.pk)
    assert model_to_dict(found) == model_to_dict(Slot.objects.get(pk=slot.pk))
    assert found.location.is_active and found.location.opening_hours == location.opening_hours
    assert found.location.name == location.name  # any other field is read when used
    extra: Any = found  # get_slot adds has_closure, which is not a model field
    assert extra.has_closure is False
    with after_commit():  # bookings moved and the notice raised after commit
        add_closure(location, day, day, "Pemadaman listrik terjadwal")
    again: Any = services.get_slot(slot.pk)
    assert again.has_closure is True


def _slots_on_days(location, service, days: int) -> list[Slot]:
    return [make_slot(location, service, timezone.localdate() + dt.timedelta(days=n)) for n in range(1, days + 1)]


def _refusal_queries(client, days: int, slug: str) -> tuple[int, str]:
    """Queries made by the picker a resident gets back when they book a second time (``days`` of slots)."""
    user = make_resident()
    location, service = make_location(slug, slug), make_service()
    slots = _slots_on_days(location, service, days)
    with after_commit():  # bookings moved and the notice raised after commit
        add_closure(location, slots[1].date, slots[1].date, "Gedung diperbaiki")
    client.force_login(user)
    client.post(reverse("appointments:book"), {"slot": slots[0].pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("appointments:book"), {"slot": slots[2].pk})
    assert response.status_code == 409
    return len(queries), response.content.decode()


def test_the_refusal_page_costs_the_same_however_many_days_it_shows(client):
    """A resident pressing "book" twice in a rush gets the picker again: its cost must not grow with the days
    shown (one closure query per day made it about 20 times dearer than a booking)."""
    few, _page = _refusal_queries(client, 3, "kantor-kecil")
    many, page = _refusal_queries(client, 14, "kantor-besar")
    assert many == few
    assert "sudah punya reservasi aktif" in page
    assert "Gedung diperbaiki" in page  # the closed day still says why
