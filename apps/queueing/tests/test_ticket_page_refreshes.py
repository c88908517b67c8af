"""In a real browser on a phone: the resident's queue ticket page is usable before htmx arrives (it fetches the
17 KB a few seconds after loading, apps/core/templatetags/assets.py) and still shows the call by itself."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.appointments.tests.factories import make_counter, make_location, make_service, require_open_today
from apps.queueing.models import Ticket
from apps.queueing.services import call_next
from conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture uses them)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ticket_page_shows_the_call_without_a_touch(browser, live_server) -> None:
    require_open_today()
    location, service = make_location(), make_service()
    counter = make_counter(location, 4)
    ticket = Ticket.objects.create(location=location, date=timezone.localdate(), service=service, queue_code="C",
                                   number=1, token="refresh-1", queued_at=timezone.now())
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 412, "height": 915})
    try:
        phone = context.new_page()
        phone.goto(live_server.url + reverse("queueing:ticket", args=[ticket.token]), wait_until="load")
        assert phone.evaluate("typeof window.htmx") == "undefined"  # not in the way of the first load
        assert "loket" not in phone.locator("#ticket-status").inner_text()
        assert call_next(counter) == ticket
        # htmx arrives 6 s after load and polls every 10 s: the call shows within about 16 s, untouched.
        phone.locator("#ticket-status").filter(has_text="loket 4").wait_for(timeout=30000)
        assert phone.evaluate("typeof window.htmx") == "object"
    finally:
        context.close()
