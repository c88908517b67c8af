"""Demo data of the central app: the link-health row (the simulator started by `make run` is the
other side; its state is in var/central-sim.json)."""

from __future__ import annotations

from typing import Any

from apps.central.models import LinkHealth


def load(stdout: Any) -> None:
    LinkHealth.get()
    stdout.write("Central link ready (simulator on CENTRAL_URL).")
