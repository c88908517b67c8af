from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from apps.accounts import services
from apps.accounts.roles import Role
from apps.accounts.services import staff as staff_services
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@pytest.mark.parametrize(("role", "url_name"), services.ROLE_START_PAGES)
def test_it_sends_each_role_to_its_start_page_or_to_the_staff_desk(staff_client, role, url_name):
    client = staff_client(role, is_superuser=role == Role.ADMINISTRATOR)  # the Django admin: superusers only
    response = client.get("/akun/beranda/")
    assert response.status_code == 302
    expected = _reverse_or_none(url_name) or reverse("accounts_staff:desk")
    assert response["Location"] == expected


def test_it_never_sends_staff_to_the_resident_page(staff_client, monkeypatch):
    monkeypatch.setattr(staff_services, "ROLE_START_PAGES", [(Role.OPERATOR, "nowhere_staff:missing")])
    client = staff_client(Role.OPERATOR)
    assert client.get("/akun/beranda/")["Location"] == "/staf/akun/meja/"


def test_it_lists_on_the_staff_desk_only_the_pages_of_ones_roles(staff_client):
    client = staff_client(Role.SECTION_HEAD)
    html = client.get("/staf/akun/meja/").content.decode()
    assert "Kepala seksi" in html
    assert 'href="/staf/audit/"' in html
    assert 'href="/staf/akun/petugas/"' not in html
    assert 'href="/admin/"' not in html


def test_it_lists_every_existing_page_for_an_administrator(staff_client):
    client = staff_client(Role.ADMINISTRATOR, is_superuser=True)
    html = client.get("/staf/akun/meja/").content.decode()
    for url_name, _label, _roles in services.STAFF_LINKS:
        url = _reverse_or_none(url_name)
        if url:
            assert f'href="{url}"' in html, url_name


def test_it_sends_an_administrator_who_is_not_a_superuser_to_the_staff_pages_not_the_django_admin(staff_client):
    assert staff_client(Role.ADMINISTRATOR).get("/akun/beranda/")["Location"] == reverse("accounts_staff:staff_list")


def test_it_does_not_offer_the_django_admin_to_an_administrator_who_is_not_a_superuser(staff_client):
    html = staff_client(Role.ADMINISTRATOR).get("/staf/akun/meja/").content.decode()
    assert f'href="{reverse("admin:index")}"' not in html


def test_it_redirects_the_old_desk_address_to_the_staff_desk(client):
    assert client.get("/akun/meja/")["Location"] == "/staf/akun/meja/"


def test_it_shows_a_resident_without_applications_how_to_start(client):
    client.force_login(make_resident(name="SRI LESTARI"))
    html = client.get("/akun/beranda/").content.decode()
    assert "Halo, SRI LESTARI" in html
    assert "Anda belum punya permohonan." in html
    assert 'class="button big"' in html


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/akun/beranda/")
    assert response["Location"].startswith("/akun/masuk/?next=")
