"""Cache-based rate limits: a counter per key and fixed window, shared by every app server through the cache.

With Redis (production) one request costs one round trip: a small script that INCRs the window's counter (and
sets its expiry when it is new) and can also GET another key in the same call (:func:`hit_and_get`; the booking
POST's "is this slot full?"). Other cache backends (the database cache of a single-machine install) use add, then
incr where the backend's incr keeps the entry's expiry (LocMem, Memcached).

A window's counter lives exactly until its window ends (plus a few seconds), whatever the backend: it is created
with that explicit expiry, and a count never moves it. Django's generic ``BaseCache.incr`` (the database and file
caches) is a get and a ``set`` with the *default* timeout (300 s): a counter bumped that way lived 5 minutes after
its last hit, so an hourly limit reset every 5 minutes of quiet. There the count is written back with the
window's remaining time instead.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
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


def _lifetime(window: int) -> int:
    """Seconds until the current window ends, plus a margin: how long its counter is kept, from any hit."""
    now = _clock()
    return max(1, int((window_number(window) + 1) * window - now) + 5)


def _hit_fallback(bucket: str, limit: int, window: int) -> bool:
    backend = caches["default"]
    lifetime = _lifetime(window)
    if backend.add(bucket, 1, lifetime):
        return True
    if type(backend).incr is BaseCache.incr:
        # The generic incr re-saves with the default timeout (see the module's docstring): count with the
        # window's own expiry instead (a get and a set, as that incr is).
        count = backend.get(bucket)
        if count is None:  # expired between add and get
            backend.add(bucket, 1, lifetime)
            return True
        count = int(count) + 1
        backend.set(bucket, count, lifetime)
        return count <= limit
    try:
        count = backend.incr(bucket)  # native: keeps the expiry set by add
    except ValueError:  # expired between add and incr
        backend.add(bucket, 1, lifetime)
        return True
    return int(count) <= limit


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
