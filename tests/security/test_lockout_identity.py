"""The sign-in lockout counts failures per account, whatever spelling of its name is typed: the same identity the
sign-in backend resolves (letter case of a username or e-mail, any spelling of a phone number). A different name
never counts against another account."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"
IP = "10.9.8.7"


@pytest.fixture(autouse=True)
def _axes_on(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _try(username: str, password: str) -> Any:
    return Client().post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=IP)


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def _resident_with_phone(phone: str) -> Any:
    user = make_resident(email="hp@contoh.id")
    user.phone = phone
    user.save(update_fields=["phone"])
    return user


@pytest.mark.parametrize(
    ("make", "right", "variants"),
    [
        (lambda: make_staff("pickup_officer", username="pengambilan"), "pengambilan",
         ["PENGAMBILAN", "Pengambilan", " pengambilan ", "pEnGaMbIlAn", "PENGAMBILAN"]),
        (lambda: make_resident(email="korban@contoh.id"), "korban@contoh.id",
         ["KORBAN@contoh.id", "korban@CONTOH.ID", "Korban@Contoh.Id", " korban@contoh.id", "KORBAN@CONTOH.ID"]),
        (lambda: _resident_with_phone("081234567890"), "081234567890",
         ["+6281234567890", "0812-3456-7890", "6281234567890", "0812 3456 7890", "+62 812-3456-7890"]),
    ],
    ids=["username", "email", "phone"],
)
def test_every_spelling_of_one_login_shares_one_failure_counter(make: Any, right: str, variants: list[str]) -> None:
    make()
    assert len(variants) == settings.AXES_FAILURE_LIMIT
    for variant in variants:  # one wrong password per spelling: five in all
        assert not _signed_in(_try(variant, "salah-terus"))
    for spelling in (right, variants[0]):
        locked = _try(spelling, "Rahasia-123")
        assert locked.status_code in (403, 429), spelling
        assert not _signed_in(locked)


def test_a_different_name_does_not_lock_another_account() -> None:
    make_staff("pickup_officer", username="pengambilan")
    resident = _resident_with_phone("081234567890")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _try("PENGAMBILAN2", "salah")
        _try("0812-3456-7891", "salah")
    assert _signed_in(_try("Pengambilan", "Rahasia-123"))
    response = _try("+6281234567890", "Rahasia-123")
    assert _signed_in(response)
    assert response.client.session["_auth_user_id"] == str(resident.pk)


def test_spellings_of_an_unknown_name_share_one_counter_too() -> None:
    from django.test import RequestFactory

    from apps.accounts.backends import lockout_username

    names = {lockout_username(RequestFactory().post(LOGIN, {"username": name}))
             for name in ("Tidak.Ada", "tidak.ada", " TIDAK.ADA ")}
    phones = {lockout_username(None, {"username": name}) for name in ("+62 811-000-111", "0811000111", "62811000111")}
    assert len(names) == 1
    assert phones == {"0811000111"}
