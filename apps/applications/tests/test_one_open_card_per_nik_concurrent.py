"""Two KTP-el files of one NIK submitted at the same moment (say, online and at the desk): exactly one opens.

On PostgreSQL the advisory lock on the NIK (apps/applications/single_open.py) serialises the two checks; without
it both transactions read "nothing open" under READ COMMITTED and both submit. SQLite serialises writers itself."""

from __future__ import annotations

from functools import partial

import pytest

from apps.applications import services
from apps.applications.models import Application
from apps.applications.tests.factories import complete_draft, resident
from apps.applications.workflow import OPEN, Status
from tests.concurrency import needs_file_database, race


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_nik_open_exactly_one_file() -> None:
    needs_file_database()
    user = resident()
    drafts = [complete_draft(user, "ktp-hilang"), complete_draft(user, "ktp-rusak")]
    results = race(
        [partial(services.submit, Application.objects.get(pk=draft.pk), user=user) for draft in drafts],
        {services.OpenElsewhere: "refused"}, done="submitted",
    )
    assert sorted(results) == ["refused", "submitted"], results
    assert Application.objects.filter(nik=user.resident.nik, status__in=OPEN).count() == 1
    assert Application.objects.filter(nik=user.resident.nik, status=Status.DRAFT).count() == 1
