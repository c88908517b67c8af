from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.models import ResidentProfile, User
from apps.accounts.tests.helpers import registration_data
from apps.core.models import AuditEvent
from tests.factories import make_resident

pytestmark = pytest.mark.django_db
URL = "/akun/daftar/"


def test_it_lists_every_klaten_village_grouped_by_kecamatan_without_javascript(client):
    html = client.get(URL).content.decode()
    assert html.count("<optgroup") == 26
    assert '<optgroup label="Klaten Tengah">' in html
    assert 'value="33.10.25.1001"' in html  # Bareng, Klaten Tengah
    assert 'value="33.10.01.2001"' in html  # a desa of Prambanan
    assert 'data-villages-url="/wilayah/desa/"' in html


def test_it_registers_a_resident_and_asks_to_confirm_the_contact(client):
    data = registration_data()
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:confirm_contact")
    profile = ResidentProfile.objects.get(nik=data["nik"])
    assert profile.full_name == "ANI WULANDARI"
    assert profile.sex == "P"
    assert profile.village_id == "33.10.25.1001"
    assert profile.user.email == data["contact"]
    assert profile.user.contact_confirmed_at is None
    assert AuditEvent.objects.filter(action="account.registered", subject_nik=data["nik"]).exists()
    assert int(client.session["_auth_user_id"]) == profile.user_id


def test_it_explains_an_invalid_nik_in_indonesian_and_keeps_every_typed_value(client):
    data = registration_data(nik="33102554031995")  # 14 digits
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIK harus 16 angka; Anda mengetik 14." in html
    assert 'class="error-summary"' in html
    for field in ("full_name", "nik", "kk_number", "birth_place", "birth_date", "address", "contact"):
        assert f'value="{data[field]}"' in html, field
    assert '<option value="33.10.25" selected>' in html
    assert '<option value="33.10.25.1001" selected>' in html
    assert not User.objects.filter(email=data["contact"]).exists()


def test_it_narrows_the_village_list_to_the_kecamatan_chosen_when_the_form_comes_back(client):
    html = client.post(URL, registration_data(nik="123")).content.decode()
    assert "<optgroup" not in html
    assert 'value="33.10.25.1001"' in html
    assert 'value="33.10.01.2001"' not in html


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("33102554031995AB", "NIK hanya boleh berisi angka 0-9"),
        ("99992554039500011", "NIK harus 16 angka; Anda mengetik 17."),
        ("9999255403950001", "bukan kode kecamatan yang dikenal"),
        ("3310253102950001", "tidak ada di kalender"),
    ],
)
def test_it_rejects_each_kind_of_bad_nik_with_its_own_message(client, nik, message):
    html = client.post(URL, registration_data(nik=nik)).content.decode()
    assert message in html
    assert ResidentProfile.objects.filter(nik=nik).count() == 0


def test_it_requires_the_birth_date_to_match_the_nik(client):
    data = registration_data(birth_date="1995-03-15")
    html = client.post(URL, data).content.decode()
    assert "Tanggal lahir tidak sama dengan yang tertulis di NIK (14-03-1995)" in html
    assert not ResidentProfile.objects.filter(nik=data["nik"]).exists()


def test_it_allows_one_account_per_nik(client):
    existing = make_resident()
    data = registration_data(nik=existing.resident.nik, birth_date=existing.resident.birth_date.isoformat())
    html = client.post(URL, data).content.decode()
    assert "NIK ini sudah punya akun" in html
    assert ResidentProfile.objects.filter(nik=existing.resident.nik).count() == 1


def test_it_refuses_a_village_outside_the_chosen_kecamatan(client):
    data = registration_data(village="33.10.01.2001")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not ResidentProfile.objects.filter(nik=data["nik"]).exists()


def test_it_registers_with_a_phone_number_in_international_form(client):
    data = registration_data(contact="+62 812-3456-7001")
    assert client.post(URL, data).status_code == 302
    user = ResidentProfile.objects.get(nik=data["nik"]).user
    assert user.phone == "081234567001"
    assert user.email is None


def test_it_sends_a_signed_in_person_to_their_page(client):
    client.force_login(make_resident())
    assert client.get(URL)["Location"] == reverse("accounts:start")
