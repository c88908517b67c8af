"""Tasks run immediately in these tests. (The root conftest sets TASK_BACKEND in the environment,
but pytest-django has loaded the settings by then, so it does not take effect.)"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "central", "notifications"],
        }
    }
