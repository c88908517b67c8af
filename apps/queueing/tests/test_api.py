"""The public ticket-status API: anyone holding the ticket's token reads its status, nothing personal."""

from __future__ import annotations

import pytest

from apps.appointments.tests.factories import make_location, make_service, require_open_today
from apps.queueing import services

pytestmark = pytest.mark.django_db


def test_anyone_with_the_token_reads_the_tickets_status_and_place(client):
    require_open_today()
    location, service = make_location(), make_service()
    first = services.issue_ticket(location, service, contact_phone="081234567890")
    second = services.issue_ticket(location, service)
    body = client.get(f"/api/v1/antrean/tiket/{second.token}").json()
    assert body["label"] == second.label and body["status"] == "waiting"
    assert body["people_ahead"] == 1 and body["counter"] is None
    assert "0812" not in str(client.get(f"/api/v1/antrean/tiket/{first.token}").content)


@pytest.mark.parametrize("token", ["tidak-ada", "x" * 24, "%27%20OR%201%3D1"])
def test_an_unknown_token_is_404(client, token):
    response = client.get(f"/api/v1/antrean/tiket/{token}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
