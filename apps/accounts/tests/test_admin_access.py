from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from apps.accounts.roles import Role
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def test_it_opens_the_admin_to_a_verified_administrator(staff_client):
    client = staff_client(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/residentprofile/").status_code == 200
    assert client.get("/admin/regions/region/").status_code == 200


def test_it_shows_regions_read_only(staff_client):
    client = staff_client(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    assert client.get("/admin/regions/region/add/").status_code == 403
    assert client.post("/admin/regions/region/33.10.25/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_it_keeps_other_roles_out_even_with_is_staff_and_superuser(staff_client, role):
    client = staff_client(role, is_staff=True, is_superuser=True)
    assert client.get("/admin/", follow=True).status_code == 403


def test_it_keeps_an_administrator_without_the_second_factor_out(client):
    admin = make_staff(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/verifikasi-2fa/")


def test_it_sends_anonymous_visitors_to_sipons_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/akun/masuk/")


def test_it_keeps_a_resident_out(client):
    user = make_resident()
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/", follow=True).status_code == 403
    assert not Group.objects.filter(user=user).exists()


def test_it_keeps_an_administrator_who_is_not_a_superuser_out(staff_client):
    client = staff_client(Role.ADMINISTRATOR, is_staff=True)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/", follow=True).status_code == 403
    assert client.get("/admin/accounts/user/", follow=True).status_code == 403
