"""Browser journeys: whole visits through the real pages, each person in their own Chromium context on a
412 px phone viewport. Set-up writes the office (counters, blank stock, accounts); after that only the pages
and the background workers (outbox drain, central poll) move anything."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.appointments.tests.factories import require_open_today
from apps.central.tests.conftest import simulator  # noqa: F401  (the simulator fixture, shared)

STAFF_PASSWORD = "Rahasia-123"  # tests.factories.make_staff's


@pytest.fixture(autouse=True)
def _open_today() -> None:
    require_open_today()


@pytest.fixture
def person(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``person()`` opens a new phone-sized browser for one more person; ``person(staff=user)`` signs a
    staff member in through the sign-in page with their current TOTP code."""
    contexts: list[Any] = []

    def make(staff: Any = None, password: str | None = None) -> Any:
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta",
                                      viewport={"width": 412, "height": 915})
        context.set_default_timeout(60000)  # the CI machine is small and shared
        contexts.append(context)
        page = context.new_page()
        if staff is not None:
            page.goto(f"{live_server.url}/akun/masuk/")
            page.get_by_label("E-mail, nomor HP, atau nama pengguna").fill(staff.username)
            page.get_by_label("Kata sandi").fill(password or STAFF_PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url("**/akun/verifikasi-2fa/**")
            device = TOTPDevice.objects.get(user=staff)
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(f"{code:06d}")
            page.get_by_role("button", name="Verifikasi").click()
            page.wait_for_url(lambda url: "verifikasi-2fa" not in url)
        return page

    yield make
    for context in contexts:
        context.close()
