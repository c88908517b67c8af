"""The resident's timeline with estimated dates, the estimate's rules, and the public status check."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.applications import estimates
from apps.applications.models import Application
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from apps.core.calendar import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_the_estimate_counts_working_days_and_skips_holidays() -> None:
    application = submitted(resident())
    submitted_on = timezone.localdate(application.submitted_at)
    expected = add_working_days(submitted_on, application.service_type.service_level_days)
    assert application.due_date == expected
    assert application.estimated_completion_date is not None
    assert application.estimated_completion_date >= expected
    assert is_working_day(application.estimated_completion_date)
    # 17 August 2026 (Independence Day) is not counted
    assert add_working_days(dt.date(2026, 8, 14), 1) == dt.date(2026, 8, 18)


def test_the_estimate_moves_with_the_backlog_at_the_desk() -> None:
    application = submitted(resident())
    base = estimates.estimate(application)
    with mock.patch.object(estimates, "DEFAULT_DAILY_THROUGHPUT", 1):
        cache.clear()
        for _ in range(3):
            submitted(resident())
        cache.clear()
        later = estimates.estimate(application)
    assert base is not None and later is not None
    assert later > base  # 4 files waiting, 1 a day: 3 more working days


def test_the_backlog_uses_the_measured_pace_of_the_desk_once_there_is_enough_history(staff_client: Any) -> None:
    from apps.applications.models import StatusChange

    application = submitted(resident())
    for _ in range(4):
        submitted(resident())
    cache.clear()
    assert estimates.backlog_days() == 0  # 5 waiting, default pace
    # 30 decisions in the last week: 6 a day; with 20 more waiting that is 25 / 6 -> 5 days, 4 extra
    StatusChange.objects.bulk_create([
        StatusChange(application=application, from_status=Status.IN_VERIFICATION, to_status=Status.VERIFIED)
        for _ in range(30)
    ])
    for _ in range(20):
        submitted(resident())
    cache.clear()
    assert estimates.backlog_days() == 4


def test_the_estimate_follows_a_central_outage() -> None:
    application = submitted(resident())
    base = estimates.estimate(application)
    with mock.patch("apps.central.health.expected_delay_working_days", return_value=5):
        delayed = estimates.estimate(application)
    assert base is not None and delayed == add_working_days(base, 5)


def test_the_status_page_shows_the_newest_first_with_what_to_do_and_the_estimate(client: Any) -> None:
    user = resident()
    application = submitted(user)
    client.force_login(user)
    body = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert body.index("Diajukan") < body.index("Draf")
    assert "Perkiraan selesai" in body and "sudah kami terima" in body


def test_the_public_status_check_shows_status_and_estimate_but_no_personal_data(client: Any) -> None:
    user = resident(name="RAHASIA WARGA")
    application = submitted(user)
    url = reverse("applications:check")
    response = client.post(url, {"number": application.number.lower(), "birth_date": str(user.resident.birth_date)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Diajukan" in body and "Perkiraan selesai" in body
    assert "RAHASIA" not in body and application.nik not in body
    response = client.post(url, {"number": application.number, "birth_date": "2001-01-01"})
    assert "tidak ditemukan" in response.content.decode()


def test_the_public_status_check_is_limited_per_application_number_from_any_address(client: Any) -> None:
    from apps.applications import status_check

    url = reverse("applications:check")
    wrong = {"number": "KTP-000000-AAAAAA", "birth_date": "1990-01-01"}
    for attempt in range(status_check.PER_NUMBER):
        assert client.post(url, wrong, REMOTE_ADDR=f"10.0.1.{attempt}").status_code == 200
    response = client.post(url, wrong, REMOTE_ADDR="10.0.2.1")  # a new address does not reset the number's count
    assert response.status_code == 429 and "Terlalu banyak percobaan" in response.content.decode()
    other = client.post(url, {"number": "KTP-000000-BBBBBB", "birth_date": "1990-01-01"}, REMOTE_ADDR="10.0.2.1")
    assert other.status_code == 200


def test_a_shared_address_serves_many_residents_until_a_high_ceiling(client: Any) -> None:
    from apps.applications import status_check

    url = reverse("applications:check")
    user = resident()
    application = submitted(user)
    mine = {"number": application.number, "birth_date": str(user.resident.birth_date)}
    # A village office checks many residents' files from one address: far more than the old 10 tries.
    for serial in range(status_check.PER_ADDRESS - 1):
        others = {"number": f"KTP-000000-{serial:06d}", "birth_date": "1990-01-01"}
        assert client.post(url, others, REMOTE_ADDR="10.9.9.9").status_code == 200
    response = client.post(url, mine, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200 and "Diajukan" in response.content.decode()
    refused = client.post(url, mine, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429
    assert client.post(url, mine, REMOTE_ADDR="10.9.9.10").status_code == 200  # the ceiling is per address


def test_a_draft_is_not_found_by_the_public_check(client: Any) -> None:
    user = resident()
    from apps.applications.tests.factories import draft

    application = draft(user)
    response = client.post(reverse("applications:check"),
                           {"number": application.number, "birth_date": str(user.resident.birth_date)})
    assert "tidak ditemukan" in response.content.decode()


def test_refresh_open_updates_stored_estimates() -> None:
    application = submitted(resident())
    Application.objects.filter(pk=application.pk).update(estimated_completion_date=dt.date(2000, 1, 1))
    assert estimates.refresh_open() == 1
    application.refresh_from_db()
    assert application.estimated_completion_date and application.estimated_completion_date.year > 2000
    assert application.status == Status.SUBMITTED
