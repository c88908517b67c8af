"""A submitted application is cancelled only after a confirmation page that says it cannot be undone."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status

pytestmark = pytest.mark.django_db


def test_the_status_page_links_to_a_confirmation_that_cancels_nothing(client: Any) -> None:
    user = resident()
    application = submitted(user)
    client.force_login(user)
    url = reverse("applications:cancel", args=[application.number])
    status_page = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert f'href="{url}"' in status_page
    page = client.get(url).content.decode()
    assert "Batalkan permohonan ini?" in page and "tidak dapat diurungkan" in page
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_confirming_cancels_and_says_so(client: Any) -> None:
    user = resident()
    application = submitted(user)
    client.force_login(user)
    page = client.post(reverse("applications:cancel", args=[application.number]), follow=True).content.decode()
    application.refresh_from_db()
    assert application.status == Status.CANCELLED
    assert f"Permohonan {application.number} dibatalkan." in page


def test_a_file_past_the_desk_offers_no_confirmation_page(client: Any) -> None:
    from apps.applications import services

    user = resident()
    application = submitted(user)
    services.transition(application, Status.IN_VERIFICATION)
    client.force_login(user)
    response = client.get(reverse("applications:cancel", args=[application.number]))
    assert response.status_code == 302
