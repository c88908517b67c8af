"""The rush's "full" answer, given by FullSlotMiddleware before the session and user are read: still correct,
still rate-limited per address, and never a way around CSRF for an actual booking."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.appointments.models import Booking, Slot
from apps.appointments.tests.factories import make_location, make_service, make_slot, open_day
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

SECRET = "abcdefghijklmnopqrstuvwxyz012345"  # a well-formed CSRF cookie (32 letters and digits)


def _full_and_later() -> tuple[Slot, Slot]:
    location, service = make_location(), make_service()
    full = make_slot(location, service, open_day(1), quota=1, booked=1)
    later = make_slot(location, service, open_day(2) if open_day(2) != full.date else open_day(4), quota=5)
    # The first resident to try finds it full the ordinary way, which leaves the marker in the cache.
    first = Client()
    first.force_login(make_resident())
    assert first.post(reverse("appointments:book"), {"slot": full.pk}).status_code == 409
    return full, later


def _resident_client(**kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]  # Client's own keyword arguments
    client.force_login(make_resident())
    client.cookies[settings.CSRF_COOKIE_NAME] = SECRET
    return client


def test_the_full_answer_reads_neither_session_nor_user():
    full, later = _full_and_later()
    client = _resident_client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("appointments:book"), {"slot": full.pk})
    assert response.status_code == 409
    assert "sudah penuh" in response.content.decode()
    assert f'value="{later.pk}"' in response.content.decode()
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in read and "accounts_user" not in read and "appointments_slot" not in read
    assert not Booking.objects.filter(slot=full).exists()


def test_the_full_answer_offers_the_next_slot_with_a_token_that_books_it():
    full, later = _full_and_later()
    client = _resident_client(enforce_csrf_checks=True)
    response = client.post(reverse("appointments:book"), {"slot": full.pk}, HTTP_X_CSRFTOKEN=SECRET)
    assert response.status_code == 409
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert token is not None and token.group(1) != SECRET  # masked, as Django's own forms are
    booked = client.post(reverse("appointments:book"), {"slot": later.pk, "csrfmiddlewaretoken": token.group(1)})
    assert booked.status_code == 302
    later.refresh_from_db()
    assert later.booked == 1


def test_the_full_answer_still_counts_against_the_address_limit(settings):
    settings.APPOINTMENTS_RATE_PER_IP = 2
    full, _later = _full_and_later()
    from django.core.cache import cache

    cache.clear()
    client = _resident_client()
    codes = [client.post(reverse("appointments:book"), {"slot": full.pk}).status_code for _ in range(3)]
    assert codes == [409, 409, 429]
    # The limit is per address: a resident elsewhere still gets the answer.
    other = _resident_client(REMOTE_ADDR="10.1.2.3")
    assert other.post(reverse("appointments:book"), {"slot": full.pk}).status_code == 409


def test_a_booking_without_the_csrf_token_is_refused_and_changes_nothing():
    full, later = _full_and_later()
    client = _resident_client(enforce_csrf_checks=True)
    refused = client.post(reverse("appointments:book"), {"slot": later.pk})
    assert refused.status_code == 403
    # Without a token, a full slot only gets the (read-only) full answer.
    assert client.post(reverse("appointments:book"), {"slot": full.pk}).status_code == 409
    later.refresh_from_db()
    full.refresh_from_db()
    assert later.booked == 0 and full.booked == 1
    assert not Booking.objects.exists()


def test_without_a_csrf_cookie_the_full_answer_comes_from_the_view_and_sets_one():
    full, later = _full_and_later()
    client = Client()
    client.force_login(make_resident())
    response = client.post(reverse("appointments:book"), {"slot": full.pk})
    assert response.status_code == 409 and f'value="{later.pk}"' in response.content.decode()
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_the_full_answer_is_in_the_residents_language():
    full, _later = _full_and_later()
    client = _resident_client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("appointments:book"), {"slot": full.pk})
    assert response.status_code == 409
    assert response["Content-Language"] == "en"
    indonesian = _resident_client().post(reverse("appointments:book"), {"slot": full.pk})
    assert indonesian["Content-Language"] == "id"
