"""Reminders the day before, no-shows releasing their place, and closures moving bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.announcements.models import Notice
from apps.appointments import services
from apps.appointments.models import BookingStatus, Slot
from apps.appointments.tests.factories import make_location, make_service, make_slot, open_day
from apps.locations.services import add_closure
from apps.notifications.models import Notification
from tests.factories import after_commit, make_resident

pytestmark = pytest.mark.django_db


def test_it_reminds_each_resident_once_the_day_before():
    location, service = make_location(), make_service()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = make_slot(location, service, tomorrow)
    booking = services.book(make_resident(), slot.pk) if location.is_open_on(tomorrow) else None
    if booking is None:
        pytest.skip("tomorrow is a public holiday")
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    note = Notification.objects.get(event="booking.reminder", channel="in_app")
    assert booking.code in note.body and note.recipient == booking.user


def test_a_no_show_releases_the_place_after_the_slot_ends():
    location, service = make_location(), make_service()
    slot = make_slot(location, service, quota=1)
    booking = services.book(make_resident(), slot.pk)
    assert services.release_no_shows(now=slot.starts_at()) == 0
    assert services.release_no_shows(now=slot.ends_at() + dt.timedelta(minutes=1)) == 1
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW and slot.booked == 0


def test_a_closure_moves_bookings_to_the_next_free_slot_and_tells_everyone():
    location, service = make_location(), make_service()
    closed_day, next_day = open_day(2), None
    day = closed_day
    while next_day is None:
        day = day + dt.timedelta(days=1)
        if location.is_open_on(day):
            next_day = day
    hit = make_slot(location, service, closed_day, quota=2)
    target = make_slot(location, service, next_day, quota=1)
    moved = services.book(make_resident(), hit.pk)
    cancelled = services.book(make_resident(), hit.pk)
    with after_commit():  # bookings moved and the notice raised after commit
        add_closure(location, closed_day, closed_day, "Gedung diperbaiki")
    moved.refresh_from_db()
    cancelled.refresh_from_db()
    assert moved.slot_id == target.pk and moved.status == BookingStatus.BOOKED
    assert cancelled.status == BookingStatus.CANCELLED and "Gedung diperbaiki" in cancelled.status_reason
    assert Slot.objects.get(pk=hit.pk).booked == 0 and Slot.objects.get(pk=target.pk).booked == 1
    assert Notification.objects.filter(event="booking.closure", recipient=moved.user).exists()
    assert Notification.objects.filter(event="booking.closure", recipient=cancelled.user).exists()
    notice = Notice.objects.get(kind="closure")
    assert "Gedung diperbaiki" in notice.summary and list(notice.locations.all()) == [location]


def test_slots_follow_the_quota_rule_and_its_online_share():
    from apps.appointments.models import QuotaRule

    location, service = make_location(), make_service()
    location.opening_hours = {str(d): ["08:00", "12:00"] for d in range(5)}
    location.save()
    QuotaRule.objects.create(location=location, service=service, daily_capacity=100, online_share=60, slot_minutes=60)
    slots = services.ensure_slots(location, service, open_day(1))
    assert len(slots) == 4
    assert sum(s.quota for s in slots) == 60 and sum(s.walk_in_quota for s in slots) == 40
    assert services.ensure_slots(location, service, open_day(1)) == slots  # idempotent
