"""Reference data (regions, role groups) for ordinary tests that run after a transactional test in the same
worker: the flush at the end of a transactional test empties every table, and the root conftest reloads the
reference data only for transactional tests. Until that is fixed there, import ``reference_data`` into a
conftest or test module (it is autouse)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def reference_data(request: Any) -> None:
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return  # the root conftest reloads it for these
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from apps.accounts.demo import ensure_groups
    from apps.regions.models import Region
    from apps.regions.services import load_regions

    if not Region.objects.filter(code="33.10.25.1001").exists():
        load_regions(("33.10",))  # inside the test's transaction: rolled back with it
        ensure_groups()
