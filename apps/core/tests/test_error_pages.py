"""Error pages in Indonesian in the site's layout: 400, 403, 404, 500 and a refused form (CSRF), also behind the
complaint SMS link and for a forged Suket."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from tests.factories import make_resident


def _is_site_page(body: str) -> bool:
    return "site-header" in body and "Sipon" in body and 'lang="id"' in body


@pytest.mark.django_db
def test_an_unknown_address_answers_in_indonesian_in_the_site_layout(client: Any) -> None:
    response = client.get("/tidak-ada-halaman-ini/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and "Not Found" not in body
    assert _is_site_page(body)
    assert "/permohonan/cek/" in body  # a way on


@pytest.mark.django_db
def test_a_staff_page_refused_to_a_resident_answers_in_indonesian(client: Any) -> None:
    client.force_login(make_resident())
    response = client.get("/staf/pengaduan/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in body and "Forbidden" not in body
    assert _is_site_page(body)


@pytest.mark.django_db
def test_a_form_refused_by_csrf_protection_says_what_to_do_in_indonesian() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in body and "CSRF verification failed" not in body
    assert "muat ulang" in body


@pytest.mark.django_db
def test_a_bad_request_answers_in_indonesian() -> None:
    from django.views.defaults import bad_request

    response = bad_request(RequestFactory().get("/"), Exception("bad"))
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()


def test_the_server_error_page_needs_neither_the_database_nor_the_context_processors(settings: Any) -> None:
    # No django_db mark: any query here raises. The context processors are made to fail as well.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": ["no.such"]}}
    ]
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "terjadi gangguan" in body and _is_site_page(body)


@pytest.mark.django_db
def test_the_complaint_sms_link_on_another_phone_offers_the_tracking_form(client: Any) -> None:
    from apps.complaints.tests.factories import make_complaint

    complaint = make_complaint()
    response = client.get(f"/pengaduan/{complaint.code}/")
    body = response.content.decode()
    assert response.status_code == 404  # not this browser's: the same answer as an unknown code
    assert f'value="{complaint.code}"' in body and 'action="/pengaduan/lacak/"' in body
    unknown = client.get("/pengaduan/ADU-TIDAKADA/")
    assert unknown.status_code == 404 and 'value="ADU-TIDAKADA"' in unknown.content.decode()


@pytest.mark.django_db
def test_a_forged_suket_is_declared_not_valid_in_indonesian(client: Any) -> None:
    response = client.get("/kartu/suket/PALSU123/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "TIDAK SAH" in body and "tidak pernah diterbitkan" in body
    assert _is_site_page(body)


@pytest.mark.django_db
def test_the_home_page_title_is_plain_text(client: Any) -> None:
    body = client.get("/").content.decode()
    title = body.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and title.startswith("Layanan KTP-el Kabupaten Klaten")
    assert "Informasi lain" in body.split("<main", 1)[1]
