"""Staff pages show the blank-stock banner from the cached forecast, with the stock on hand always current."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.dashboards.tests.factories import location, second_visit_queries
from apps.issuance.models import BlankStock

pytestmark = pytest.mark.django_db


def test_a_staff_page_does_not_recompute_the_blank_forecast(staff_client) -> None:
    client = staff_client("section_head")
    queries = second_visit_queries(client, reverse("dashboards_staff:home"))
    scans = [sql for sql in queries if '"birth_date" BETWEEN' in sql]
    assert scans == []


def test_the_banner_says_blanks_are_exhausted_as_soon_as_the_stock_is_zero(staff_client) -> None:
    client = staff_client("section_head")
    stock = BlankStock.objects.create(location=location(), balance=500)
    first = client.get(reverse("dashboards_staff:home")).content.decode()
    assert "Blangko habis." not in first
    BlankStock.objects.filter(pk=stock.pk).update(balance=0)  # the forecast in the cache still says 500
    assert "Blangko habis." in client.get(reverse("dashboards_staff:home")).content.decode()
