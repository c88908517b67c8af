"""How many complaints one address (anonymous) or one account (signed in) may file per hour, and how many
lookups by code and contact one address may try (:func:`allow_lookup`).

The form is public and takes attachments, so a flood from one address must stop; but a resident files one
complaint and should not pay for the flood check. Each app process therefore lets the *first* filing of an
address or account in the window through without asking anyone; from the second one in the same process on, it
counts in the shared cache counter (:mod:`apps.core.ratelimit`), adding the one it let through. The shared count
can miss at most one filing per other process, so the limit holds within "limit + processes - 1".

The per-process memory is only a shortcut, never the decision; it is bounded (emptied when it grows past
``_LOCAL_MAX`` keys) and forgets each key when its window ends.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest

from apps.core import ratelimit
from apps.core.audit import client_ip

WINDOW = 3600
_LOCAL_MAX = 10_000
# key -> (window number, filings this process has seen for it in that window)
_local: dict[str, tuple[int, int]] = {}
_lock = threading.Lock()


def _seen_here(key: str) -> int:
    """Count a filing for ``key`` in this process; returns how many it has seen in the current window."""
    window = ratelimit.window_number(WINDOW)
    with _lock:
        if len(_local) >= _LOCAL_MAX:
            _local.clear()
        seen_window, count = _local.get(key, (window, 0))
        count = count + 1 if seen_window == window else 1
        _local[key] = (window, count)
    return count


def _allow(key: str, limit: int) -> bool:
    if limit <= 0:
        return True  # 0: no limit (a kiosk network behind one address, or the benchmark)
    seen = _seen_here(key)
    if seen == 1:
        return True
    allowed = True
    for _missed in range(2 if seen == 2 else 1):  # the second here also counts the first, let through unasked
        allowed = ratelimit.hit(key, limit, WINDOW)
    return allowed


def allow_filing(request: HttpRequest) -> bool:
    """Whether this request may file one more complaint (the address's limit, and the account's when signed in)."""
    ip = client_ip(request) or "unknown"
    if not _allow(f"cmp:ip:{ip}", int(getattr(settings, "COMPLAINTS_RATE_PER_IP", 20))):
        return False
    user_id = getattr(request.user, "pk", None) if getattr(request.user, "is_authenticated", False) else None
    if user_id is None:
        return True
    return _allow(f"cmp:user:{user_id}", int(getattr(settings, "COMPLAINTS_RATE_PER_ACCOUNT", 10)))


LOOKUP_WINDOW = 15 * 60


def allow_lookup(request: HttpRequest) -> bool:
    """Whether this address may try one more complaint lookup by code and contact (the tracking form, the API with
    ``contact``): the contact is the only secret, so guesses are counted (every try, in the shared counter; a
    resident looks a complaint up a few times, a guesser thousands)."""
    limit = int(getattr(settings, "COMPLAINTS_LOOKUP_RATE_PER_IP", 20))
    if limit <= 0:
        return True
    return ratelimit.hit(f"cmp:lookup:{client_ip(request) or 'unknown'}", limit, LOOKUP_WINDOW)


def forget_local() -> None:
    """Empty this process's memory (tests)."""
    with _lock:
        _local.clear()


def allow_tracking(request: HttpRequest) -> bool:
    """Tracking tries per address (an anonymous report opens with its code alone): 60 in 10 minutes."""
    return ratelimit.hit(f"cmp:track:{client_ip(request) or 'unknown'}", 60, 600)
