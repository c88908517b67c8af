from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.announcements.models import Notice
from apps.announcements.services import raise_system_notice, resolve_system_notice
from apps.announcements.tests.factories import make_location, make_notice

pytestmark = pytest.mark.django_db


def test_it_lists_critical_notices_before_newer_warnings() -> None:
    critical = make_notice("Kantor tutup", severity="critical", starts_at=timezone.now() - dt.timedelta(days=2))
    warning = make_notice("Listrik padam", severity="warning")
    info = make_notice("Info", severity="info", starts_at=timezone.now() - dt.timedelta(minutes=1))
    assert list(Notice.objects.active()) == [critical, warning, info]


def test_it_keeps_the_rank_in_step_when_a_system_notice_changes_severity() -> None:
    raise_system_notice("central:down", kind="central_down", severity="warning", title="Gangguan", summary="Pusat")
    notice = raise_system_notice(
        "central:down", kind="central_down", severity="critical", title="Gangguan", summary="x"
    )
    notice.refresh_from_db()
    assert notice.severity_rank == 2
    assert Notice.objects.filter(system_key="central:down").count() == 1


def test_it_ends_a_resolved_system_notice() -> None:
    raise_system_notice("blanks:kantor", kind="blank_stock", severity="critical", title="Blangko habis", summary="x")
    assert resolve_system_notice("blanks:kantor") == 1
    assert not Notice.objects.active().exists()


def test_it_hides_notices_not_yet_started_or_ended() -> None:
    make_notice("Nanti", starts_at=timezone.now() + dt.timedelta(hours=1))
    now = timezone.now()
    make_notice("Lewat", ends_at=now - dt.timedelta(minutes=1), starts_at=now - dt.timedelta(days=1))
    make_notice("Draf", is_published=False)
    assert not Notice.objects.active().exists()


def test_it_shows_the_banner_on_the_resident_home_page(client) -> None:
    make_notice("Pemadaman listrik Selasa", severity="critical")
    html = client.get("/").content.decode()
    assert "Pemadaman listrik Selasa" in html
    assert 'class="notice notice-critical"' in html


def test_it_carries_published_notices_in_the_atom_feed(client) -> None:
    make_notice("Jaringan pusat terganggu")
    make_notice("Draf rahasia", is_published=False)
    response = client.get(reverse("announcements:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Jaringan pusat terganggu" in body
    assert "Draf rahasia" not in body


def test_it_returns_404_for_an_unpublished_notice(client) -> None:
    notice = make_notice("Draf", is_published=False)
    assert client.get(reverse("announcements:detail", args=[notice.pk])).status_code == 404
    assert client.get(reverse("announcements:story", args=[notice.pk])).status_code == 404


def test_it_lets_the_information_desk_publish_a_notice(staff_client) -> None:
    client = staff_client("information_desk")
    location = make_location()
    response = client.post(
        reverse("announcements_staff:create"),
        {
            "kind": "schedule_change",
            "severity": "warning",
            "title": "Jadwal Jumat berubah",
            "summary": "Jumat ini layanan sampai pukul 10.00.",
            "locations": [location.pk],
            "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "is_published": "on",
        },
    )
    notice = Notice.objects.get(title="Jadwal Jumat berubah")
    assert response.status_code == 302
    assert notice.created_by == client.user
    assert list(notice.locations.all()) == [location]


def test_it_keeps_the_input_and_explains_a_missing_title(staff_client) -> None:
    client = staff_client("section_head")
    response = client.post(
        reverse("announcements_staff:create"),
        {"kind": "general", "severity": "info", "title": "", "summary": "Ringkasan saya",
         "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isi judul pengumuman." in html
    assert "Ringkasan saya" in html
    assert not Notice.objects.exists()


def test_it_rejects_an_end_before_the_start(staff_client) -> None:
    client = staff_client("section_head")
    now = timezone.localtime()
    response = client.post(
        reverse("announcements_staff:create"),
        {"kind": "general", "severity": "info", "title": "T", "summary": "S",
         "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
         "ends_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")},
    )
    assert "Waktu selesai harus sesudah waktu mulai." in response.content.decode()
    assert not Notice.objects.exists()


def test_it_forbids_an_operator_from_publishing(staff_client) -> None:
    assert staff_client("operator").get(reverse("announcements_staff:create")).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client) -> None:
    response = client.get(reverse("announcements_staff:create"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "masuk" in response["Location"]


def test_it_ends_a_notice_from_the_staff_page(staff_client) -> None:
    client = staff_client("customer_service")
    notice = make_notice()
    client.post(reverse("announcements_staff:end", args=[notice.pk]))
    assert not Notice.objects.active().exists()
