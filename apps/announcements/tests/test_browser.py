"""The issue's "done when", end to end in Chromium: a relocation notice published by staff
reaches the resident banner, the feed, a signed webhook and a story image; the dashboard
draws its charts, drills down, and exports XLSX and PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image, ImageChops
from pypdf import PdfReader

from apps.announcements import webhooks
from apps.announcements.models import DeliveryStatus, Notice, WebhookDelivery
from apps.announcements.story import render_story
from apps.announcements.tests.factories import make_endpoint, make_location
from apps.announcements.tests.receiver import webhook_receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SIPON_VAR_DIR", "var")) / "screens"


def _sign_in(page: Any, live_server: Any, role: str) -> Any:
    from django.test import Client

    from tests.factories import make_staff, sign_in_staff

    user = make_staff(role)
    client = Client()
    sign_in_staff(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return user


def test_it_spreads_a_relocation_notice_everywhere(page: Any, live_server: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    location = make_location(slug="kantor-utama", name="Kantor Disdukcapil Klaten")
    with webhook_receiver(8156) as receiver:
        endpoint = make_endpoint(receiver["url"])
        _sign_in(page, live_server, "section_head")
        page.goto(f"{live_server.url}/staf/pengumuman/lokasi/{location.slug}/pindah/")
        page.get_by_label("Alamat baru").fill("Jl. Veteran No. 5, Klaten Tengah")
        page.get_by_label("Tautan peta").fill("https://www.openstreetmap.org/way/123")
        page.get_by_role("button", name="Simpan alamat baru dan umumkan").click()
        page.wait_for_url("**/staf/pengumuman/*/")
        page.screenshot(path=str(SHOTS / "notice-staff.png"), full_page=True)
        notice = Notice.objects.get(kind="office_moved")
        assert "Jl. Veteran No. 5" in page.content()

        # The task worker's step (the test settings may use the database task backend).
        for delivery_id in WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True):
            webhooks.attempt(delivery_id)
        assert len(receiver["requests"]) >= 1
        posted = receiver["requests"][0]
        expected = "sha256=" + hmac.new(endpoint.secret.encode(), posted["body"], hashlib.sha256).hexdigest()
        assert posted["headers"]["X-Sipon-Signature"] == expected
        payload = json.loads(posted["body"])
        assert payload["notice"]["title"] == notice.title
        assert payload["notice"]["map_url"] == "https://www.openstreetmap.org/way/123"

    # The resident home page carries the banner.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    banner = page.locator(".notices")
    assert notice.title in banner.inner_text()
    page.screenshot(path=str(SHOTS / "home-banner.png"), full_page=True)

    # The status page shows the new address.
    page.goto(f"{live_server.url}/pengumuman/status/{location.slug}/")
    assert "Jl. Veteran No. 5, Klaten Tengah" in page.locator("main").inner_text()

    # The feed carries it.
    feed = page.request.get(f"{live_server.url}/pengumuman/feed/")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert notice.title in feed.text()

    # The story image: a 1080x1920 PNG whose text area differs from the bare frame.
    story = page.request.get(f"{live_server.url}/pengumuman/{notice.pk}/story.png")
    image = Image.open(io.BytesIO(story.body()))
    assert (image.format, image.size) == ("PNG", (1080, 1920))
    frame = Image.open(io.BytesIO(render_story(notice, include_text=False))).convert("RGB")
    assert ImageChops.difference(image.convert("RGB").crop((80, 500, 1000, 700)),
                                 frame.crop((80, 500, 1000, 700))).getbbox() is not None
    image.save(SHOTS / "story.png")


def test_it_draws_the_dashboard_drills_down_and_exports(page: Any, live_server: Any) -> None:
    from apps.dashboards.aggregates import refresh_all
    from apps.dashboards.tests.factories import application

    SHOTS.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    late = application(status="in_verification", due=today - dt.timedelta(days=3), full_name="BERKAS TERLAMBAT",
                       submitted=timezone.now() - dt.timedelta(days=8))
    for i in range(4):
        application(status="sent_to_central", submitted=timezone.now() - dt.timedelta(days=40 + i),
                    channel="walk_in" if i % 2 else "online")
    refresh_all()
    _sign_in(page, live_server, "section_head")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staf/dasbor/")
    assert page.locator("svg.chart").count() >= 3
    assert page.locator("svg.bar-chart rect").count() >= 5
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    page.locator(".decisions a").first.click()
    page.wait_for_url("**/staf/dasbor/daftar/**")
    assert late.number in page.content()
    assert "BERKAS TERLAMBAT" in page.locator("table.drill").inner_text()
    page.screenshot(path=str(SHOTS / "drilldown.png"), full_page=True)

    xlsx = page.request.get(f"{live_server.url}/staf/dasbor/ekspor/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.body()))
    assert book.worksheets[0]["A1"].value
    pdf = page.request.get(f"{live_server.url}/staf/dasbor/ekspor/pdf/")
    assert len(PdfReader(io.BytesIO(pdf.body())).pages) >= 1
