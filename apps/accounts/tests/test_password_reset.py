"""A forgotten password is reset with a code sent by e-mail or SMS: the same answer whether or not the account
exists, rate limited per address, per identifier and per account, codes hashed, single use and short-lived,
audited, and every session of the account ended."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.accounts import password_reset
from apps.core.models import AuditEvent
from apps.notifications.models import Notification
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

NEW = "Sawah-Hijau-2026"


def _ask(client: Any, identifier: str | None, **extra: Any) -> Any:
    return client.post(reverse("accounts:password_reset"), {"identifier": identifier}, **extra)


def _code_sent_to(address: str | None) -> str:
    message = Notification.objects.filter(address=address, event="account.password_reset_code").latest("pk")
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None
    return found.group(1)


def _reset(client: Any, code: str, password: str = NEW) -> Any:
    return client.post(
        reverse("accounts:password_reset_code"), {"code": code, "password1": password, "password2": password}
    )


def test_a_resident_resets_the_password_with_the_code_and_old_sessions_end(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_resident()
    old_session = Client()
    old_session.force_login(user)
    assert old_session.get(reverse("accounts:start")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert _ask(client, str(user.email).upper()).status_code == 302
    code = _code_sent_to(user.email)
    stored = str(cache.get(f"accounts:password-reset:{user.pk}"))
    assert code not in stored  # only a keyed hash is kept
    response = _reset(client, code)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert old_session.get(reverse("accounts:start")).status_code == 302  # signed out everywhere
    assert AuditEvent.objects.filter(action="account.password_reset", subject=user).exists()
    assert AuditEvent.objects.filter(action="account.password_reset_requested").exists()


def test_the_code_works_once(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    user = make_resident()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, user.email)
    code = _code_sent_to(user.email)
    assert _reset(client, code).status_code == 302
    other = Client()
    session = other.session
    session["accounts:password-reset-for"] = user.email
    session.save()
    again = _reset(other, code, "Lain-Lagi-2027")
    assert again.status_code == 400 and "Kode salah atau sudah kedaluwarsa" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(client: Any) -> None:
    user = make_resident()
    known = _ask(client, user.email)
    unknown = _ask(Client(), "tidak-terdaftar@contoh.id")
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    page_known = client.get(known.url).content.decode().replace(user.email, "X")
    other = Client()
    _ask(other, "tidak-terdaftar@contoh.id")
    page_unknown = other.get(known.url).content.decode().replace("tidak-terdaftar@contoh.id", "X")
    strip = re.compile(r'(name="csrf-token" content|name="csrfmiddlewaretoken" value)="[^"]+"')
    assert strip.sub("", page_known) == strip.sub("", page_unknown)
    wrong_unknown = _reset(other, "123456").content.decode()
    assert "Kode salah atau sudah kedaluwarsa" in wrong_unknown


def test_a_wrong_code_locks_after_five_tries(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    user = make_resident()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, user.email)
    code = _code_sent_to(user.email)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(password_reset.MAX_TRIES):
        _reset(client, wrong)
    response = _reset(client, code)  # the right one, too late
    assert response.status_code == 400 and "Terlalu banyak kode salah" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW)


def test_requests_are_limited_per_account_and_per_address(client: Any) -> None:
    user = make_resident(email="limit@contoh.id")
    for index in range(password_reset.PER_IDENTIFIER):
        _ask(Client(), user.email, REMOTE_ADDR=f"10.1.0.{index}")
    sent = Notification.objects.filter(address=user.email, event="account.password_reset_code").count()
    assert sent <= password_reset.PER_ACCOUNT  # the account gets at most its hourly share
    assert _ask(Client(), user.email, REMOTE_ADDR="10.1.1.1").status_code == 429  # the identifier's limit
    for index in range(password_reset.PER_ADDRESS):
        _ask(client, f"orang{index}@contoh.id", REMOTE_ADDR="10.2.0.1")
    assert _ask(client, "lagi@contoh.id", REMOTE_ADDR="10.2.0.1").status_code == 429  # the address's limit


def test_a_staff_account_is_not_reset_by_code(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    from tests.factories import make_staff

    staff = make_staff("operator", email="operator@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        assert _ask(client, staff.email).status_code == 302
    assert not Notification.objects.filter(address=staff.email).exists()


def test_the_login_page_links_to_the_reset(client: Any) -> None:
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).content.decode()
