"""Where SMS/WhatsApp messages go: a log (local use) or a webhook (a provider's HTTP API)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request

from django.conf import settings

from apps.notifications.models import Notification

log = logging.getLogger("sipon.notifications")


class GatewayError(Exception):
    pass


def send_short_message(notification: Notification) -> None:
    if settings.NOTIFICATION_GATEWAY == "webhook":
        _send_webhook(notification)
    else:
        _write_local(notification)


def _write_local(notification: Notification) -> None:
    """Local use: each message becomes a text file in var/sms/ (like e-mail's file backend), so a demo
    user can read the confirmation code sent to a phone number. Nothing personal goes to the log."""
    outbox = settings.VAR_DIR / "sms"
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{notification.created_at:%Y%m%d-%H%M%S}-{notification.pk}.txt"
    path.write_text(f"To: {notification.address}\n\n{notification.subject}\n{notification.body}\n{notification.url}\n")
    log.info("sms.written", extra={"notification": notification.pk, "event": notification.event})


def _send_webhook(notification: Notification) -> None:
    url = settings.NOTIFICATION_WEBHOOK_URL
    if not url.startswith(("http://", "https://")):
        raise GatewayError("NOTIFICATION_WEBHOOK_URL must be an http(s) URL")
    payload = json.dumps(
        {"id": notification.pk, "to": notification.address, "text": f"{notification.subject}\n{notification.body}"}
    ).encode()
    signature = hmac.new(settings.NOTIFICATION_WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", "X-Sipon-Signature": f"sha256={signature}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - scheme checked above
            if response.status >= 300:
                raise GatewayError(f"gateway answered {response.status}")
    except OSError as exc:
        raise GatewayError(str(exc)) from exc
