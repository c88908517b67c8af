from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.accounts import services
from apps.accounts.models import Sex
from apps.core.models import AuditEvent
from apps.notifications.models import Notification
from tests.factories import make_resident, nik_for

pytestmark = pytest.mark.django_db


def _edit_data(user, **overrides):
    profile = user.resident
    data = {
        "address": profile.address, "rt": profile.rt, "rw": profile.rw,
        "district": profile.district_id, "village": profile.village_id,
        "email": user.email or "", "phone": user.phone or "", "preferred_language": user.preferred_language,
    }
    data.update(overrides)
    return data


@pytest.fixture
def resident(client):
    user = make_resident(name="DEWI ANGGRAINI")
    user.contact_confirmed_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    user.save()
    client.force_login(user)
    return client, user


def test_it_shows_the_profile_with_nik_and_address(resident):
    client, user = resident
    html = client.get("/akun/profil/").content.decode()
    assert user.resident.nik in html
    assert "Bareng" in html and "Klaten Tengah" in html


def test_it_saves_a_new_address_and_village_and_audits_it(resident):
    client, user = resident
    response = client.post("/akun/profil/ubah/", _edit_data(user, address="Jl. Pramuka 9", district="33.10.01",
                                                           village="33.10.01.2001"))
    assert response["Location"] == "/akun/profil/"
    user.resident.refresh_from_db()
    assert user.resident.address == "Jl. Pramuka 9"
    assert user.resident.village_id == "33.10.01.2001"
    event = AuditEvent.objects.get(action="profile.updated")
    assert set(event.data["fields"]) == {"address", "district", "village"}
    assert event.subject_nik == user.resident.nik


def test_it_keeps_the_typed_values_when_the_village_does_not_match(resident):
    client, user = resident
    html = client.post("/akun/profil/ubah/", _edit_data(user, address="Jl. Baru 1", district="33.10.01",
                                                       village="33.10.25.1001")).content.decode()
    assert "tidak ada di kecamatan yang dipilih" in html
    assert 'value="Jl. Baru 1"' in html
    user.resident.refresh_from_db()
    assert user.resident.address != "Jl. Baru 1"


def test_a_new_email_must_be_confirmed_again(resident):
    client, user = resident
    response = client.post("/akun/profil/ubah/", _edit_data(user, email="dewi.baru@contoh.id"))
    assert response["Location"] == "/akun/konfirmasi/"
    user.refresh_from_db()
    assert user.email == "dewi.baru@contoh.id"
    assert user.username == "dewi.baru@contoh.id"
    assert not services.contact_confirmed(user)
    assert Notification.objects.filter(address="dewi.baru@contoh.id", event="account.contact_confirmation").exists()


def test_it_refuses_a_contact_of_another_account(resident):
    client, user = resident
    other = make_resident()
    html = client.post("/akun/profil/ubah/", _edit_data(user, email=other.email)).content.decode()
    assert "sudah dipakai akun lain" in html


def test_it_needs_an_email_or_a_phone(resident):
    client, user = resident
    html = client.post("/akun/profil/ubah/", _edit_data(user, email="", phone="")).content.decode()
    assert "Isi e-mail atau nomor HP" in html


def test_it_changes_the_language_preference(resident):
    client, user = resident
    client.post("/akun/profil/ubah/", _edit_data(user, preferred_language="en"))
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_a_user_without_a_resident_profile_gets_404(client):
    from tests.factories import make_staff

    client.force_login(make_staff("operator"))
    assert client.get("/akun/profil/").status_code == 404


def test_it_changes_the_kk_number_with_the_password_and_a_reason(resident):
    client, user = resident
    response = client.post("/akun/profil/nik-kk/", {"nik": user.resident.nik, "kk_number": "3310250202200099",
                                                     "reason": "KK baru setelah menikah", "password": "Rahasia-123"})
    assert response["Location"] == "/akun/profil/"
    user.resident.refresh_from_db()
    assert user.resident.kk_number == "3310250202200099"
    event = AuditEvent.objects.get(action="profile.identity_changed")
    assert event.data["reason"] == "KK baru setelah menikah"


def test_it_refuses_the_change_with_a_wrong_password(resident):
    client, user = resident
    html = client.post("/akun/profil/nik-kk/", {"nik": user.resident.nik, "kk_number": "3310250202200099",
                                                 "reason": "x", "password": "salah"}).content.decode()
    assert "Kata sandi salah." in html
    user.resident.refresh_from_db()
    assert user.resident.kk_number != "3310250202200099"


def test_a_new_nik_is_validated_again(resident):
    client, user = resident
    html = client.post("/akun/profil/nik-kk/", {"nik": "1234", "kk_number": user.resident.kk_number,
                                                 "reason": "salah ketik", "password": "Rahasia-123"}).content.decode()
    assert "NIK harus 16 angka" in html


def test_a_new_nik_must_match_the_birth_date(resident):
    _client, user = resident
    other_date = nik_for(dt.date(1991, 2, 2), Sex.MALE, 9001)
    with pytest.raises(ValidationError) as caught:
        services.change_identity_numbers(user.resident, nik=other_date, reason="salah ketik", actor=user)
    assert "nik" in caught.value.message_dict


def test_a_new_nik_must_not_belong_to_another_account(resident):
    _client, user = resident
    other = make_resident(birth=user.resident.birth_date)
    with pytest.raises(ValidationError, match="sudah dipakai akun lain"):
        services.change_identity_numbers(user.resident, nik=other.resident.nik, reason="x", actor=user)


def test_a_nik_change_is_findable_under_the_old_and_the_new_nik(resident):
    _client, user = resident
    old = user.resident.nik
    new = nik_for(user.resident.birth_date, user.resident.sex, 9002)
    services.change_identity_numbers(user.resident, nik=new, reason="NIK ganda dari Dukcapil", actor=user)
    assert user.resident.nik == new
    assert AuditEvent.objects.filter(action="profile.identity_changed", subject_nik=old).exists()
    assert AuditEvent.objects.filter(action="profile.identity_changed", subject_nik=new).exists()
