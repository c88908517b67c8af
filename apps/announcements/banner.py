"""The notices banner shown on every page, read from the cache instead of the database on each request.

The cache holds the published notices that have not ended yet (including those that start later), in banner
order; each request picks the ones in force at that moment, so a notice appears and disappears at its start and
end without waiting for the cache. Every save or delete of a notice, and :func:`forget` (called by writes that
bypass ``save()``), empties the cache at once and again after the transaction commits, so no page can keep showing a
notice that was withdrawn. The timeout is only a safety net.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from apps.announcements.models import Notice
from apps.core import caching

CACHE_KEY = "announcements:banner:v1"
CACHE_SECONDS = 5 * 60
BANNER_SIZE = 5
# More open notices than this (a backlog of scheduled ones) and the banner is read from the database instead.
CANDIDATES = 50


def _candidates(now: dt.datetime) -> dict[str, Any]:
    rows = list(
        Notice.objects.filter(is_published=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-severity_rank", "-starts_at", "-id")[: CANDIDATES + 1]
    )
    return {"notices": rows[:CANDIDATES], "complete": len(rows) <= CANDIDATES}


def banner_notices(now: dt.datetime | None = None) -> list[Notice]:
    """The notices in force now, most severe first (at most five): ``Notice.objects.active()[:5]``."""
    now = now or timezone.now()
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = _candidates(now)
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    if not cached["complete"]:
        return list(Notice.objects.active()[:BANNER_SIZE])
    in_force = [n for n in cached["notices"] if n.starts_at <= now and (n.ends_at is None or n.ends_at > now)]
    return in_force[:BANNER_SIZE]


def forget() -> None:
    """Empty the banner cache now and once the current transaction commits (a page rendered in between
    could otherwise put the old notices back)."""
    caching.forget(CACHE_KEY)
