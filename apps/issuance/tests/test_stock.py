from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from apps.announcements import system
from apps.applications.workflow import Status
from apps.issuance import services
from apps.issuance.models import BlankStock, CardPrint, StockMovement
from apps.issuance.tests.factories import location, make_application
from tests.concurrency import race
from tests.factories import make_staff


def _print_concurrently(jobs: list[tuple[Any, str]], operator: Any, place: Any) -> list[str]:
    return race(
        [partial(services.print_card, application, serial=serial, operator=operator, location=place)
         for application, serial in jobs],
        {services.StockExhausted: "exhausted", services.SerialAlreadyUsed: "serial_used"}, done="printed",
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_printing_never_overdraws_and_never_reuses_a_serial() -> None:
    place, other = location(), location("titik-cetak-wedi", "print_point")
    operator = make_staff("operator")
    services.receive_batch(place, quantity=8, serial_start=5000000001, actor=operator)
    services.transfer_blanks(place, other, quantity=3, actor=operator)  # 5 left here, 8 valid serials
    serials = [
        5000000001,
        5000000001,
        5000000002,
        5000000002,
        5000000003,
        5000000003,
        5000000004,
        5000000004,
        5000000005,
        5000000006,
        5000000007,
        5000000008,
    ]
    applications = [make_application(status=Status.PRINT_READY, code="ktp-hilang") for _ in serials]
    outcomes = _print_concurrently([(a, str(s)) for a, s in zip(applications, serials, strict=True)], operator, place)
    assert len(outcomes) == len(serials)
    assert outcomes.count("printed") == 5
    assert services.balance_of(place) == 0
    printed = list(CardPrint.objects.values_list("serial", flat=True))
    assert len(printed) == len(set(printed)) == 5
    assert StockMovement.objects.filter(location=place, kind="used").count() == 5
    # The ledger adds up: received 8, moved 3 away, used 5.
    assert sum(StockMovement.objects.filter(location=place).values_list("delta", flat=True)) == 0


@pytest.mark.django_db
def test_the_balance_cannot_go_negative_even_by_a_direct_update() -> None:
    from django.db import IntegrityError

    place = location()
    BlankStock.objects.create(location=place, balance=0)
    with pytest.raises(IntegrityError):
        BlankStock.objects.filter(location=place).update(balance=-1)


@pytest.mark.django_db
def test_it_refuses_an_overlapping_serial_range_and_a_serial_outside_any_batch() -> None:
    place = location()
    operator = make_staff("operator")
    services.receive_batch(place, quantity=10, serial_start=7000000001, actor=operator)
    with pytest.raises(services.IssuanceError):
        services.receive_batch(place, quantity=10, serial_start=7000000005, actor=operator)
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    with pytest.raises(services.IssuanceError, match="tidak termasuk"):
        services.print_card(application, serial="9999999999", operator=operator, location=place)
    assert services.balance_of(place) == 10


@pytest.mark.django_db
def test_a_spoiled_blank_uses_its_serial_and_keeps_the_record_print_ready() -> None:
    place = location()
    operator = make_staff("operator")
    services.receive_batch(place, quantity=2, serial_start=8000000001, actor=operator)
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    with pytest.raises(services.IssuanceError):
        services.print_card(application, serial="8000000001", operator=operator, location=place, spoiled=True)
    services.print_card(
        application, serial="8000000001", operator=operator, location=place, spoiled=True, spoil_reason="Tinta bergaris"
    )
    application.refresh_from_db()
    assert application.status == Status.PRINT_READY
    with pytest.raises(services.SerialAlreadyUsed):
        services.print_card(application, serial="8000000001", operator=operator, location=place)
    services.print_card(application, serial="8000000002", operator=operator, location=place)
    application.refresh_from_db()
    assert application.status == Status.PRINTED
    assert services.balance_of(place) == 0


@pytest.mark.django_db
def test_the_forecast_counts_waiting_records_residents_turning_17_and_replacements() -> None:
    import datetime as dt

    from django.utils import timezone

    from tests.factories import make_resident

    today = timezone.localdate()
    make_resident(birth=dt.date(today.year - 17, today.month, 1) + dt.timedelta(days=40))  # within 90 days
    for _ in range(3):
        make_application(status=Status.PRINT_READY, code="ktp-hilang")
    numbers = services.forecast(today)
    assert numbers["waiting"] == 3
    assert numbers["turning17_90"] >= 1
    assert numbers["daily_replacement"] > 0  # the three ktp-hilang applications of today
    assert numbers["demand_90"] >= numbers["demand_30"] >= 3


@pytest.mark.django_db
def test_low_and_exhausted_stock_raise_notices_that_close_when_blanks_arrive() -> None:
    from apps.announcements.models import Notice

    place = location()
    operator = make_staff("operator")
    services.receive_batch(place, quantity=1, serial_start=6000000001, actor=operator)
    for _ in range(30):
        make_application(status=Status.PRINT_READY, code="ktp-hilang")
    system.check_stock_alerts()
    assert Notice.objects.filter(system_key="blanks_low", ends_at__isnull=True).exists()
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    services.print_card(application, serial="6000000001", operator=operator, location=place)
    system.check_stock_alerts()
    assert Notice.objects.filter(system_key=f"blanks_exhausted:{place.slug}", ends_at__isnull=True).exists()
    services.receive_batch(place, quantity=5000, serial_start=6000000002, actor=operator)
    system.check_stock_alerts()
    assert not Notice.objects.filter(system_key__startswith="blanks", ends_at__isnull=True).exists()


@pytest.mark.django_db
def test_todays_stock_is_public_as_a_page_and_an_api(client: Any) -> None:
    place = location()
    services.receive_batch(place, quantity=120, serial_start=4000000001)
    services.publish_daily_stock()
    page = client.get("/kartu/stok/")
    assert page.status_code == 200 and "120" in page.content.decode()
    data = client.get("/api/v1/kartu/stok").json()
    assert data["total"] == 120 and data["locations"][0]["balance"] == 120


@pytest.mark.django_db
def test_the_stock_page_records_a_batch_and_keeps_bad_input(staff_client: Any) -> None:
    place = location()
    client = staff_client("section_head")
    response = client.post(
        "/staf/kartu/stok/",
        {"action": "receive", "receive-location": place.pk, "receive-quantity": "0", "receive-serial_start": "123"},
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert 'value="123"' in response.content.decode()
    assert services.balance_of(place) == 0
    response = client.post(
        "/staf/kartu/stok/",
        {
            "action": "receive",
            "receive-location": place.pk,
            "receive-quantity": "50",
            "receive-serial_start": "3000000001",
        },
    )
    assert response.status_code == 302 and services.balance_of(place) == 50


@pytest.mark.django_db
def test_the_stock_page_is_for_operators_and_section_heads(staff_client: Any, client: Any) -> None:
    assert client.get("/staf/kartu/stok/").status_code == 302
    assert staff_client("pickup_officer").get("/staf/kartu/stok/").status_code == 403


@pytest.mark.django_db
def test_stock_alerts_after_a_movement_take_demand_from_the_cached_forecast_and_stock_as_it_is_now() -> None:
    from django.core.cache import cache

    from apps.announcements.models import Notice

    place = location()
    operator = make_staff("operator")
    services.receive_batch(place, quantity=10, serial_start=6100000001, actor=operator)
    # Demand as the scheduled refresh last computed it (no file in the database asks for a card): 900 in
    # 90 days, 10 a day, so 10 blanks cover one day and the low-stock notice is raised without a rescan.
    cache.set(services.FORECAST_CACHE_KEY, {**services.forecast(), "demand_90": 900}, 60)
    system.check_stock_alerts()
    assert Notice.objects.filter(system_key="blanks_low", ends_at__isnull=True).exists()
    services.return_blanks(place, quantity=10, actor=operator)  # stock read now: exhausted at once
    system.check_stock_alerts()
    assert Notice.objects.filter(system_key=f"blanks_exhausted:{place.slug}", ends_at__isnull=True).exists()
    cache.delete(services.FORECAST_CACHE_KEY)
