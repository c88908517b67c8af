"""A staff member's roles and verified second factor are remembered by the session, and every change of roles or
devices, and signing out, takes effect on the very next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import reset_totp_devices
from tests.factories import make_staff, sign_in_staff

pytestmark = pytest.mark.django_db

DASHBOARD = "/staf/dasbor/"


@pytest.fixture
def head(client):
    """A section head, signed in with the second factor, who has opened one staff page."""
    user = make_staff(Role.SECTION_HEAD)
    sign_in_staff(client, user)
    assert client.get(DASHBOARD).status_code == 200
    return client, user


def _auth_queries(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if '"auth_group"' in q["sql"] or "otp_" in q["sql"]]


def test_a_staff_page_reads_neither_roles_nor_device_once_the_session_remembers_them(head) -> None:
    client, _user = head
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(DASHBOARD).status_code == 200
    assert _auth_queries(ctx) == []


def test_a_role_taken_away_closes_the_page_on_the_next_request(head) -> None:
    client, user = head
    user.groups.remove(Group.objects.get(name=Role.SECTION_HEAD))
    assert client.get(DASHBOARD).status_code == 403


def test_a_role_taken_away_from_the_groups_side_closes_the_page(head) -> None:
    client, user = head
    Group.objects.get(name=Role.SECTION_HEAD).user_set.remove(user)
    assert client.get(DASHBOARD).status_code == 403


def test_a_group_emptied_or_deleted_takes_its_role_away(client) -> None:
    first, second = make_staff(Role.SECTION_HEAD), make_staff(Role.SECTION_HEAD)
    sign_in_staff(client, first)
    assert client.get(DASHBOARD).status_code == 200
    Group.objects.get(name=Role.SECTION_HEAD).user_set.clear()
    assert client.get(DASHBOARD).status_code == 403
    Group.objects.get(name=Role.SECTION_HEAD).user_set.add(first, second)
    assert client.get(DASHBOARD).status_code == 200
    Group.objects.get(name=Role.SECTION_HEAD).delete()
    assert client.get(DASHBOARD).status_code == 403


def test_a_renamed_group_is_no_longer_a_role(head) -> None:
    client, _user = head
    group = Group.objects.get(name=Role.SECTION_HEAD)
    group.name = "bekas-kepala-seksi"
    group.save()
    assert client.get(DASHBOARD).status_code == 403


def test_a_role_given_opens_the_page_on_the_next_request(client) -> None:
    user = make_staff(Role.OPERATOR)
    sign_in_staff(client, user)
    assert client.get(DASHBOARD).status_code == 403
    user.groups.add(Group.objects.get_or_create(name=Role.SECTION_HEAD)[0])
    assert client.get(DASHBOARD).status_code == 200


def test_a_device_reset_by_an_administrator_asks_for_the_second_factor_again(head) -> None:
    client, user = head
    admin = make_staff(Role.ADMINISTRATOR)
    reset_totp_devices(user, actor=admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_a_device_no_longer_confirmed_asks_for_the_second_factor_again(head) -> None:
    client, user = head
    device = TOTPDevice.objects.get(user=user)
    device.confirmed = False
    device.save()
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:otp_verify"))


def test_another_kind_of_device_removed_counts_too(client) -> None:
    user = make_staff(Role.SECTION_HEAD)
    TOTPDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="kode cadangan", confirmed=True)
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = static.persistent_id
    session.save()
    assert client.get(DASHBOARD).status_code == 200
    static.delete()
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:otp_verify"))


def test_signing_out_forgets_everything(head) -> None:
    client, _user = head
    client.post(reverse("accounts:logout"))
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_api_staff_call_follows_a_device_reset_too(head) -> None:
    client, user = head
    TOTPDevice.objects.filter(user=user).delete()
    response = client.get("/api/v1/staf/dasbor/ringkasan")  # any staff API path: the gate answers first
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor"


def test_a_stamp_changed_by_someone_else_makes_the_session_read_again(head) -> None:
    client, user = head
    User.objects.filter(pk=user.pk).update(access_stamp=user.access_stamp + 100)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(DASHBOARD).status_code == 200
    assert _auth_queries(ctx) != []
