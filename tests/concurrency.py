"""Races for tests: several attempts started at the same instant, each in its own thread and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence


def needs_file_database() -> None:
    """Skip a race test on in-memory SQLite, which locks whole tables (the suite's SQLite test database is a file,
    ``SIPON_SQLITE_TEST_NAME``; PostgreSQL always runs it)."""
    import pytest
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's own
        pytest.skip("needs a file database (SIPON_SQLITE_TEST_NAME); in-memory SQLite locks whole tables")


def race(
    attempts: Sequence[Callable[[], object]],
    outcomes: dict[type[BaseException], str],
    *,
    done: str = "done",
    timeout: float = 30,
) -> list[str]:
    """Run every attempt in a thread of its own, released together by a barrier. Each yields ``done`` when it
    returns, the word ``outcomes`` gives for the exception it raised, or ``"error: ..."`` for any other exception
    (so an unexpected failure shows in the test's assertion). Each thread closes its database connections."""
    barrier = threading.Barrier(len(attempts))
    results: list[str] = []
    guard = threading.Lock()

    def run(attempt: Callable[[], object]) -> None:
        from django.db import connections

        try:
            barrier.wait()
            attempt()
            outcome = done
        except tuple(outcomes) as exc:
            outcome = next(word for kind, word in outcomes.items() if isinstance(exc, kind))
        except Exception as exc:  # reported as the attempt's outcome, so the test's assertion shows it
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with guard:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
