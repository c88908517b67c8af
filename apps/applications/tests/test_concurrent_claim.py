"""Two verifiers claim the same file at the same moment: exactly one gets it (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from apps.applications import services
from apps.applications.models import Application, StatusChange
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from tests.factories import make_staff


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("claimers", [2, 6])
def test_exactly_one_of_several_concurrent_claimers_wins(claimers: int) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # sqlite only
        pytest.skip("needs a file database (SIPON_SQLITE_TEST_NAME); in-memory SQLite locks whole tables")
    application = submitted(resident())
    staff = [make_staff("file_receiver") for _ in range(claimers)]
    barrier = threading.Barrier(claimers)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(user: Any) -> None:
        from django.db import connections

        try:
            barrier.wait()
            services.claim(Application.objects.get(pk=application.pk), user=user)
            outcome = "won"
        except services.ClaimLost:
            outcome = "lost"
        except Exception as exc:  # report anything else as a failure of the test
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["lost"] * (claimers - 1) + ["won"], results
    application.refresh_from_db()
    assert application.status == Status.IN_VERIFICATION
    assert application.claimed_by_id in {u.pk for u in staff}
    assert StatusChange.objects.filter(application=application, to_status=Status.IN_VERIFICATION).count() == 1
    assert connection.vendor in ("sqlite", "postgresql")
