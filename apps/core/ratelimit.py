"""Cache-based rate limits: a counter per key and fixed window, shared by every app server through the cache.

With Redis (production) one request costs one round trip: a small script that INCRs the window's counter (and
sets its expiry when it is new) and can also GET another key in the same call (:func:`hit_and_get`; the booking
POST's "is this slot full?"). Other cache backends (the database cache of a single-machine install) use
add/incr.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

WINDOW = 60
_clock = time.time  # the windows' clock (tests move it)


# INCR the bucket (its expiry set when it is created) and GET a second key, as one command: one round trip
# and one reply to parse, which is most of what the "full" answer costs.
_HIT_AND_GET = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local value = false
if KEYS[2] then value = redis.call('GET', KEYS[2]) end
return {count, value}
"""


def _script(backend: RedisCache) -> Any:
    """The registered script, bound to one ``redis.Redis`` per cache backend object (Django keeps one backend
    per thread) on the backend's own write pool: building a client per call cost more CPU than the round trip."""
    script = backend.__dict__.get("_sipon_hit_and_get")
    if script is None:
        client = backend._cache.get_client(write=True)  # a redis.Redis on the backend's write pool
        script = client.register_script(_HIT_AND_GET)
        backend.__dict__["_sipon_hit_and_get"] = script
    return script


def window_number(window: int = WINDOW) -> int:
    """Which fixed window of ``window`` seconds it is now (the counters' key part)."""
    return int(_clock()) // window


def _bucket(key: str, window: int) -> str:
    return f"rl:{key}:{window_number(window)}"


def _hit_fallback(bucket: str, limit: int, window: int) -> bool:
    backend = caches["default"]
    if backend.add(bucket, 1, window + 5):
        return True
    try:
        count = backend.incr(bucket)
    except ValueError:  # expired between add and incr
        backend.add(bucket, 1, window + 5)
        return True
    return count <= limit


def hit(key: str, limit: int, window: int = WINDOW) -> bool:
    """Count one request in the current window; True if still within ``limit``."""
    allowed, _value = hit_and_get(key, limit, None, window)
    return allowed


def hit_and_get(key: str, limit: int, get_key: str | None, window: int = WINDOW) -> tuple[bool, Any]:
    """Count one request for ``key`` and read the cache entry ``get_key`` (if given), in one round trip
    with Redis. Returns (within the limit, the entry's value or None)."""
    bucket = _bucket(key, window)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        keys = [backend.make_and_validate_key(bucket)]
        if get_key is not None:
            keys.append(backend.make_and_validate_key(get_key))
        count, raw_value = _script(backend)(keys=keys, args=[window + 5])
        serializer: Any = backend._cache._serializer  # type: ignore[attr-defined]  # Django's, not in the stubs
        value = serializer.loads(raw_value) if raw_value is not None else None
        return int(count) <= limit, value
    allowed = _hit_fallback(bucket, limit, window)
    return allowed, (backend.get(get_key) if get_key is not None else None)
