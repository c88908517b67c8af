"""Events of appointments, published after commit through :mod:`apps.core.events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClosureHandled:
    """The bookings a closure hit were moved (``moved``) or cancelled (``cancelled``), each resident told."""

    closure_id: int
    moved: int
    cancelled: int
