"""Cache-based rate limits for booking requests (per account and per client address).

With Redis (production) one request costs one round trip: INCR and EXPIRE in a pipeline. Other cache
backends (the database cache of a single-machine install) use add/incr.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from apps.core.audit import client_ip


def _hit(key: str, limit: int, window: int = 60) -> bool:
    """Count one request in the current window; True if still within ``limit``."""
    bucket = f"rl:{key}:{int(time.time()) // window}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(bucket)
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, window + 5)
        count, _ok = pipe.execute()
        return int(count) <= limit
    if backend.add(bucket, 1, window + 5):
        return True
    try:
        count = backend.incr(bucket)
    except ValueError:  # expired between add and incr
        backend.add(bucket, 1, window + 5)
        return True
    return count <= limit


def allow_ip(request: HttpRequest) -> bool:
    ip = client_ip(request) or "unknown"
    return _hit(f"appt:ip:{ip}", int(getattr(settings, "APPOINTMENTS_RATE_PER_IP", 120)))


def allow_account(user_id: int) -> bool:
    return _hit(f"appt:user:{user_id}", int(getattr(settings, "APPOINTMENTS_RATE_PER_ACCOUNT", 20)))
