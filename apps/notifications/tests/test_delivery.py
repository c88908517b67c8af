"""Notifications on every status change: in-app, e-mail and SMS/WhatsApp, queued after commit,
retried with backoff, in the recipient's language."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applications.tests.factories import resident, submitted
from apps.notifications.models import Channel, DeliveryStatus, Notification
from apps.notifications.schedule import retry_pending
from apps.notifications.tasks import MAX_ATTEMPTS, backoff, deliver

pytestmark = pytest.mark.django_db


def test_a_status_change_sends_in_app_email_and_sms_after_commit(
    mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = resident()
    user.phone = "081299990000"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(user)
    rows = Notification.objects.filter(event="application.submitted")
    assert {r.channel for r in rows} == {Channel.IN_APP, Channel.EMAIL, Channel.SMS}
    assert all(r.status == DeliveryStatus.SENT for r in rows)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert application.number in mail.subject and "Perkiraan selesai" in mail.body
    assert f"/permohonan/{application.number}/" in mail.body


def test_nothing_is_sent_when_the_change_rolls_back(mailoutbox: Any) -> None:
    submitted(resident())  # without on-commit callbacks run: the transaction never committed
    assert not Notification.objects.filter(event="application.submitted").exists()
    assert mailoutbox == []


def test_messages_are_written_in_the_recipients_language(
    mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = resident()
    user.preferred_language = "en"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        submitted(user)
    row = Notification.objects.get(event="application.submitted", channel=Channel.EMAIL)
    assert row.language == "en"


def test_failed_sending_backs_off_and_the_sweep_retries_until_it_gives_up(settings: Any) -> None:
    settings.NOTIFICATION_GATEWAY = "webhook"
    settings.NOTIFICATION_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    user = resident()
    row = Notification.objects.create(
        recipient=user, address="081200000000", channel=Channel.SMS, event="test", subject="s", body="b"
    )
    deliver.call(row.pk)
    row.refresh_from_db()
    assert row.attempts == 1 and row.status == DeliveryStatus.PENDING and row.last_error
    assert row.next_attempt_at and row.next_attempt_at > timezone.now()
    # the sweep leaves it alone while it backs off
    assert retry_pending() == 0
    for attempt in range(2, MAX_ATTEMPTS + 1):
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        assert retry_pending() == 1
        row.refresh_from_db()
        assert row.attempts == attempt
    assert row.status == DeliveryStatus.FAILED
    assert backoff(1) == dt.timedelta(minutes=1) and backoff(3) == dt.timedelta(minutes=4)


def test_the_webhook_adapter_signs_its_payload(settings: Any) -> None:
    settings.NOTIFICATION_GATEWAY = "webhook"
    settings.NOTIFICATION_WEBHOOK_URL = "https://sms.example/send"
    settings.NOTIFICATION_WEBHOOK_SECRET = "s3cret"
    row = Notification.objects.create(address="081200000000", channel=Channel.SMS, event="t", subject="s", body="b")
    seen: dict[str, Any] = {}

    class Response:
        status = 200

        def __enter__(self) -> Response:
            return self

        def __exit__(self, *args: Any) -> None:
            return None

    def fake_urlopen(request: Any, timeout: int) -> Response:
        seen["headers"] = dict(request.header_items())
        seen["data"] = request.data
        return Response()

    with mock.patch("urllib.request.urlopen", fake_urlopen):
        deliver.call(row.pk)
    row.refresh_from_db()
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", seen["data"], hashlib.sha256).hexdigest()
    assert seen["headers"]["X-sipon-signature"] == f"sha256={expected}"
    assert row.status == DeliveryStatus.SENT


def test_residents_read_their_notifications_in_the_app(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    user = resident()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(user)
    other = resident()
    client.force_login(other)
    assert application.number not in client.get(reverse("notifications:inbox")).content.decode()
    client.force_login(user)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert application.number in body and "Baru" in body
    assert Notification.objects.filter(recipient=user, channel=Channel.IN_APP, read_at=None).count() == 0


def test_the_inbox_needs_sign_in(client: Any) -> None:
    assert client.get(reverse("notifications:inbox")).status_code == 302


def test_the_local_sms_gateway_writes_each_message_to_a_file_for_the_demo(settings: Any, tmp_path: Any) -> None:
    from apps.notifications.gateways import send_short_message

    settings.VAR_DIR = tmp_path
    settings.NOTIFICATION_GATEWAY = "log"
    note = Notification.objects.create(
        address="081299990000", channel=Channel.SMS, event="account.confirm", subject="Kode", body="Kode Anda 123456"
    )
    send_short_message(note)
    [written] = list((tmp_path / "sms").iterdir())
    assert "081299990000" in written.read_text()
    assert "123456" in written.read_text()
