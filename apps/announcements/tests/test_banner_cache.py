"""The notices banner comes from the cache, and every change of a notice shows on the next page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.announcements.banner import banner_notices
from apps.announcements.models import Notice
from apps.announcements.services import raise_system_notice, resolve_system_notice
from apps.announcements.tests.factories import make_notice

pytestmark = pytest.mark.django_db


def _notice_queries(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "announcements_notice" in q["sql"]]


def test_it_reads_the_banner_notices_from_the_cache_after_the_first_page(client) -> None:
    make_notice("Pemadaman listrik Selasa")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/").content.decode()
    assert "Pemadaman listrik Selasa" in html
    assert _notice_queries(ctx) == []


def test_it_shows_a_new_notice_at_once_although_the_banner_was_cached(client) -> None:
    client.get("/")
    make_notice("Kantor pindah ke Jl. Pemuda")
    assert "Kantor pindah ke Jl. Pemuda" in client.get("/").content.decode()


def test_it_hides_an_unpublished_or_deleted_notice_at_once(client) -> None:
    withdrawn = make_notice("Info yang ditarik")
    deleted = make_notice("Info yang dihapus")
    assert "Info yang ditarik" in client.get("/").content.decode()
    withdrawn.is_published = False
    withdrawn.save()
    deleted.delete()
    html = client.get("/").content.decode()
    assert "Info yang ditarik" not in html
    assert "Info yang dihapus" not in html


def test_it_hides_a_resolved_system_notice_at_once(client) -> None:
    raise_system_notice("central:down", kind="central_down", severity="critical", title="Pusat terputus", summary="x")
    assert "Pusat terputus" in client.get("/").content.decode()
    resolve_system_notice("central:down")  # an UPDATE, no post_save
    assert "Pusat terputus" not in client.get("/").content.decode()


def test_it_shows_and_hides_notices_at_their_start_and_end_without_a_change() -> None:
    now = timezone.now()
    later = make_notice("Mulai nanti", starts_at=now + dt.timedelta(hours=1))
    ending = make_notice("Selesai sebentar lagi", ends_at=now + dt.timedelta(minutes=30))
    assert banner_notices(now) == [ending]  # fills the cache
    assert banner_notices(now + dt.timedelta(minutes=45)) == []
    assert banner_notices(now + dt.timedelta(hours=2)) == [later]


def test_it_orders_and_limits_the_banner_like_the_active_notices() -> None:
    now = timezone.now()
    for i in range(4):
        make_notice(f"Info {i}", severity="info", starts_at=now - dt.timedelta(minutes=10 + i))
    make_notice("Penting", severity="critical", starts_at=now - dt.timedelta(days=1))
    make_notice("Perhatian", severity="warning")
    expected = list(Notice.objects.active()[:5])
    assert banner_notices() == expected
    assert banner_notices() == expected  # from the cache


def test_it_reads_the_database_when_more_notices_are_open_than_the_cache_holds(settings) -> None:
    from apps.announcements import banner

    now = timezone.now()
    for i in range(banner.CANDIDATES + 1):
        make_notice(f"Terjadwal {i}", starts_at=now + dt.timedelta(days=1, minutes=i))
    current = make_notice("Berlaku sekarang", severity="info", starts_at=now - dt.timedelta(minutes=1))
    assert banner_notices() == [current]
