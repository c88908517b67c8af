from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from apps.announcements.models import Notice, NoticeKind
from apps.announcements.services import relocate_location
from apps.announcements.status import open_state
from apps.announcements.tests.factories import make_location, make_notice
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WEEKDAY_HOURS = {"0": ["08:00", "15:00"], "1": ["08:00", "15:00"], "2": ["08:00", "15:00"],
                 "3": ["08:00", "15:00"], "4": ["08:00", "11:00"]}


def test_it_is_open_within_opening_hours_on_a_working_day() -> None:
    location = make_location(opening_hours=WEEKDAY_HOURS)
    assert open_state(location, dt.datetime(2026, 11, 24, 9, 0, tzinfo=WIB))[0] is True  # Tuesday
    assert open_state(location, dt.datetime(2026, 11, 24, 15, 30, tzinfo=WIB))[0] is False
    assert open_state(location, dt.datetime(2026, 11, 27, 11, 30, tzinfo=WIB))[0] is False  # Friday afternoon
    assert open_state(location, dt.datetime(2026, 11, 28, 9, 0, tzinfo=WIB))[0] is False  # Saturday


def test_it_is_closed_on_a_national_holiday() -> None:
    location = make_location(opening_hours=WEEKDAY_HOURS)
    is_open, reason, _hours = open_state(location, dt.datetime(2026, 8, 17, 9, 0, tzinfo=WIB))
    assert is_open is False
    assert "libur" in reason


def test_it_shows_the_status_page_with_its_notices(client) -> None:
    location = make_location()
    notice = make_notice("Listrik padam di kantor utama")
    notice.locations.set([location])
    other = make_location(slug="lain", name="Kantor lain")
    make_notice("Hanya kantor lain").locations.set([other])
    html = client.get(reverse("announcements:status", args=[location.slug])).content.decode()
    assert "Buka sekarang" in html
    # The site-wide banner lists every notice; the page's own section only this location's.
    html = html.split("Pengumuman yang berlaku", 1)[1]
    assert "Listrik padam di kantor utama" in html
    assert "Hanya kantor lain" not in html


def test_it_returns_404_for_an_unknown_location(client) -> None:
    assert client.get(reverse("announcements:status", args=["tidak-ada"])).status_code == 404


def test_it_relocates_an_office_and_raises_a_notice_with_the_map(django_user_model) -> None:
    from tests.factories import make_staff

    head = make_staff("section_head")
    location = make_location()
    notice = relocate_location(location, "Jl. Veteran No. 5, Klaten", "https://www.openstreetmap.org/way/9", head)
    location.refresh_from_db()
    assert location.address == "Jl. Veteran No. 5, Klaten"
    assert location.map_url == "https://www.openstreetmap.org/way/9"
    assert notice.kind == NoticeKind.OFFICE_MOVED
    assert notice.map_url == "https://www.openstreetmap.org/way/9"
    assert list(notice.locations.all()) == [location]
    assert Notice.objects.active().first() == notice
    assert AuditEvent.objects.filter(action="location.relocate").exists()


def test_it_refuses_a_relocation_without_a_map_link(staff_client) -> None:
    client = staff_client("section_head")
    location = make_location()
    response = client.post(
        reverse("announcements_staff:relocate", args=[location.slug]), {"address": "Jl. Baru 1", "map_url": ""}
    )
    html = response.content.decode()
    assert "Isi tautan peta lokasi baru." in html
    assert "Jl. Baru 1" in html
    location.refresh_from_db()
    assert location.address == "Jl. Pemuda No. 294, Klaten"
    assert not Notice.objects.exists()


def test_it_forbids_the_information_desk_from_moving_an_office(staff_client) -> None:
    location = make_location()
    response = staff_client("information_desk").get(reverse("announcements_staff:relocate", args=[location.slug]))
    assert response.status_code == 403


def test_it_lets_only_administrators_manage_webhooks(staff_client) -> None:
    assert staff_client("section_head").get(reverse("announcements_staff:webhooks")).status_code == 403


def test_it_is_closed_during_a_closure() -> None:
    from apps.locations.models import Closure

    location = make_location()
    today = dt.date(2026, 11, 24)
    Closure.objects.create(location=location, start_date=today, end_date=today, reason="Pemadaman listrik PLN")
    is_open, reason, _hours = open_state(location, dt.datetime(2026, 11, 24, 9, 0, tzinfo=WIB))
    assert is_open is False
    assert "Pemadaman listrik PLN" in reason


def test_it_shows_the_queue_and_blank_stock_now(client) -> None:
    from apps.applications.models import ServiceType
    from apps.issuance.models import BlankStock
    from apps.locations.models import Counter
    from apps.queueing.models import Ticket

    location = make_location()
    service, _created = ServiceType.objects.get_or_create(code="ktp-el-baru", defaults={"name": "KTP-el baru"})
    Counter.objects.create(location=location, number=1, is_open=True, stages=["document_check"])
    for number in range(1, 4):
        Ticket.objects.create(location=location, date=timezone_today(), service=service, queue_code="A",
                              number=number, token=f"t{number}", queued_at=dt.datetime.now(WIB))
    BlankStock.objects.create(location=location, balance=37)
    html = client.get(reverse("announcements:status", args=[location.slug])).content.decode()
    assert "Orang menunggu</dt><dd>3<" in html
    assert "Tersedia 37 blangko." in html


def timezone_today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
