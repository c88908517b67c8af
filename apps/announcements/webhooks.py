"""Outgoing webhooks: each published or updated notice is POSTed as JSON to every active
endpoint, signed with HMAC-SHA256 (header ``X-Sipon-Signature: sha256=<hex>``), and retried
with exponential backoff. Delivery rows are written in the same transaction as the notice
(an outbox), sent by a task after commit, and swept by the scheduler."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.announcements.models import DeliveryStatus, Notice, WebhookDelivery, WebhookEndpoint

log = logging.getLogger("sipon.announcements")

SIGNATURE_HEADER = "X-Sipon-Signature"
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 5.0
# A claimed delivery is left alone by other workers for this long (the HTTP call's lease).
LEASE = dt.timedelta(seconds=60)


def sign(secret: str, body: bytes) -> str:
    """The value of the signature header for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header or "")


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min, ... capped at 6 hours."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def notice_payload(notice: Notice, event: str) -> dict[str, Any]:
    from apps.announcements.story import caption_for

    base = settings.SITE_URL
    return {
        "event": event,
        "notice": {
            "id": notice.pk,
            "kind": notice.kind,
            "kind_label": str(notice.get_kind_display()),
            "severity": notice.severity,
            "title": notice.title,
            "summary": notice.summary,
            "body": notice.body,
            "map_url": notice.map_url,
            "starts_at": notice.starts_at.isoformat(),
            "ends_at": notice.ends_at.isoformat() if notice.ends_at else None,
            "url": base + notice.get_absolute_url(),
            "story_image_url": base + notice.get_absolute_url() + "story.png",
            "caption": caption_for(notice),
            "locations": [
                {"slug": loc.slug, "name": loc.name, "address": loc.address, "map_url": loc.map_url}
                for loc in notice.locations.all()
            ],
            "services": [s.code for s in notice.services.all()],
        },
    }


def queue_deliveries(notice: Notice, event: str) -> list[int]:
    """Write one delivery row per active endpoint (inside the caller's transaction) and send
    them after commit."""
    if not notice.is_published:
        return []
    ids = []
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        ids.append(WebhookDelivery.objects.create(endpoint=endpoint, notice=notice, event=event).pk)
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return ids


def _enqueue(ids: list[int]) -> None:
    from apps.announcements.tasks import deliver_webhook

    for delivery_id in ids:
        try:
            deliver_webhook.enqueue(delivery_id)
        except Exception:  # the sweep sends it later
            log.exception("webhook.enqueue_failed", extra={"delivery": delivery_id})


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take the delivery for one attempt (a conditional UPDATE, so two workers never send it
    at the same time)."""
    return (
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
        == 1
    )


def attempt(delivery_id: int) -> str:
    """Send one delivery once. Returns its status afterwards."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        row = WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return row or "missing"
    delivery = WebhookDelivery.objects.select_related("endpoint", "notice").get(pk=delivery_id)
    if not delivery.endpoint.is_active:  # disabled by an administrator after this delivery was queued
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error="endpoint disabled", attempts=F("attempts") - 1
        )
        return DeliveryStatus.FAILED
    body = json.dumps(
        {**notice_payload(delivery.notice, delivery.event), "delivery_id": delivery.pk, "sent_at": now.isoformat()},
        ensure_ascii=False,
        sort_keys=True,
    ).encode()
    code, error = _post(delivery.endpoint.url, body, {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Sipon-Webhook/1",
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, body),
        "X-Sipon-Event": delivery.event,
        "X-Sipon-Delivery": str(delivery.pk),
    })
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), last_status_code=code, last_error=""
        )
        return DeliveryStatus.DELIVERED
    failed = delivery.attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
        next_attempt_at=timezone.now() + backoff(delivery.attempts),
        last_status_code=code,
        last_error=error,
    )
    log.warning("webhook.failed", extra={"delivery": delivery.pk, "attempt": delivery.attempts, "error": error})
    return DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST once. Returns (HTTP status or None, error text)."""
    if not url.startswith(("http://", "https://")):
        return None, "URL must start with http:// or https://"
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310  (http(s) checked above)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  (http(s) checked above)
            return int(response.status), ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(exc)[:2000]


def sweep(limit: int = 200) -> int:
    """Queue every pending delivery whose time has come (run by the scheduler)."""
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    _enqueue(ids)
    return len(ids)
