"""Rebuild the dashboard aggregates from the demo applications loaded before this app."""

from __future__ import annotations

from typing import Any

from apps.dashboards.aggregates import refresh_all


def load(stdout: Any) -> None:
    result = refresh_all()
    stdout.write(f"Dashboard aggregates rebuilt: {result}.")
