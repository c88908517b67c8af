"""Events of the issuance stage, published after commit through :mod:`apps.core.events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StockChanged:
    """Blanks were received, used, moved or returned at ``location_ids``: the stock notices may need raising or
    closing, and the estimates of the files waiting there may move."""

    location_ids: tuple[int, ...] = ()
