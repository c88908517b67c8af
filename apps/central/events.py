"""Events of the central link, published after commit through :mod:`apps.core.events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutageDeclared:
    """Calls to central have failed for ``CENTRAL_OUTAGE_AFTER_SECONDS``: the link is declared down."""


@dataclass(frozen=True)
class OutageEnded:
    """The link answered again after a declared outage."""
