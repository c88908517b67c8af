from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apps.central.gateway import use_gateway
from apps.central.tests.conftest import simulator  # noqa: F401  (the HTTP simulator, for the exactly-once tests)
from apps.central.tests.fakes import InProcessCentral


@pytest.fixture(autouse=True)
def _tasks_run_immediately(immediate_tasks: None) -> None:
    """See ``immediate_tasks`` in the root conftest."""


@pytest.fixture(autouse=True)
def central(settings: Any) -> Iterator[InProcessCentral]:
    """Central answers in this process, and the outbox is sent on commit as in production: a verified file goes
    to central (SENT_TO_CENTRAL), is registered, and its document is issued, all within the test's commit
    callbacks. ``central.mode = "down"`` keeps files waiting."""
    settings.CENTRAL_SEND_ON_COMMIT = True
    settings.CENTRAL_RETRY_BASE_SECONDS = 0
    gateway = InProcessCentral()
    use_gateway(gateway)
    yield gateway
    use_gateway(None)
