"""Cache helpers shared by the apps that keep rarely changing data out of the per-request database work."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def forget(key: str) -> None:
    """Delete ``key`` now and again once the current transaction commits: a request that read the old rows
    between the write and its commit could otherwise put them back into the cache."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
