"""/kinerja/: IKM, on-time completion, complaints and blank stock, from the aggregates, with open data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.applications.models import ServiceType
from apps.appointments.tests.factories import make_location
from apps.dashboards.models import ApplicationMonthly
from apps.issuance.models import StockSnapshot
from apps.publicinfo import performance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.delete(performance.CACHE_KEY)


def _month() -> dt.date:
    return timezone.localdate().replace(day=1)


def test_on_time_rate_comes_from_the_monthly_aggregates() -> None:
    service = ServiceType.objects.get(code="ktp-hilang")
    for channel, done, in_time in (("online", 3, 3), ("walk_in", 5, 3)):
        ApplicationMonthly.objects.create(month=_month(), service_type=service, channel=channel, submitted=9,
                                          completed=done, completed_in_time=in_time)
    data = performance.compute()
    row = next(s for s in data["on_time"] if s["code"] == "ktp-hilang")
    cell = row["months"][-1]
    assert (cell["submitted"], cell["done"], cell["in_time"], cell["rate"]) == (18, 8, 6, 75.0)
    assert len(row["months"]) == performance.MONTHS
    assert row["months"][0]["rate"] is None


def test_blank_stock_is_the_last_snapshot_of_each_month() -> None:
    location = make_location()
    today = timezone.localdate()
    first = today.replace(day=1)
    StockSnapshot.objects.create(location=location, day=first, balance=100)
    if today != first:
        StockSnapshot.objects.create(location=location, day=today, balance=40)
    data = performance.compute()
    assert data["blank_stock"][-1]["balance"] == (40 if today != first else 100)


def test_the_figures_are_cached(django_assert_max_num_queries) -> None:
    performance.figures()
    # The second read is the cache's own (one row of the database cache), not the figures' queries.
    with django_assert_max_num_queries(1):
        performance.figures()


def test_the_page_draws_charts_and_tables(client) -> None:
    response = client.get(reverse("publicinfo:performance"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 4 and html.count("<table") == 4
    assert "Indeks Kepuasan Masyarakat" in html
    assert "<script" not in html.split("</head>")[1]


def test_the_page_is_available_in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("publicinfo:performance")).content.decode()
    assert "Service performance" in html and "Community Satisfaction Index" in html


def test_open_data_as_csv_and_json(client) -> None:
    service = ServiceType.objects.get(code="ktp-baru")
    ApplicationMonthly.objects.create(month=_month(), service_type=service, channel="online", submitted=4,
                                      completed=2, completed_in_time=1)
    response = client.get(reverse("publicinfo:performance_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["dataset", "period", "service", "measure", "value"]
    assert ["on_time", _month().strftime("%Y-%m"), "ktp-baru", "rate", "50.0"] in rows
    data = client.get(reverse("publicinfo:performance_json")).json()
    assert {"ikm", "on_time", "complaints", "blank_stock"} <= set(data)
