"""In a real browser: the kiosk issues C-001, a counter calls it, the display shows it within 2 s
and speaks it; a booked resident checks in with the code their QR encodes."""

from __future__ import annotations

import time

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.appointments import services as booking_services
from apps.appointments.tests.factories import make_counter, make_location, make_service, make_slot, require_open_today
from apps.queueing.speech import spoken_call
from conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture uses them)
from tests.factories import make_resident, make_staff, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context_for(browser, live_server, user=None, *, staff=True, viewport=None):
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Jakarta", viewport=viewport or {"width": 1280, "height": 800}
    )
    context.set_default_timeout(15000)
    if user is not None:
        client = Client()
        if staff:
            sign_in_staff(client, user)
        else:
            client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_kiosk_ticket_is_called_and_shown_on_the_display_within_two_seconds(browser, live_server):
    require_open_today()
    location, service = make_location(), make_service()
    counter = make_counter(location, 3)
    desk = _context_for(browser, live_server, make_staff("information_desk"))
    officer = _context_for(browser, live_server, make_staff("file_receiver"))
    screen = _context_for(browser, live_server, viewport={"width": 1920, "height": 1080})
    try:
        display = screen.new_page()
        display.goto(live_server.url + reverse("queueing:display", args=[location.slug]))
        kiosk = desk.new_page()
        kiosk.goto(live_server.url + reverse("queueing_staff:kiosk", args=[location.slug]))
        kiosk.get_by_role("link", name=service.name).click()
        kiosk.locator("#kiosk-regular").click()
        assert kiosk.locator("#ticket-label").inner_text() == "C-001"
        console = officer.new_page()
        console.goto(live_server.url + reverse("queueing_staff:console", args=[counter.pk]))
        console.locator("body").press("n")  # keyboard shortcut for "call next"
        console.wait_for_url("**/loket/*/")
        assert console.locator("#current-label").inner_text() == "C-001"
        called_at = time.monotonic()
        display.locator("#now-number").filter(has_text="C-001").wait_for(timeout=2000)
        assert time.monotonic() - called_at < 2.0
        assert display.locator("#now-counter").inner_text() == "3"
        # The display announced it, with the same words the server would say.
        display.wait_for_function("document.body.getAttribute('data-spoken-last')", timeout=2000)
        assert display.evaluate("document.body.getAttribute('data-spoken-last')") == spoken_call("C-001", 3)
        for label, number in (("C-012", 3), ("C-120", 11), ("C-999", 21), ("C-1000", 2)):
            assert display.evaluate("([l, n]) => window.SiponQueue.spokenCall(l, n)", [label, number]) == spoken_call(
                label, number
            )
        display.screenshot(path=str(_shot("display.png")))
        kiosk.goto(live_server.url + reverse("queueing_staff:kiosk", args=[location.slug]))
        kiosk.screenshot(path=str(_shot("kiosk.png")))
        console.screenshot(path=str(_shot("console.png")), full_page=True)
    finally:
        desk.close()
        officer.close()
        screen.close()


def test_a_booked_resident_checks_in_with_the_code_in_their_qr(browser, live_server):
    require_open_today()
    location, service = make_location(), make_service()
    now = timezone.localtime()
    slot = make_slot(location, service, now.date(), start="00:00", end="23:59")
    resident = make_resident()
    booking = booking_services.book(resident, slot.pk)
    phone = _context_for(browser, live_server, resident, staff=False, viewport={"width": 412, "height": 915})
    desk = _context_for(browser, live_server, make_staff("information_desk"))
    try:
        mine = phone.new_page()
        mine.goto(live_server.url + reverse("appointments:detail", args=[booking.code]))
        qr_svg = mine.locator(".booking-qr svg").evaluate("el => el.outerHTML")
        expected = segno.make(booking.code, error="m").svg_inline(
            scale=6, border=2, dark="#000", light="#fff", omitsize=True
        )
        assert _path_of(qr_svg) == _path_of(expected)  # the QR on the phone encodes exactly the booking code
        mine.screenshot(path=str(_shot("booking.png")), full_page=True)
        mine.goto(live_server.url + reverse("appointments:new") + f"?layanan={service.code}&lokasi={location.slug}")
        mine.screenshot(path=str(_shot("picker.png")), full_page=True)
        kiosk = desk.new_page()
        kiosk.goto(live_server.url + reverse("queueing_staff:kiosk_checkin", args=[location.slug]))
        kiosk.locator("#id_code").fill(booking.code)  # what a QR scanner types
        kiosk.locator("#id_code").press("Enter")
        assert kiosk.locator("#ticket-label").inner_text() == "C-001"
        booking.refresh_from_db()
        assert booking.status == "checked_in"
        kiosk.screenshot(path=str(_shot("ticket.png")))
    finally:
        phone.close()
        desk.close()


def _path_of(svg: str) -> str:
    import re

    match = re.search(r' d="([^"]+)"', svg)
    assert match, svg[:200]
    return match.group(1)


def _shot(name: str):
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"queueing-{name}"
