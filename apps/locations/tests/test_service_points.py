"""Service points: opening hours, public holidays and closures decide whether a location serves on a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.announcements.models import Notice
from apps.appointments.tests.factories import make_location
from apps.core.calendar import holidays_in
from apps.locations.models import Closure, Counter, Stage
from apps.locations.services import add_closure
from tests.factories import after_commit

pytestmark = pytest.mark.django_db


def test_public_holidays_weekends_and_closures_are_closed_days():
    location = make_location(opening_hours={str(d): ["08:00", "15:00"] for d in range(5)})
    location.opening_hours = {str(d): ["08:00", "15:00"] for d in range(5)}
    location.save()
    independence = dt.date(2027, 8, 17)
    assert independence in holidays_in(2027)
    assert "libur" in (location.closed_reason(independence) or "").lower()
    assert location.closed_reason(dt.date(2027, 8, 21)) is not None  # a Saturday
    monday = dt.date(2027, 8, 23)
    assert location.is_open_on(monday)
    with after_commit():  # bookings moved and the notice raised after commit
        add_closure(location, monday, monday, "Pemadaman listrik PLN")
    assert "Pemadaman listrik PLN" in (location.closed_reason(monday) or "")
    assert Notice.objects.get(kind="closure").locations.get() == location


def test_a_closure_needs_a_reason_and_ordered_dates():
    location = make_location()
    with pytest.raises(ValidationError):
        add_closure(location, dt.date(2027, 8, 24), dt.date(2027, 8, 23), "Pindah gedung")
    with pytest.raises(ValidationError):
        add_closure(location, dt.date(2027, 8, 23), dt.date(2027, 8, 23), "  ")
    assert not Closure.objects.exists()


def test_counters_serve_stages_and_are_managed_in_the_admin(staff_client):
    admin_client = staff_client("administrator", is_staff=True, is_superuser=True)
    location = make_location()
    response = admin_client.post(
        reverse("admin:locations_counter_add"),
        {
            "location": location.pk,
            "number": 4,
            "name": "Penerimaan berkas",
            "stages": [Stage.DOCUMENT_CHECK],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    counter = Counter.objects.get(number=4)
    assert counter.serves_stage(Stage.DOCUMENT_CHECK) and not counter.serves_stage(Stage.BIOMETRIC)
    with after_commit():  # the closure's notice is raised after commit
        closure = admin_client.post(
            reverse("admin:locations_closure_add"),
            {"location": location.pk, "start_date": "2027-08-23", "end_date": "2027-08-24", "reason": "Renovasi"},
        )
    assert closure.status_code == 302
    assert Notice.objects.filter(kind="closure", summary__contains="Renovasi").exists()
