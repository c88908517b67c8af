"""Events of the application workflow (the core). Published after commit through :mod:`apps.core.events`;
the stages above subscribe in their ``subscriptions.py``. The core never imports a stage."""

from __future__ import annotations

from dataclasses import dataclass

from apps.applications.workflow import Status

# States the core never leaves by a person's action: a subscriber moves the file on (VERIFIED -> biometric
# recording or central, apps/issuance/routing.py). A file found in one of them longer than
# ``SIPON_EVENTS_STUCK_AFTER_SECONDS`` had its event lost (a crash between commit and handler) and is
# republished by ``apps/applications/reconcile.py``.
AWAITING_SUBSCRIBER: frozenset[str] = frozenset({Status.VERIFIED})


@dataclass(frozen=True)
class StatusChanged:
    """A file moved from ``from_status`` to ``to_status`` (history row ``change_id``)."""

    application_id: int
    from_status: str
    to_status: str
    change_id: int
    actor_id: int | None = None
    # True when the reconciliation job publishes the change again: subscribers that only tell people
    # (the applicant's message) skip it, subscribers that move the file act if it still needs it.
    replay: bool = False
