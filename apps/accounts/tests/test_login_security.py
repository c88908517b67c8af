from __future__ import annotations

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.roles import Role
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_locks_an_account_out_after_five_failed_sign_ins(client):
    user = make_resident()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, {"username": user.email, "password": "salah-sekali"})
        assert response.status_code == 200
        assert "kata sandi salah" in response.content.decode()
    locked = client.post(LOGIN, {"username": user.email, "password": "salah-sekali"})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    # even the right password is refused while locked
    again = client.post(LOGIN, {"username": user.email, "password": "Rahasia-123"})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_rotates_the_session_key_on_sign_in(client):
    user = make_resident()
    client.get(LOGIN)
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    before = session.session_key
    response = client.post(LOGIN, {"username": user.email, "password": "Rahasia-123"})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_it_signs_a_resident_in_with_a_phone_number(client):
    user = make_resident()
    user.phone = "081299990001"
    user.save()
    response = client.post(LOGIN, {"username": "+62 812-9999-0001", "password": "Rahasia-123"})
    assert response.status_code == 302
    assert response["Location"] == "/akun/beranda/"


def test_it_keeps_staff_without_the_second_factor_out_of_staff_pages(client):
    staff = make_staff(Role.SECTION_HEAD)
    response = client.post(LOGIN, {"username": staff.username, "password": "Rahasia-123"})
    assert response["Location"].startswith("/akun/verifikasi-2fa/")
    blocked = client.get("/staf/audit/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/akun/verifikasi-2fa/")
    assert client.get("/api/v1/staf/ping").status_code in (403, 404)


def test_it_sends_staff_without_a_device_to_enrolment_not_into_staff_pages(client):
    staff = make_staff(Role.OPERATOR)
    TOTPDevice.objects.filter(user=staff).delete()
    response = client.post(LOGIN, {"username": staff.username, "password": "Rahasia-123"})
    assert response["Location"].startswith("/akun/atur-2fa/")
    assert client.get("/staf/akun/meja/")["Location"].startswith("/akun/verifikasi-2fa/")
    assert client.get("/akun/verifikasi-2fa/")["Location"].startswith("/akun/atur-2fa/")


def test_it_lets_staff_in_after_a_correct_totp_code_and_not_a_wrong_one(client):
    staff = make_staff(Role.SECTION_HEAD)
    device = TOTPDevice.objects.get(user=staff)
    client.post(LOGIN, {"username": staff.username, "password": "Rahasia-123", "next": "/staf/audit/"})
    code = _current_code(device)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    html = client.post("/akun/verifikasi-2fa/", {"token": wrong, "next": "/staf/audit/"}).content.decode()
    assert "Kode salah" in html
    assert client.get("/staf/audit/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code; a second later it is clear
    response = client.post("/akun/verifikasi-2fa/", {"token": code, "next": "/staf/audit/"})
    assert response["Location"] == "/staf/audit/"
    assert client.get("/staf/audit/").status_code == 200


def test_it_does_not_follow_a_next_link_to_another_site(client):
    user = make_resident()
    response = client.post(LOGIN, {"username": user.email, "password": "Rahasia-123", "next": "https://evil.example/"})
    assert response["Location"] == "/akun/beranda/"


def test_it_keeps_a_next_address_with_a_query_string_through_the_second_factor(client):
    staff = make_staff(Role.SECTION_HEAD)
    device = TOTPDevice.objects.get(user=staff)
    target = "/staf/audit/?action=document.&page=2"
    response = client.post(LOGIN, {"username": staff.username, "password": "Rahasia-123", "next": target})
    verify_url = response["Location"]
    page = client.get(verify_url)
    assert f'value="{target.replace("&", "&amp;")}"' in page.content.decode()
    done = client.post("/akun/verifikasi-2fa/", {"token": _current_code(device), "next": target})
    assert done["Location"] == target
