from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _tasks_run_immediately(immediate_tasks: None) -> None:
    """See ``immediate_tasks`` in the root conftest."""
