"""Events of service points, published after commit through :mod:`apps.core.events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClosureAdded:
    """A service point was closed for a date range (``apps.locations.services.add_closure``)."""

    closure_id: int
    actor_id: int | None = None
