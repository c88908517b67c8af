"""The bookings API: a resident lists, reads, books and cancels their own bookings; nobody else's; bad input changes
nothing; the quota, the one-booking-per-NIK rule and the rate limits are the page's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from apps.appointments.models import Booking, BookingStatus, Slot
from apps.appointments.tests.factories import make_location, make_service, make_slot, open_day
from tests.factories import make_resident

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reservasi"


def _post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, data or {}, content_type="application/json")


def test_a_resident_books_and_cancels_through_the_api(client):
    user = make_resident()
    slot = make_slot(make_location(), make_service(), quota=2)
    client.force_login(user)
    booked = _post(client, f"{BASE}/", {"slot": slot.pk})
    assert booked.status_code == 201, booked.content
    code = booked.json()["code"]
    assert booked.json()["status"] == BookingStatus.BOOKED and booked.json()["date"] == slot.date.isoformat()
    cancelled = _post(client, f"{BASE}/{code}/batal")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == BookingStatus.CANCELLED
    slot.refresh_from_db()
    assert slot.booked == 0
    assert _post(client, f"{BASE}/{code}/batal").status_code == 409


def test_a_resident_lists_and_reads_only_their_own_bookings(client):
    owner, other = make_resident(), make_resident()
    location = make_location()
    first = make_slot(location, make_service(), open_day(2))
    second = make_slot(location, make_service("ktp-hilang", "KTP-el hilang", "H"), open_day(5))
    client.force_login(owner)
    early = _post(client, f"{BASE}/", {"slot": first.pk}).json()["code"]
    late = _post(client, f"{BASE}/", {"slot": second.pk}).json()["code"]
    other_client = Client()
    other_client.force_login(other)
    theirs = _post(other_client, f"{BASE}/", {"slot": first.pk}).json()["code"]

    listed = client.get(f"{BASE}/")
    assert listed.status_code == 200
    assert [b["code"] for b in listed.json()] == [late, early]  # latest visit first, nobody else's
    assert client.get(f"{BASE}/{early.lower()}").json()["date"] == first.date.isoformat()
    assert client.get(f"{BASE}/{theirs}").status_code == 404
    assert other_client.get(f"{BASE}/").json()[0]["code"] == theirs


def test_anonymous_callers_get_401_and_nothing_changes(client):
    slot = make_slot(make_location(), make_service())
    assert client.get(f"{BASE}/").status_code == 401
    assert _post(client, f"{BASE}/", {"slot": slot.pk}).status_code == 401
    slot.refresh_from_db()
    assert slot.booked == 0 and not Booking.objects.exists()


def test_another_resident_neither_sees_nor_cancels_a_booking(client):
    owner, other = make_resident(), make_resident()
    slot = make_slot(make_location(), make_service())
    owner_client = Client()
    owner_client.force_login(owner)
    code = _post(owner_client, f"{BASE}/", {"slot": slot.pk}).json()["code"]
    client.force_login(other)
    assert _post(client, f"{BASE}/{code}/batal").status_code == 404
    assert Booking.objects.get(code=code).status == BookingStatus.BOOKED


@pytest.mark.parametrize("payload", [{"slot": "abc"}, {}, {"slot": None}])
def test_a_malformed_booking_request_is_422_and_changes_nothing(client, payload):
    make_slot(make_location(), make_service())
    client.force_login(make_resident())
    assert _post(client, f"{BASE}/", payload).status_code == 422
    assert not Booking.objects.exists()


def test_an_unknown_slot_a_second_booking_and_a_full_slot_are_refused(client):
    location, service = make_location(), make_service()
    first = make_slot(location, service, open_day(1))
    full = make_slot(location, service, open_day(1), start="10:00", end="11:00", quota=1, booked=1)
    client.force_login(make_resident())
    unknown = _post(client, f"{BASE}/", {"slot": 999999})
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid"
    refused = _post(client, f"{BASE}/", {"slot": full.pk})
    assert refused.status_code == 409 and refused.json()["code"] == "full"
    assert refused.json()["next_free"]["slot_id"] == first.pk
    assert _post(client, f"{BASE}/", {"slot": first.pk}).status_code == 201
    again = _post(client, f"{BASE}/", {"slot": first.pk})
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    assert Booking.objects.count() == 1 and Slot.objects.get(pk=full.pk).booked == 1


def test_a_booking_write_needs_the_csrf_token():
    slot = make_slot(make_location(), make_service())
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_resident())
    assert _post(client, f"{BASE}/", {"slot": slot.pk}).status_code == 403
    assert not Booking.objects.exists()


def test_the_api_applies_the_per_account_limit(client, settings):
    settings.APPOINTMENTS_RATE_PER_ACCOUNT = 2
    from django.core.cache import cache

    cache.clear()
    client.force_login(make_resident())
    codes = [_post(client, f"{BASE}/", {"slot": 999999}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
