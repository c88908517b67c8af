"""Two verifiers claim the same file at the same moment: exactly one gets it (SQLite and PostgreSQL)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from apps.applications import services
from apps.applications.models import Application, StatusChange
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from tests.concurrency import needs_file_database, race
from tests.factories import make_staff


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("claimers", [2, 6])
def test_exactly_one_of_several_concurrent_claimers_wins(claimers: int) -> None:
    needs_file_database()
    application = submitted(resident())
    staff = [make_staff("file_receiver") for _ in range(claimers)]
    results = race(
        [partial(services.claim, Application.objects.get(pk=application.pk), user=user) for user in staff],
        {services.ClaimLost: "lost"}, done="won",
    )
    assert sorted(results) == ["lost"] * (claimers - 1) + ["won"], results
    application.refresh_from_db()
    assert application.status == Status.IN_VERIFICATION
    assert application.claimed_by_id in {u.pk for u in staff}
    assert StatusChange.objects.filter(application=application, to_status=Status.IN_VERIFICATION).count() == 1
    assert connection.vendor in ("sqlite", "postgresql")
