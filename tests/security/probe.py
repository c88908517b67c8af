"""Try a request and tell whether it was let through, refused, or broke."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

ALLOWED = "allowed"
REFUSED = "refused"
ERROR = "error"


def _gates() -> tuple[str, ...]:
    return (reverse(settings.LOGIN_URL), reverse("accounts:otp_verify"))


def outcome(response: HttpResponse | Any) -> str:
    status = response.status_code
    if status >= 500:
        return ERROR
    if status in (401, 403, 404, 405):
        return REFUSED
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if any(gate in location for gate in _gates()):
            return REFUSED
        return ALLOWED
    if status == 429:  # a rate limit is not access control: make it visible
        return ERROR
    return ALLOWED  # 2xx, and 400/409/422 (the request got past access control to validation)
