"""The shared cache-based rate limit: a counter per key and window."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache

from apps.core import ratelimit

pytestmark = pytest.mark.django_db


def _key(name: str) -> str:
    return f"t:{name}:{uuid.uuid4().hex}"  # a Redis cache outlives the test database


def test_it_allows_up_to_the_limit_in_a_window_then_refuses(monkeypatch):
    monkeypatch.setattr(ratelimit, "_clock", lambda: 1_000_020.0)
    key = _key("a")
    assert [ratelimit.hit(key, 3) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.hit(_key("b"), 3)  # another key has its own count


def test_a_new_window_starts_a_new_count(monkeypatch):
    now = [1_000_020.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    key = _key("c")
    assert [ratelimit.hit(key, 1) for _ in range(2)] == [True, False]
    now[0] += ratelimit.WINDOW
    assert ratelimit.hit(key, 1)


def test_it_reads_another_key_in_the_same_call():
    marker, key = _key("marker"), _key("d")
    cache.set(marker, {"full": True})
    assert ratelimit.hit_and_get(key, 5, marker) == (True, {"full": True})
    assert ratelimit.hit_and_get(key, 5, _key("absent")) == (True, None)


CACHE_BACKENDS = {
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sipon_cache"},
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-window-test"},
}


@pytest.mark.parametrize("backend", sorted(CACHE_BACKENDS))
def test_an_hourly_limit_holds_for_the_whole_hour_on_every_cache(settings, monkeypatch, backend):
    """The counter lives until its window ends, whatever the backend's incr does with the expiry (the database
    cache's incr re-saved it with the 300 s default timeout: the limit reset after 5 quiet minutes)."""
    import datetime as dt
    import time

    from django.core.cache.backends import db

    settings.CACHES = {"default": CACHE_BACKENDS[backend]}
    hour = 3600
    now = [float(1_000_000 // hour * hour + hour + 10)]  # 10 s into an hour
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    monkeypatch.setattr(time, "time", lambda: now[0])  # the caches' expiry clock
    monkeypatch.setattr(db, "tz_now", lambda: dt.datetime.fromtimestamp(now[0], tz=dt.UTC))
    key = _key(f"hourly-{backend}")
    assert [ratelimit.hit(key, 3, hour) for _ in range(3)] == [True, True, True]
    for minutes in (6, 20, 30):  # quiet spells longer than the default timeout, all within the hour
        now[0] += minutes * 60
        assert not ratelimit.hit(key, 3, hour), f"the limit reset after {minutes} quiet minutes"
    now[0] += hour  # the next hour: a new count
    assert ratelimit.hit(key, 3, hour)
