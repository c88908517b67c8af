from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import ContactConfirmation, ResidentProfile
from apps.accounts.tests.helpers import registration_data, sent_code
from apps.core.models import AuditEvent
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(client):
    data = registration_data()
    client.post("/akun/daftar/", data)
    user = ResidentProfile.objects.get(nik=data["nik"]).user
    return client, user


def test_it_sends_a_six_digit_code_by_email_through_notify(registered):
    _client, user = registered
    row = Notification.objects.get(event="account.contact_confirmation", address=user.email)
    assert row.channel == "email"
    assert row.recipient is None  # the code never sits in the in-app inbox
    code = sent_code(user.email)
    assert len(code) == 6 and code.isdigit()
    assert code in row.body
    stored = ContactConfirmation.objects.get(user=user)
    assert code not in stored.code_hash


def test_it_sends_the_code_by_sms_to_a_phone(client):
    data = registration_data(contact="081234567002")
    client.post("/akun/daftar/", data)
    row = Notification.objects.get(event="account.contact_confirmation", address="081234567002")
    assert row.channel == "sms"


def test_it_confirms_the_contact_with_the_right_code(registered):
    client, user = registered
    assert not services.contact_confirmed(user)
    response = client.post("/akun/konfirmasi/", {"code": sent_code(user.email)})
    assert response.status_code == 302
    user.refresh_from_db()
    assert services.contact_confirmed(user)
    assert AuditEvent.objects.filter(action="account.contact_confirmed", subject=user).exists()


def test_it_shows_an_unconfirmed_resident_a_notice_on_their_page(registered):
    client, user = registered
    html = client.get("/akun/beranda/").content.decode()
    assert "Kontak Anda belum dikonfirmasi." in html
    client.post("/akun/konfirmasi/", {"code": sent_code(user.email)})
    assert "Kontak Anda belum dikonfirmasi." not in client.get("/akun/beranda/").content.decode()


def test_it_rejects_a_wrong_code_with_a_clear_message_and_counts_tries(registered):
    client, user = registered
    right = sent_code(user.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    html = client.post("/akun/konfirmasi/", {"code": wrong}).content.decode()
    assert "Kode salah." in html
    assert "sisa 4 kali coba" in html
    user.refresh_from_db()
    assert user.contact_confirmed_at is None


def test_it_locks_a_code_after_five_wrong_tries(registered):
    _client, user = registered
    right = sent_code(user.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.confirm_contact(user, wrong)
    with pytest.raises(ValidationError, match="Terlalu banyak kode salah"):
        services.confirm_contact(user, right)


def test_it_refuses_an_expired_code(registered):
    _client, user = registered
    code = sent_code(user.email)
    ContactConfirmation.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.confirm_contact(user, code)


def test_it_rate_limits_resending_and_a_new_code_replaces_the_old(registered):
    client, user = registered
    first = sent_code(user.email)
    response = client.post("/akun/konfirmasi/kirim-ulang/", follow=True)
    assert "Kode baru bisa dikirim lagi dalam" in response.content.decode()
    assert Notification.objects.filter(event="account.contact_confirmation").count() == 1
    # a minute later a new code may be sent; the old one stops working
    ContactConfirmation.objects.filter(user=user).update(created_at=timezone.now() - dt.timedelta(seconds=61))
    client.post("/akun/konfirmasi/kirim-ulang/")
    second = sent_code(user.email)
    assert Notification.objects.filter(event="account.contact_confirmation").count() == 2
    if first != second:
        with pytest.raises(ValidationError):
            services.confirm_contact(user, first)
    services.confirm_contact(user, second)
    user.refresh_from_db()
    assert user.contact_confirmed_at is not None


def test_it_allows_at_most_five_codes_an_hour(registered):
    _client, user = registered
    for minutes in (50, 40, 30, 20):
        ContactConfirmation.objects.create(user=user, address=user.email, channel="email", code_hash="x",
                                           expires_at=timezone.now(),)
        ContactConfirmation.objects.filter(user=user, code_hash="x").update(
            created_at=timezone.now() - dt.timedelta(minutes=minutes), code_hash="y"
        )
    ContactConfirmation.objects.filter(user=user).exclude(code_hash="y").update(
        created_at=timezone.now() - dt.timedelta(minutes=55)
    )
    with pytest.raises(services.RateLimited) as caught:
        services.send_confirmation_code(user)
    assert caught.value.wait_seconds > 60


def test_it_redirects_anonymous_visitors_to_sign_in(client):
    response = client.get("/akun/konfirmasi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
