"""The walk-in queue: tickets, calls from counters, transfers, wait estimates, day rollover.

Race-free by construction:

* ticket numbers come from one :class:`DailySequence` row per location, day and queue code,
  advanced with a conditional UPDATE (the row lock serialises issuers of one queue);
* calling the next ticket picks a candidate with ``SELECT ... FOR UPDATE SKIP LOCKED`` on
  PostgreSQL (a no-op on SQLite, whose IMMEDIATE transactions serialise writers) and claims it
  with a conditional ``UPDATE ... WHERE status = 'waiting'`` whose row count is checked, so two
  counters never call the same ticket on either database.

The package is split by stage; every name is importable from here as before:

- :mod:`apps.queueing.services.common`: The queue error and the call policy every step shares.
- :mod:`apps.queueing.services.issuing`: Issuing tickets (kiosk, booking check-in).
- :mod:`apps.queueing.services.counters`: Counters: calling, serving, finishing, transferring; the walk-in file.
- :mod:`apps.queueing.services.estimates`: Wait estimates and the almost-your-turn message.
- :mod:`apps.queueing.services.display`: The call display.
- :mod:`apps.queueing.services.rollover`: Day rollover: closing the day and its statistics.
"""

from __future__ import annotations

from apps.queueing.services.common import DEFAULT_SERVICE_SECONDS, MOVING_AVERAGE_SIZE, QueueError, rank_for
from apps.queueing.services.counters import (
    _CLAIM_SQL,
    _CURRENT_SQL,
    _FINISH_SQL,
    _PICK_SQL,
    _announce,
    _finish,
    _finish_locked,
    _lock_clause,
    _lock_open,
    _record_service,
    _service_ids,
    call_next,
    current_ticket,
    finish,
    mark_no_show,
    recall,
    start_serving,
    transfer,
    waiting_for,
)
from apps.queueing.services.display import display_state, stage_wait_minutes
from apps.queueing.services.estimates import (
    _after_call,
    _ahead_filter,
    average_service_seconds,
    estimate_wait_minutes,
    notify_almost_turn,
    open_counters,
    people_ahead,
)
from apps.queueing.services.issuing import _next_number, _walk_in_quota_left, check_in, issue_ticket
from apps.queueing.services.rollover import close_day, compute_stats, rollover

__all__ = [
    "DEFAULT_SERVICE_SECONDS",
    "MOVING_AVERAGE_SIZE",
    "_CLAIM_SQL",
    "_CURRENT_SQL",
    "_FINISH_SQL",
    "_PICK_SQL",
    "QueueError",
    "_after_call",
    "_ahead_filter",
    "_announce",
    "_finish",
    "_finish_locked",
    "_lock_clause",
    "_lock_open",
    "_next_number",
    "_record_service",
    "_service_ids",
    "_walk_in_quota_left",
    "average_service_seconds",
    "call_next",
    "check_in",
    "close_day",
    "compute_stats",
    "current_ticket",
    "display_state",
    "estimate_wait_minutes",
    "finish",
    "issue_ticket",
    "mark_no_show",
    "notify_almost_turn",
    "open_counters",
    "people_ahead",
    "rank_for",
    "recall",
    "rollover",
    "stage_wait_minutes",
    "start_serving",
    "transfer",
    "waiting_for",
]
