from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from apps.announcements import webhooks
from apps.announcements.models import DeliveryStatus, WebhookDelivery
from apps.announcements.services import raise_system_notice, resolve_system_notice
from apps.announcements.tests.factories import make_endpoint, make_notice
from apps.announcements.tests.receiver import webhook_receiver

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    """What the task worker does with the deliveries queued after commit (the test settings may
    use the database task backend, whose worker is not running here)."""
    for delivery_id in WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True):
        webhooks.attempt(delivery_id)


def test_it_posts_a_signed_notice_after_commit(django_capture_on_commit_callbacks) -> None:
    with webhook_receiver(8151) as receiver:
        endpoint = make_endpoint(receiver["url"])
        with django_capture_on_commit_callbacks(execute=True):
            notice = make_notice("Listrik padam Selasa")
        run_worker()
    assert len(receiver["requests"]) == 1
    request = receiver["requests"][0]
    body = request["body"]
    expected = "sha256=" + hmac.new(endpoint.secret.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Sipon-Signature"] == expected
    payload = json.loads(body)
    assert payload["event"] == "notice.published"
    assert payload["notice"]["id"] == notice.pk
    assert payload["notice"]["title"] == "Listrik padam Selasa"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_it_sends_updates_and_endings_as_their_own_events(django_capture_on_commit_callbacks) -> None:
    with webhook_receiver(8152) as receiver:
        make_endpoint(receiver["url"])
        with django_capture_on_commit_callbacks(execute=True):
            raise_system_notice("central", kind="central_down", severity="warning", title="Pusat", summary="a")
        run_worker()
        with django_capture_on_commit_callbacks(execute=True):
            raise_system_notice("central", kind="central_down", severity="critical", title="Pusat", summary="b")
        run_worker()
        with django_capture_on_commit_callbacks(execute=True):
            resolve_system_notice("central")
        run_worker()
    events = [json.loads(r["body"])["event"] for r in receiver["requests"]]
    assert events == ["notice.published", "notice.updated", "notice.ended"]


def test_it_retries_a_failed_delivery_with_backoff(django_capture_on_commit_callbacks) -> None:
    with webhook_receiver(8153, status=500) as receiver:
        make_endpoint(receiver["url"])
        with django_capture_on_commit_callbacks(execute=True):
            make_notice()
        run_worker()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.attempts == 1
        assert delivery.last_status_code == 500
        assert delivery.next_attempt_at > timezone.now()
        # Not due yet: the sweep leaves it alone.
        assert webhooks.sweep() == 0
        receiver["status"] = 200
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        assert webhooks.sweep() == 1
        run_worker()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2
    assert len(receiver["requests"]) == 2


def test_it_gives_up_after_the_last_attempt() -> None:
    endpoint = make_endpoint("http://127.0.0.1:8154/nobody-listens")
    notice = make_notice()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, notice=notice)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=webhooks.MAX_ATTEMPTS - 1)
    assert webhooks.attempt(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error


def test_it_never_sends_one_delivery_twice_at_once() -> None:
    endpoint = make_endpoint("http://127.0.0.1:8154/nobody-listens")
    make_notice()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    now = timezone.now()
    assert webhooks._claim(delivery.pk, now) is True
    assert webhooks._claim(delivery.pk, now) is False


def test_it_does_not_post_unpublished_notices() -> None:
    make_endpoint("http://127.0.0.1:8154/x")
    make_notice(is_published=False)
    assert not WebhookDelivery.objects.exists()


def test_it_verifies_signatures_like_a_receiver_would() -> None:
    header = webhooks.sign("k" * 20, b"{}")
    assert webhooks.verify("k" * 20, b"{}", header)
    assert not webhooks.verify("k" * 20, b"{ }", header)
