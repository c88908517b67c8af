"""The public home page: services, that they are free, locations and hours."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_that_the_service_is_free_and_the_office_hours(client):
    from apps.locations.models import Location

    Location.objects.create(name="Kantor Disdukcapil Klaten", slug="utama", kind="main_office", address="Jl. Pemuda")
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gratis" in body and "79A" in body
    assert "Kantor Disdukcapil Klaten" in body
    assert "08:00" in body


def test_it_has_a_strict_content_security_policy(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.browser
def test_the_home_page_renders_in_a_phone_browser(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Layanan KTP-el Kabupaten Klaten"
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "home.png"))
