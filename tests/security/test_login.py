"""Sign-in: lockout after repeated failures, no session fixation, staff without a second
factor are refused everywhere staff-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


@pytest.fixture(autouse=True)
def _axes_on(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _try(client: Client, username: str, password: str, ip: str = "10.1.2.3") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_locks_an_account_out_after_repeated_failures_even_with_the_right_password() -> None:
    user = make_resident(email="korban@contoh.id")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _try(client, "korban@contoh.id", "salah-terus")
        assert response.status_code in (200, 403, 429)
    locked = _try(client, "korban@contoh.id", "Rahasia-123")
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert int(client.session.get("_auth_user_id", 0) or 0) != user.pk


def test_it_still_lets_the_right_password_in_before_the_limit() -> None:
    make_resident(email="lupa@contoh.id")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        _try(client, "lupa@contoh.id", "salah")
    response = _try(client, "lupa@contoh.id", "Rahasia-123")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_gives_a_new_session_key_at_sign_in() -> None:
    make_resident(email="sesi@contoh.id")
    client = Client()
    client.get(LOGIN)
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    before = session.session_key
    assert before is not None
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = _try(client, "sesi@contoh.id", "Rahasia-123")
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    # The planted key is no longer a valid session.
    from django.contrib.sessions.backends.db import SessionStore

    assert not SessionStore().exists(before)


def test_it_ends_the_session_at_sign_out() -> None:
    user = make_resident()
    client = Client()
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    key = client.session.session_key
    assert key is not None
    client.post(reverse("accounts:logout"))
    from django.contrib.sessions.backends.db import SessionStore

    assert not SessionStore().exists(key)
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.parametrize("path", ["/staf/audit/", "/staf/akun/meja/", "/staf/permohonan/", "/staf/pengaduan/"])
def test_it_refuses_staff_pages_to_staff_who_have_not_passed_the_second_factor(path: str, settings: Any) -> None:
    settings.SIPON_REQUIRE_STAFF_OTP = True
    staff = make_staff("administrator", username="admin-tanpa-2fa")
    client = Client()
    response = _try(client, "admin-tanpa-2fa", "Rahasia-123")
    assert response.status_code == 302
    assert reverse("accounts:otp_verify") in response["Location"]
    assert client.session.get("_auth_user_id") == str(staff.pk)
    page = client.get(path)
    assert page.status_code == 302
    assert reverse("accounts:otp_verify") in page["Location"]


def test_it_refuses_the_staff_api_without_the_second_factor(settings: Any) -> None:
    settings.SIPON_REQUIRE_STAFF_OTP = True
    staff = make_staff("file_receiver")
    client = Client()
    client.force_login(staff, backend="apps.accounts.backends.IdentifierBackend")
    response = client.get("/api/v1/staf/permohonan/antrean")
    assert response.status_code == 403


def test_it_refuses_a_wrong_second_factor_code(settings: Any) -> None:
    settings.SIPON_REQUIRE_STAFF_OTP = True
    make_staff("operator", username="operator-kode")
    client = Client()
    _try(client, "operator-kode", "Rahasia-123")
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/staf/akun/meja/").status_code == 302
