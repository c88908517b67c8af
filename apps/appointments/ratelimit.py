"""Cache-based rate limits for booking requests (per account and per client address)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _hit(key: str, limit: int, window: int = 60) -> bool:
    """Count one request in the current window; True if still within ``limit``."""
    bucket = f"rl:{key}:{int(time.time()) // window}"
    if cache.add(bucket, 1, window + 5):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, window + 5)
        return True
    return count <= limit


def allow_ip(request: HttpRequest) -> bool:
    ip = request.META.get("REMOTE_ADDR") or "unknown"
    return _hit(f"appt:ip:{ip}", int(getattr(settings, "APPOINTMENTS_RATE_PER_IP", 120)))


def allow_account(user_id: int) -> bool:
    return _hit(f"appt:user:{user_id}", int(getattr(settings, "APPOINTMENTS_RATE_PER_ACCOUNT", 20)))
