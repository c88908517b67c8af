"""Cancelling a booking asks first (a page, no JavaScript needed), can be undone for a few minutes while the slot
has room, and booking, rescheduling and cancelling each send the resident a message and say so on the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.appointments import undo
from apps.appointments.models import Booking, BookingStatus
from apps.appointments.tests.factories import make_location, make_service, make_slot
from apps.notifications.models import Notification
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _booked(client: Any, quota: int = 2) -> tuple[Any, Booking]:
    user = make_resident()
    slot = make_slot(make_location(), make_service(), quota=quota)
    client.force_login(user)
    client.post(reverse("appointments:book"), {"slot": slot.pk})
    return user, Booking.objects.get(user=user)


def test_the_cancel_button_opens_a_confirmation_page_and_cancels_nothing(client: Any) -> None:
    _user, booking = _booked(client)
    detail = client.get(reverse("appointments:detail", args=[booking.code])).content.decode()
    cancel_url = reverse("appointments:cancel", args=[booking.code])
    assert f'href="{cancel_url}"' in detail  # a link to the question, not a one-tap form
    page = client.get(cancel_url)
    assert page.status_code == 200 and "Batalkan reservasi ini?" in page.content.decode()
    assert f'action="{cancel_url}"' in page.content.decode() and "Jangan batalkan" in page.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_a_cancellation_can_be_undone_within_minutes_while_the_slot_has_room(client: Any) -> None:
    _user, booking = _booked(client)
    client.post(reverse("appointments:cancel", args=[booking.code]))
    detail = client.get(reverse("appointments:detail", args=[booking.code])).content.decode()
    assert "Urungkan pembatalan" in detail
    response = client.post(reverse("appointments:restore", args=[booking.code]), follow=True)
    assert "aktif kembali" in response.content.decode()
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and booking.slot.booked == 1


def test_an_undo_is_refused_when_the_slot_filled_up_meanwhile(client: Any) -> None:
    _user, booking = _booked(client, quota=1)
    client.post(reverse("appointments:cancel", args=[booking.code]))
    other = make_resident()
    other_client = type(client)()
    other_client.force_login(other)
    other_client.post(reverse("appointments:book"), {"slot": booking.slot_id})  # takes the freed place
    response = client.post(reverse("appointments:restore", args=[booking.code]), follow=True)
    assert "sudah penuh lagi" in response.content.decode()
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.slot.booked == 1


def test_an_undo_is_refused_after_the_deadline(client: Any, monkeypatch: Any) -> None:
    _user, booking = _booked(client)
    client.post(reverse("appointments:cancel", args=[booking.code]))
    later = timezone.now() + dt.timedelta(minutes=undo.UNDO_MINUTES + 1)
    monkeypatch.setattr("apps.appointments.undo.timezone.now", lambda: later)
    response = client.post(reverse("appointments:restore", args=[booking.code]), follow=True)
    assert "sudah tidak bisa diurungkan" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_another_browser_cannot_undo(client: Any) -> None:
    user, booking = _booked(client)
    client.post(reverse("appointments:cancel", args=[booking.code]))
    fresh = type(client)()
    fresh.force_login(user)
    fresh.post(reverse("appointments:restore", args=[booking.code]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_booking_rescheduling_and_cancelling_each_send_a_message_and_say_so(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_resident()
    location, service = make_location(), make_service()
    first, second = make_slot(location, service), make_slot(location, service, start="10:00", end="11:00")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("appointments:book"), {"slot": first.pk}, follow=True).content.decode()
    assert "kami kirim sebagai pesan" in page
    booking = Booking.objects.get(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:reschedule", args=[booking.code]), {"slot": second.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:cancel", args=[booking.code]))
    mine = Notification.objects.filter(recipient=user, channel="in_app").order_by("pk")
    assert [n.event for n in mine] == ["booking.booked", "booking.rescheduled", "booking.cancelled"]
    assert booking.code in mine[0].body and "08:00" in mine[0].body
    assert "10:00" in mine[1].body
    assert Notification.objects.filter(recipient=user, channel="email", event="booking.booked").exists()
