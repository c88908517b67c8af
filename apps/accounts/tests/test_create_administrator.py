from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.models import AuditEvent
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "Pendopo-Klaten-2026"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _typed(monkeypatch, *answers: str) -> list[str]:
    """getpass answers, in order; returns the prompts shown."""
    prompts: list[str] = []
    replies = iter(answers)

    def fake(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(replies)

    monkeypatch.delenv("SIPON_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", fake)
    return prompts


def test_it_creates_an_administrator_who_enrols_a_second_factor_then_reaches_the_staff_pages_and_admin(
    client, monkeypatch, capsys
):
    prompts = _typed(monkeypatch, PASSWORD, PASSWORD)
    call_command("create_administrator", "kepala-ti", "--full-name", "Sri Rahayu")
    assert len(prompts) == 2
    assert "second factor" in capsys.readouterr().out
    user = User.objects.get(username="kepala-ti")
    assert user.is_superuser and user.is_active
    assert set(user.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}
    event = AuditEvent.objects.get(action="staff.created", object_id=str(user.pk))
    assert event.data["superuser"] is True and event.data["source"] == "manage.py create_administrator"

    response = client.post("/akun/masuk/", {"username": "kepala-ti", "password": PASSWORD})
    assert response["Location"].startswith("/akun/atur-2fa/")
    assert client.get("/staf/akun/petugas/").status_code in (302, 403)  # not before the second factor
    assert client.get("/admin/")["Location"].startswith("/akun/verifikasi-2fa/")
    client.get("/akun/atur-2fa/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/akun/atur-2fa/", {"token": _code(device)}).status_code == 302
    assert client.get("/staf/akun/petugas/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_it_reads_the_password_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("SIPON_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked for a password"))
    call_command("create_administrator", "admin-otomatis")
    response = client.post("/akun/masuk/", {"username": "admin-otomatis", "password": PASSWORD})
    assert response["Location"].startswith("/akun/atur-2fa/")


def test_it_promotes_an_existing_account_rather_than_duplicating_it(monkeypatch):
    staff = make_staff(Role.OPERATOR, username="budi-operator")
    staff.is_active = False
    staff.save()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked for a password"))
    call_command("create_administrator", "Budi-Operator")
    assert User.objects.filter(username__iexact="budi-operator").count() == 1
    staff.refresh_from_db()
    assert staff.is_superuser and staff.is_active
    assert set(staff.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}
    assert staff.check_password("Rahasia-123")  # password kept
    event = AuditEvent.objects.get(action="staff.promoted_administrator")
    assert event.object_id == str(staff.pk)
    assert event.data["before"]["roles"] == [Role.OPERATOR]
    call_command("create_administrator", "budi-operator")  # a second run changes nothing
    assert User.objects.filter(username__iexact="budi-operator").count() == 1
    assert staff.groups.count() == 1


def test_it_refuses_an_empty_password(monkeypatch):
    _typed(monkeypatch, "")
    with pytest.raises(CommandError, match="password is empty"):
        call_command("create_administrator", "kosong")
    assert not User.objects.filter(username="kosong").exists()


def test_it_refuses_an_empty_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("SIPON_ADMIN_PASSWORD", "")
    with pytest.raises(CommandError, match="SIPON_ADMIN_PASSWORD is empty"):
        call_command("create_administrator", "kosong")
    assert not User.objects.filter(username="kosong").exists()


def test_it_refuses_passwords_that_do_not_match(monkeypatch):
    _typed(monkeypatch, PASSWORD, PASSWORD + "x")
    with pytest.raises(CommandError, match="do not match"):
        call_command("create_administrator", "beda")
    assert not User.objects.filter(username="beda").exists()


def test_it_refuses_a_weak_password(monkeypatch):
    _typed(monkeypatch, "12345678", "12345678")
    with pytest.raises(CommandError):
        call_command("create_administrator", "lemah")
    assert not User.objects.filter(username="lemah").exists()
    assert not Group.objects.filter(user__username="lemah").exists()


def test_it_does_not_turn_a_resident_account_into_an_administrator(monkeypatch):
    resident = make_resident()
    with pytest.raises(CommandError, match="akun warga"):
        call_command("create_administrator", resident.username)
    resident.refresh_from_db()
    assert not resident.is_superuser and not resident.groups.exists()
