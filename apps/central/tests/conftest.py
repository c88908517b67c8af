from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from simulator import control


def _port(offset: int) -> int:
    # Each xdist worker gets its own pair of ports inside 8130-8139.
    # (CENTRAL_TEST_PORT_BASE lets two test sessions run side by side.)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    base = int(os.environ.get("CENTRAL_TEST_PORT_BASE", "8130"))
    return base + (index * 2 + offset) % 10


@pytest.fixture
def simulator(settings: Any, tmp_path: Any) -> Iterator[str]:
    port = _port(0)
    process = control.start(port, state=str(tmp_path / "sim.json"), print_delay=0.5)
    url = f"http://127.0.0.1:{port}"
    settings.CENTRAL_URL = url
    settings.CENTRAL_TIMEOUT_SECONDS = 3
    settings.CENTRAL_RETRY_BASE_SECONDS = 0.01
    settings.CENTRAL_RETRY_MAX_SECONDS = 0.2
    try:
        yield url
    finally:
        control.stop(process)
