"""A search by NIK or application number costs the page only its own few queries, and is audited in the same
request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.dashboards.tests.factories import application

pytestmark = pytest.mark.django_db


def test_a_search_lists_every_file_of_the_nik_with_their_count_and_no_separate_count_query(staff_client) -> None:
    from apps.applications.models import Application

    first = application(full_name="PEMOHON SATU")
    second = application(full_name="PEMOHON SATU LAGI")
    Application.objects.filter(pk=second.pk).update(nik=first.nik)
    client = staff_client("section_head")
    url = reverse("dashboards_staff:drill") + f"?q={first.nik}"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert "PEMOHON SATU LAGI" in html and "2 data" in html
    sql = [q["sql"] for q in ctx.captured_queries]
    counts = [q for q in sql if "COUNT(*)" in q and "applications_application" in q]
    assert counts == []


def test_a_signed_in_staff_search_makes_a_small_fixed_number_of_queries(staff_client) -> None:
    found = application(full_name="DICARI")
    client = staff_client("section_head")
    url = reverse("dashboards_staff:drill") + f"?q={found.number}"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # session, user, the audit row, the results, the central-link state, the stock on hand, and (database cache)
    # the notices and forecast cache reads; before this work it was 17, with roles, device and the forecast
    assert len(ctx.captured_queries) <= 8, [q["sql"][:80] for q in ctx.captured_queries]
    assert AuditEvent.objects.filter(action="dashboard.drilldown", data__q=found.number).count() == 2
