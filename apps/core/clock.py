"""A clock that can be set, for code that replays the past through the real services (the Klaten generator).

Every service reads the time through ``django.utils.timezone.now`` (directly, through ``localdate``, or through
``auto_now``/``auto_now_add`` fields), so :func:`set_to` pointing that one function at a chosen moment makes a
status change, its history row, the audit event and the notifications carry that moment, exactly as if the
service had run then. Nothing else changes: the rows are the ones the services write.

Never used by a request or a worker: only inside one management command's process, single-threaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_real_now = timezone.now


@contextmanager
def set_to(moment: dt.datetime) -> Iterator[None]:
    """Inside the block, ``timezone.now()`` answers ``moment`` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock needs an aware datetime")
    previous = timezone.now
    setattr(timezone, "now", lambda: moment)  # noqa: B010  (the module attribute every caller reads)
    try:
        yield
    finally:
        setattr(timezone, "now", previous)  # noqa: B010


def real_now() -> dt.datetime:
    return _real_now()
