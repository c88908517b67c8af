"""The administrator's location pages: details with the regency's kecamatan, weekday hours, closures."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.roles import Role
from apps.announcements.models import Notice
from apps.appointments import services as bookings
from apps.appointments.models import BookingStatus
from apps.appointments.tests.factories import make_location, make_service, make_slot, open_day
from apps.core.models import AuditEvent
from apps.locations.models import Closure
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _hours_post(**overrides: str) -> dict[str, str]:
    data = {}
    for day in range(7):
        if day < 5:
            data[f"opens_{day}"], data[f"closes_{day}"] = "07:30", "14:30"
        else:
            data[f"closed_{day}"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(staff_client):
    return staff_client(Role.ADMINISTRATOR)


def test_it_saves_weekday_hours_from_time_pickers_with_closed_days(admin_client):
    location = make_location()
    page = admin_client.get(f"/staf/lokasi/{location.slug}/jam-buka/").content.decode()
    assert 'type="time"' in page and 'name="closed_6"' in page
    response = admin_client.post(f"/staf/lokasi/{location.slug}/jam-buka/", _hours_post(opens_4="08:00",
                                                                                          closes_4="11:00"))
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.opening_hours == {
        "0": ["07:30", "14:30"], "1": ["07:30", "14:30"], "2": ["07:30", "14:30"], "3": ["07:30", "14:30"],
        "4": ["08:00", "11:00"],
    }
    assert AuditEvent.objects.filter(action="location.hours_changed").count() == 1


def test_it_keeps_wrong_hours_and_says_which_day_is_wrong(admin_client):
    location = make_location()
    before = dict(location.opening_hours)
    data = _hours_post(opens_2="15:00", closes_2="09:00", opens_3="", closes_3="")
    response = admin_client.post(f"/staf/lokasi/{location.slug}/jam-buka/", data)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in html
    assert "Rabu: jam tutup harus setelah jam buka." in html
    assert "Kamis: isi jam buka, atau centang Tutup." in html
    assert 'name="opens_2" value="15:00"' in html
    location.refresh_from_db()
    assert location.opening_hours == before


def test_the_place_is_chosen_kecamatan_first_then_desa_within_the_regency(admin_client):
    location = make_location(district_id="33.10.25")
    html = admin_client.get(f"/staf/lokasi/{location.slug}/").content.decode()
    select = html.split('name="district"')[1].split("</select>")[0]
    assert 'value="33.10.25"' in select  # Klaten Tengah
    assert select.count("<option") == 27  # 26 kecamatan and the empty choice, not 8,239 regions
    # without JavaScript, before a kecamatan is chosen: every village of the regency, grouped by kecamatan
    fresh = make_location(slug="kantor-baru")
    villages = admin_client.get(f"/staf/lokasi/{fresh.slug}/").content.decode().split('name="village"')[1]
    assert villages.split("</select>")[0].count("<optgroup") == 26
    # a kecamatan chosen: its villages only (htmx swaps the list from the regions view; the page does the same)
    assert 'hx-get="/wilayah/desa/"' in html
    village_list = html.split('name="village"')[1].split("</select>")[0]
    assert "<optgroup" not in village_list and 'value="33.10.25.1003"' in village_list
    response = admin_client.post(f"/staf/lokasi/{location.slug}/", {
        "name": location.name, "kind": location.kind, "address": "Jl. Pemuda 2", "district": "33.10.25",
        "village": "33.10.25.1003", "phone": "", "map_url": "", "is_active": "on"})
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.district_id, location.village_id) == ("33.10.25", "33.10.25.1003")
    assert location.address == "Jl. Pemuda 2"
    wrong = admin_client.post(f"/staf/lokasi/{location.slug}/", {
        "name": location.name, "kind": location.kind, "address": "Jl. Pemuda 2", "district": "33.10.01",
        "village": "33.10.25.1003", "is_active": "on"})
    assert "Desa/kelurahan ini tidak ada di kecamatan yang dipilih." in wrong.content.decode()
    location.refresh_from_db()
    assert location.district_id == "33.10.25"
    outside = admin_client.post(f"/staf/lokasi/{location.slug}/", {
        "name": location.name, "kind": location.kind, "address": "Jl. Pemuda 2", "district": "33.72.01",
        "is_active": "on"})
    assert outside.status_code == 200 and 'class="error-summary"' in outside.content.decode()


def test_a_closure_from_the_page_moves_the_bookings_it_hits(admin_client, django_capture_on_commit_callbacks):
    location, service = make_location(), make_service()
    closed_day = open_day(2)
    day, next_day = closed_day, None
    while next_day is None:
        day += dt.timedelta(days=1)
        if location.is_open_on(day):
            next_day = day
    hit = make_slot(location, service, closed_day, quota=1)
    target = make_slot(location, service, next_day, quota=1)
    booking = bookings.book(make_resident(), hit.pk)
    with django_capture_on_commit_callbacks(execute=True):  # bookings move after the closure commits
        response = admin_client.post(f"/staf/lokasi/{location.slug}/penutupan/", {
            "start_date": closed_day.isoformat(), "end_date": closed_day.isoformat(), "reason": "Gedung diperbaiki"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == target.pk and booking.status == BookingStatus.BOOKED
    assert Closure.objects.get(location=location).created_by == admin_client.user
    assert Notice.objects.filter(kind="closure", summary__contains="Gedung diperbaiki").exists()
    assert "Gedung diperbaiki" in admin_client.get(f"/staf/lokasi/{location.slug}/").content.decode()


def test_a_closure_with_bad_dates_is_kept_with_errors(admin_client):
    location = make_location()
    start = open_day(3)
    response = admin_client.post(f"/staf/lokasi/{location.slug}/penutupan/", {
        "start_date": start.isoformat(), "end_date": (start - dt.timedelta(days=1)).isoformat(), "reason": ""})
    html = response.content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in html
    assert "Tulis alasan penutupan; warga akan membacanya." in html
    assert f'value="{start.isoformat()}"' in html
    past = admin_client.post(f"/staf/lokasi/{location.slug}/penutupan/", {
        "start_date": "2020-01-06", "end_date": "2020-01-06", "reason": "Lupa"})
    assert "Tanggal mulai tidak boleh sebelum hari ini." in past.content.decode()
    assert not Closure.objects.exists()


@pytest.mark.parametrize("role", [Role.SECTION_HEAD, Role.INFORMATION_DESK])
def test_other_roles_and_anonymous_are_refused(staff_client, client, role):
    location = make_location()
    before = dict(location.opening_hours)
    for url in ("/staf/lokasi/", f"/staf/lokasi/{location.slug}/"):
        assert client.get(url)["Location"].startswith("/akun/masuk/")
    other = staff_client(role)
    assert other.get("/staf/lokasi/").status_code == 403
    assert other.post(f"/staf/lokasi/{location.slug}/jam-buka/", _hours_post()).status_code == 403
    assert other.post(f"/staf/lokasi/{location.slug}/penutupan/", {
        "start_date": open_day(2).isoformat(), "end_date": open_day(2).isoformat(), "reason": "x"}).status_code == 403
    location.refresh_from_db()
    assert location.opening_hours == before and not Closure.objects.exists()
