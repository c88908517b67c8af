"""The call display's board is polled every second: an unchanged board answers 304 without being drawn.

Tickets are written directly (not through the kiosk service, which refuses them after closing time), so
these tests do not depend on the hour they run at."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.appointments.tests.factories import make_counter, make_location, make_service
from apps.queueing.models import CallEvent, Ticket, TicketStatus

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _ticket(location, service) -> Ticket:
    number = next(_numbers)
    return Ticket.objects.create(location=location, date=timezone.localdate(), service=service, queue_code="C",
                                 number=number, token=f"poll-{number}", queued_at=timezone.now())


def _board(client, location, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(reverse("queueing:display_fragment", args=[location.slug]), **headers)


def test_an_unchanged_board_is_not_modified(client, django_assert_max_num_queries) -> None:
    location, service = make_location(), make_service()
    _ticket(location, service)
    first = _board(client, location)
    assert first.status_code == 200 and first["ETag"]
    assert "no-cache" in first["Cache-Control"] and "no-store" not in first["Cache-Control"]
    with django_assert_max_num_queries(5):
        again = _board(client, location, first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("change", ["issue", "call"])
def test_a_new_ticket_or_a_call_changes_the_board(client, change: str) -> None:
    location, service = make_location(), make_service()
    counter = make_counter(location, 1)
    ticket = _ticket(location, service)
    etag = _board(client, location)["ETag"]
    if change == "issue":
        _ticket(location, service)
    else:
        Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CALLED, called_at=timezone.now(),
                                                   counter=counter)
        CallEvent.objects.create(location=location, ticket=ticket, counter=counter, label="C-001",
                                 counter_number=counter.number)
    response = _board(client, location, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_an_unknown_display_is_not_found(client) -> None:
    response = client.get(reverse("queueing:display_fragment", args=["tidak-ada"]))
    assert response.status_code == 404
