"""Tests of this app run background tasks at once (notifications are sent on commit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from apps.notifications.services import forget_queued_drain


@pytest.fixture(autouse=True)
def _tasks_run_immediately(immediate_tasks: None) -> None:
    """See ``immediate_tasks`` in the root conftest."""


@pytest.fixture(autouse=True)
def _no_drain_queued_by_an_earlier_test() -> Iterator[None]:
    """A drain another test queued was emptied with its database: this process must not count on it."""
    forget_queued_drain()
    yield
    forget_queued_drain()
