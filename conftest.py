"""Test set-up shared by every app: environment, database, signed-in clients, the browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# pytest-django loads the settings before this file runs (see sipon/settings.py for the test defaults);
# these variables reach the subprocesses that some tests start, and Playwright's event loop.
os.environ.setdefault("SIPON_TESTING", "1")
os.environ.setdefault("SIPON_LOCAL", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop
os.environ.setdefault("SIPON_VAR_DIR", str(Path(__file__).parent / "var" / "test"))

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
    }


def _ensure_reference_data() -> None:
    """Regions and role groups are reference data every test may need. Transactional tests
    flush the database afterwards, so this reloads them when they are gone (fast: the rows
    are built once per process)."""
    from apps.accounts.demo import ensure_groups
    from apps.applications import catalogue
    from apps.regions.models import Region
    from apps.regions.services import load_regions

    if not Region.objects.filter(code="33.10").exists():
        load_regions(("33.10",))
    ensure_groups()
    catalogue.ensure()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _ensure_reference_data()
        call_command("createcachetable", verbosity=0)
    yield


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        request.node.stash[_FLUSHES_DATABASE] = True
        from django.core.management import call_command

        _ensure_reference_data()
        call_command("createcachetable", verbosity=0)


_FLUSHES_DATABASE = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Iterator[None]:
    """After a transactional test's flush, put the reference data back and empty the cache for the tests
    that follow."""
    yield
    # nextitem None: the session ends and the test database is already gone. A test skipped
    # before its set-up (a browser test on a machine without Chromium) never touched the database.
    if nextitem is not None and item.stash.get(_FLUSHES_DATABASE, False):
        from django.core.management import call_command
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _ensure_reference_data()
            call_command("createcachetable", verbosity=0)
            # The flush leaves the database cache's rows (not a model), which would name rows that are gone.
            from django.core.cache import cache

            cache.clear()
            # A notification drain this process queued was in the flushed task table: none is pending now.
            from apps.notifications.services import forget_queued_drain

            forget_queued_drain()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once (on commit) instead of waiting in the database queue for a worker."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "central", "notifications"],
        }
    }


@pytest.fixture
def staff_client(client: Any) -> Callable[..., Any]:
    """``staff_client("operator")`` signs a new staff member of that role in, second factor passed."""
    from tests.factories import make_staff, sign_in_staff

    def make(role: str, **kwargs: Any) -> Any:
        user = make_staff(role, **kwargs)
        sign_in_staff(client, user)
        client.user = user
        return client

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 412, "height": 915})
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()
