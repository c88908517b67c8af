"""After wrong second-factor codes django-otp makes one wait (1, 2, 4 ... seconds): the page says how long, in
Indonesian, instead of calling a right code wrong."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import otp_wait
from apps.accounts.roles import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def half_signed_in(client):
    staff = make_staff(Role.OPERATOR)
    client.post(reverse("accounts:login"), {"username": staff.username, "password": "Rahasia-123"})
    return client, TOTPDevice.objects.get(user=staff)


def test_it_says_how_long_to_wait_after_wrong_codes(half_signed_in):
    client, device = half_signed_in
    device.throttling_failure_count, device.throttling_failure_timestamp = 6, timezone.now()  # 32 s to wait
    device.save()
    response = client.post(reverse("accounts:otp_verify"), {"token": _code(device)})  # right code, too soon
    html = response.content.decode()
    assert response.status_code == 200
    assert "Terlalu banyak kode salah. Tunggu" in html
    assert "detik" in html
    assert "Kode salah atau sudah kedaluwarsa. Lihat kode" not in html
    assert "_auth_user_id" in client.session and client.get("/staf/akun/meja/").status_code == 302


def test_a_wrong_code_that_starts_a_wait_says_so(half_signed_in):
    client, device = half_signed_in
    device.throttling_failure_count = 4  # the next failure: 16 s to wait
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(hours=1)  # long past: a code is accepted
    device.save()
    html = client.post(reverse("accounts:otp_verify"), {"token": _wrong(device)}).content.decode()
    assert re.search(r"Kode salah atau sudah kedaluwarsa\. Tunggu 1\d detik sebelum mencoba lagi", html)


@pytest.mark.parametrize(("seconds", "text"), [(1, "1 detik"), (59, "59 detik"), (60, "1 menit"), (61, "2 menit"),
                                               (3600, "60 menit")])
def test_it_says_the_wait_in_seconds_then_minutes(seconds, text):
    assert otp_wait.wait_text(seconds) == text
