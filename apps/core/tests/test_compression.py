"""Pages are compressed (GZipMiddleware, docs/decisions/0007-compressed-html.md) and htmx is only sent to
the pages that use it."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.appointments.tests.factories import make_location, make_service
from apps.queueing.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client) -> None:
    response = client.get(reverse("core:home"), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "</html>" in html
    assert len(response.content) < len(html) / 2


def test_a_page_is_plain_for_a_client_that_does_not(client) -> None:
    response = client.get(reverse("core:home"))
    assert not response.has_header("Content-Encoding")


def test_htmx_is_not_sent_to_a_page_without_htmx(client) -> None:
    html = client.get(reverse("core:home")).content.decode()
    assert "htmx.min" not in html


def test_a_page_whose_htmx_only_answers_the_user_gets_it_on_demand(client) -> None:
    from tests.security import objects
    from tests.security.principals import OWNER, make_cast

    cast = make_cast()
    url = reverse("applications:documents", kwargs=objects.draft_application(objects.Context(cast)))
    html = cast.client(OWNER).get(url).content.decode()
    assert " hx-post" in html
    assert 'data-htmx-src="/static/vendor/htmx.min' in html
    assert '<script src="/static/vendor/htmx.min' not in html


def test_htmx_is_sent_at_once_to_a_page_that_polls_often(client) -> None:
    location = make_location()
    html = client.get(reverse("queueing:display", args=[location.slug])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert '<script src="/static/vendor/htmx.min' in html and "defer" in html


def test_a_page_that_polls_slowly_gets_htmx_after_it_has_loaded(client) -> None:
    location, service = make_location(), make_service()
    # written directly: the kiosk service refuses tickets after closing time
    ticket = Ticket.objects.create(location=location, date=timezone.localdate(), service=service, queue_code="C",
                                   number=1, token="compress-1", queued_at=timezone.now())
    html = client.get(reverse("queueing:ticket", args=[ticket.token])).content.decode()
    assert 'hx-trigger="every 10s"' in html
    assert '<script src="/static/vendor/htmx.min' not in html
    assert 'data-htmx-src="/static/vendor/htmx.min' in html and 'data-htmx-after="6000"' in html


def test_api_answers_and_downloads_are_not_gzipped(client) -> None:
    for url in (reverse("api:openapi-json"), reverse("publicinfo:performance_csv")):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url
