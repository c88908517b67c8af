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


@pytest.fixture(autouse=True)
def _catalogue(request: Any) -> None:
    """Reference data (regions, roles, the e-KTP catalogue) also for transactional tests, which
    flush the database, data migrations included."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    if marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from apps.accounts.demo import ensure_groups
        from apps.regions.models import Region
        from apps.regions.services import load_regions

        if not Region.objects.filter(code="33.10").exists():
            load_regions(("33.10",))
        ensure_groups()
    else:
        request.getfixturevalue("db")
    from apps.applications.catalogue import ensure

    ensure()
