"""The call display's board is polled every second: an unchanged board answers 304 without being drawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.appointments.tests.factories import make_counter, make_location, make_service
from apps.queueing import services

pytestmark = pytest.mark.django_db


def _board(client, location, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(reverse("queueing:display_fragment", args=[location.slug]), **headers)


def test_an_unchanged_board_is_not_modified(client, django_assert_max_num_queries) -> None:
    location, service = make_location(), make_service()
    services.issue_ticket(location, service)
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
    services.issue_ticket(location, service)
    etag = _board(client, location)["ETag"]
    if change == "issue":
        services.issue_ticket(location, service)
    else:
        services.call_next(counter)
    response = _board(client, location, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_an_unknown_display_is_not_found(client) -> None:
    response = client.get(reverse("queueing:display_fragment", args=["tidak-ada"]))
    assert response.status_code == 404
