from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.dashboards.aggregates import refresh_all
from apps.dashboards.tests.factories import WIB, application
from apps.outreach import analysis
from apps.outreach.models import OutreachVisit, VisitStatus

pytestmark = pytest.mark.django_db
V1 = ("33.10.25", "33.10.25.1001")
V2 = ("33.10.25", "33.10.25.1002")


def _apps(village: tuple[str, str], month: dt.date, online: int, walk_in: int) -> None:
    when = dt.datetime(month.year, month.month, 10, 10, 0, tzinfo=WIB)
    for channel, n in (("online", online), ("walk_in", walk_in)):
        for _ in range(n):
            application(submitted=when, channel=channel, district=village[0], village=village[1])


def test_it_ranks_villages_by_lowest_online_share() -> None:
    month = analysis.last_months(1)[0]
    _apps(V1, month, online=2, walk_in=10)
    _apps(V2, month, online=9, walk_in=3)
    refresh_all()
    ranked = analysis.lowest_share()
    assert [r["code"] for r in ranked] == [V1[1], V2[1]]
    assert ranked[0]["share"] == 16.7


def test_it_leaves_villages_with_too_few_applications_out_of_the_share_ranking() -> None:
    month = analysis.last_months(1)[0]
    _apps(V1, month, online=0, walk_in=3)
    refresh_all()
    assert analysis.lowest_share() == []


def test_it_counts_residents_turning_17_once_per_nik() -> None:
    from tests.factories import make_resident

    today = dt.date(2026, 11, 28)
    soon = dt.date(2009, 12, 15)  # turns 17 on 2026-12-15
    user = make_resident(birth=soon, village=V1[1])
    make_resident(birth=dt.date(2009, 11, 28), village=V1[1])  # turned 17 today: not upcoming
    make_resident(birth=dt.date(2010, 11, 28), village=V1[1])  # turns 17 in exactly a year: counted
    # An application for the same person does not count twice; one for someone without an account does.
    from apps.applications.models import Application, ServiceType

    service = ServiceType.objects.get(code="ktp-baru")  # from the catalogue: its id differs after a reload
    Application.objects.create(number="KTP-X-1", service_type=service, nik=user.resident.nik, birth_date=soon,
                               village_id=V1[1], district_id=V1[0])
    Application.objects.create(number="KTP-X-2", service_type=service, nik="3310250101100001",
                               birth_date=dt.date(2010, 1, 1), village_id=V2[1], district_id=V2[0])
    counts = analysis.turning_17(today)
    assert counts == {V1[1]: 2, V2[1]: 1}


def test_it_shows_the_online_share_before_and_after_a_visit() -> None:
    _apps(V1, dt.date(2026, 3, 1), online=1, walk_in=3)   # before (3 months before May)
    _apps(V1, dt.date(2026, 4, 1), online=1, walk_in=3)
    _apps(V1, dt.date(2026, 5, 1), online=5, walk_in=5)   # the visit's month: in neither window
    _apps(V1, dt.date(2026, 7, 1), online=6, walk_in=2)   # after
    refresh_all()
    effect = analysis.visit_effect(V1[1], dt.date(2026, 5, 20), today=dt.date(2026, 11, 1))
    assert (effect.before, effect.after, effect.change, effect.complete) == (25.0, 75.0, 50.0, True)


def test_it_plans_a_visit_and_records_its_results(staff_client) -> None:
    client = staff_client("section_head")
    response = client.post(reverse("outreach_staff:visit_create"), {
        "kind": "mobile_school", "date": "2026-12-03", "district": V1[0], "village": V1[1],
        "place": "SMA Negeri 1 Klaten", "staff": [client.user.pk],
    })
    visit = OutreachVisit.objects.get()
    assert response.status_code == 302
    assert list(visit.staff.all()) == [client.user]
    client.post(reverse("outreach_staff:visit", args=[visit.pk]),
                {"people_reached": "120", "recordings_done": "87", "result_notes": "Kelas XII"})
    visit.refresh_from_db()
    assert (visit.status, visit.people_reached, visit.recordings_done) == (VisitStatus.DONE, 120, 87)


def test_it_refuses_a_village_outside_the_chosen_kecamatan(staff_client) -> None:
    client = staff_client("section_head")
    response = client.post(reverse("outreach_staff:visit_create"), {
        "kind": "sosialisasi", "date": "2026-12-03", "district": "33.10.01", "village": V1[1],
        "place": "Balai Desa", "staff": [client.user.pk],
    })
    html = response.content.decode()
    assert "Desa ini tidak berada di kecamatan yang dipilih." in html
    assert "Balai Desa" in html
    assert not OutreachVisit.objects.exists()


def test_it_refuses_negative_results(staff_client) -> None:
    client = staff_client("section_head")
    visit = OutreachVisit.objects.create(kind="sosialisasi", date=dt.date(2026, 12, 1), district_id=V1[0],
                                         village_id=V1[1], place="Balai Desa")
    response = client.post(reverse("outreach_staff:visit", args=[visit.pk]),
                           {"people_reached": "-5", "recordings_done": "0"})
    assert "Jumlah tidak boleh negatif." in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_it_renders_the_overview_and_village_pages(staff_client) -> None:
    month = analysis.last_months(1)[0]
    _apps(V1, month, online=3, walk_in=9)
    refresh_all()
    client = staff_client("information_desk")
    html = client.get(reverse("outreach_staff:overview")).content.decode()
    assert "Porsi daring terendah" in html
    assert "<strong>25,0%</strong>" in html or "<strong>25.0%</strong>" in html
    village = client.get(reverse("outreach_staff:village", args=[V1[1]])).content.decode()
    assert "<svg" in village


def test_it_forbids_a_file_receiver(staff_client) -> None:
    assert staff_client("file_receiver").get(reverse("outreach_staff:overview")).status_code == 403
