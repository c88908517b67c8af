"""A forgotten cache key stays forgotten, even if a request puts old data back before the write commits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.core import caching

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_deletes_a_key_now_and_again_when_the_write_commits() -> None:
    cache.set("sipon-test:list", ["old"], 60)
    with transaction.atomic():
        caching.forget("sipon-test:list")
        assert cache.get("sipon-test:list") is None
        cache.set("sipon-test:list", ["old"], 60)  # another request read the rows before this write committed
    assert cache.get("sipon-test:list") is None


def test_it_deletes_at_once_outside_a_transaction() -> None:
    cache.set("sipon-test:list", ["old"], 60)
    caching.forget("sipon-test:list")
    assert cache.get("sipon-test:list") is None
