"""The dashboard's filter lists come from the cache and follow every change of a location or service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.dashboards.choices import filter_choices
from apps.dashboards.tests.factories import location, second_visit_queries

pytestmark = pytest.mark.django_db


def test_it_reads_the_filter_lists_from_the_cache_after_the_first_page(staff_client) -> None:
    client = staff_client("section_head")
    tables = " ".join(second_visit_queries(client, reverse("dashboards_staff:home")))
    assert '"regions_region"' not in tables
    assert 'FROM "applications_servicetype"' not in tables


def test_it_lists_a_new_or_renamed_location_at_once(staff_client) -> None:
    client = staff_client("section_head")
    client.get(reverse("dashboards_staff:home"))
    office = location("kantor-baru")
    office.name = "Mal Pelayanan Publik Klaten"
    office.save()
    assert "Mal Pelayanan Publik Klaten" in client.get(reverse("dashboards_staff:home")).content.decode()


def test_it_drops_a_closed_location_from_the_list_at_once() -> None:
    office = location("kantor-tutup")
    assert office.pk in [row["pk"] for row in filter_choices()["locations"]]
    office.is_active = False
    office.save()
    assert office.pk not in [row["pk"] for row in filter_choices()["locations"]]


def test_it_lists_the_regencys_kecamatan_by_name() -> None:
    names = [row["name"] for row in filter_choices()["districts"]]
    assert names == sorted(names)
    assert len(names) == 26
