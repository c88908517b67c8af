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
