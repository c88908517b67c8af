from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.dashboards.aggregates import refresh_all
from apps.dashboards.tests.factories import WIB, application, location

pytestmark = pytest.mark.django_db


def _now_minus(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_it_is_the_section_heads_start_page(staff_client) -> None:
    from apps.accounts.services import start_url_for

    client = staff_client("section_head")
    assert start_url_for(client.user) == reverse("dashboards_staff:home")


def test_it_leads_with_overdue_files_and_links_to_them(staff_client) -> None:
    today = timezone.localdate()
    application(status="in_verification", due=today - dt.timedelta(days=4), submitted=_now_minus(10))
    application(status="verified", due=today + dt.timedelta(days=30), submitted=_now_minus(1))
    html = staff_client("section_head").get(reverse("dashboards_staff:home")).content.decode()
    decide = html.split('id="decide"', 1)[1].split("</section>", 1)[0]
    assert '<strong class="value">1</strong> berkas melewati standar waktu layanan (terlama 4 hari)' in decide
    assert "metrik=overdue" in decide


def test_it_draws_its_charts_as_svg(staff_client) -> None:
    application(status="submitted", submitted=_now_minus(3))
    application(status="sent_to_central", submitted=_now_minus(40), channel="walk_in")
    refresh_all()
    html = staff_client("section_head").get(reverse("dashboards_staff:home")).content.decode()
    assert html.count("<svg class=\"chart") >= 3
    assert "Berkas terbuka per status" in html
    # Each bar of the pipeline chart links to its records.
    assert "metrik=status-sent_to_central" in html
    assert "<polyline" in html


def test_it_counts_the_period_from_the_aggregates(staff_client) -> None:
    now = timezone.now()
    for channel in ("online", "online", "walk_in"):
        application(status="submitted", submitted=now - dt.timedelta(hours=2), channel=channel)
    application(status="submitted", submitted=now - dt.timedelta(days=100))  # outside the default 30 days
    refresh_all()
    from django.http import QueryDict

    from apps.dashboards import metrics
    from apps.dashboards.filters import parse

    figures = metrics.period(parse(QueryDict("")))
    assert figures["submitted"] == 3
    assert figures["online"] == 2
    assert figures["online_share"] == 66.7


def test_it_filters_by_service_and_kecamatan(staff_client) -> None:
    today = timezone.localdate()
    application(status="submitted", due=today - dt.timedelta(days=1), code="ktp-hilang")
    application(status="submitted", due=today - dt.timedelta(days=1), code="ktp-rusak", district="33.10.01",
                village="33.10.01.2001")
    from django.http import QueryDict

    from apps.applications.models import ServiceType
    from apps.dashboards import metrics
    from apps.dashboards.filters import parse

    rusak = ServiceType.objects.get(code="ktp-rusak")
    assert metrics.service_level(parse(QueryDict("")))["overdue"] == 2
    assert metrics.service_level(parse(QueryDict(f"layanan={rusak.pk}")))["overdue"] == 1
    assert metrics.service_level(parse(QueryDict("kecamatan=33.10.25")))["overdue"] == 1


def test_it_explains_a_bad_date_and_keeps_working(staff_client) -> None:
    response = staff_client("section_head").get(reverse("dashboards_staff:home") + "?dari=kemarin")
    assert response.status_code == 200
    assert "Tanggal dari tidak valid" in response.content.decode()


def test_it_shows_todays_queue_per_location(staff_client) -> None:
    from apps.applications.models import ServiceType
    from apps.locations.models import Counter
    from apps.queueing.models import Ticket

    loc = location()
    svc = ServiceType.objects.get(code="ktp-hilang")
    Counter.objects.create(location=loc, number=1, is_open=True, stages=["document_check"])
    now = timezone.now()
    for n, status in enumerate(["waiting", "waiting", "done", "no_show"], start=1):
        Ticket.objects.create(location=loc, date=timezone.localdate(), service=svc, queue_code="C", number=n,
                              token=f"tok{n}", queued_at=now - dt.timedelta(minutes=30), status=status,
                              called_at=now - dt.timedelta(minutes=10) if status == "done" else None)
    from django.http import QueryDict

    from apps.dashboards import metrics
    from apps.dashboards.filters import parse

    row = next(r for r in metrics.queue_today(parse(QueryDict(""))) if r["location"] == loc)
    assert (row["waiting"], row["served"], row["no_shows"], row["open_counters"]) == (2, 1, 1, 1)
    assert row["avg_wait_minutes"] == 20


def test_it_forbids_an_operator(staff_client) -> None:
    assert staff_client("operator").get(reverse("dashboards_staff:home")).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client) -> None:
    assert client.get(reverse("dashboards_staff:home")).status_code == 302


def test_it_counts_a_late_evening_submission_on_its_local_day() -> None:
    from apps.dashboards.models import ApplicationDaily, VillageMonthly

    application(submitted=dt.datetime(2026, 10, 31, 23, 30, tzinfo=WIB))  # 16:30 UTC
    refresh_all()
    assert ApplicationDaily.objects.get().day == dt.date(2026, 10, 31)
    assert VillageMonthly.objects.get().month == dt.date(2026, 10, 1)
    # Rebuilding again does not double count.
    refresh_all()
    assert ApplicationDaily.objects.get().submitted == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-08-01", "2026-10-31"), ("2026-08-15", "2026-10-10"), ("2026-09-03", "2026-09-20"),
     ("2026-08-31", "2026-09-01"), ("2026-07-01", "2026-09-30")],
)
def test_it_sums_whole_months_and_partial_edges_like_the_raw_rows(start: str, end: str) -> None:
    from django.http import QueryDict

    from apps.applications.models import Application
    from apps.dashboards import metrics
    from apps.dashboards.filters import parse

    for day in (1, 2, 14, 15, 30, 31):
        for month in (8, 9, 10):
            if day == 31 and month == 9:
                continue
            application(submitted=dt.datetime(2026, month, day, 10, 0, tzinfo=WIB),
                        channel="online" if day % 2 else "walk_in")
    refresh_all()
    f = parse(QueryDict(f"dari={start}&sampai={end}"))
    low = dt.datetime.combine(f.start, dt.time.min, tzinfo=WIB)
    high = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time.min, tzinfo=WIB)
    raw = Application.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
    figures = metrics.period(f)
    assert figures["submitted"] == raw.count()
    assert figures["online"] == raw.filter(channel="online").count()
