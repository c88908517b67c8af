"""Both channels counted as they really happen: N walk-in files filed at the counter and M online files
submitted by residents, all through the services (plus a draft of each that never got submitted); the
dashboard, the online share per village and the outreach plan read back exactly those numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Sex
from apps.applications import services as application_services
from apps.applications.models import Application, ServiceType
from apps.applications.tests.factories import complete_draft, draft
from apps.appointments.tests.factories import make_counter, make_location, require_open_today
from apps.dashboards.aggregates import refresh_all
from apps.queueing import desk
from apps.queueing import services as queue
from tests.factories import make_resident, make_staff, nik_for

pytestmark = pytest.mark.django_db

VILLAGE, DISTRICT = "33.10.25.1002", "33.10.25"
WALK_IN, ONLINE = 7, 4


def _walk_in(counter, officer, serial: int, *, submit: bool = True) -> Application:
    service = ServiceType.objects.get(code="ktp-hilang")
    ticket = queue.issue_ticket(counter.location, service)
    assert queue.call_next(counter) == ticket
    birth = dt.date(1985, 2, 3)
    result = desk.file_from_ticket(
        ticket.pk, counter, nik=nik_for(birth, Sex.MALE, serial),
        identity={"full_name": f"WARGA {serial}", "kk_number": f"331025{serial:010d}", "birth_place": "Klaten",
                  "birth_date": birth, "sex": Sex.MALE, "address": "Jl. Merapi", "rt": "", "rw": "",
                  "district_id": DISTRICT, "village_id": VILLAGE},
        contact={}, scans={}, originals=["kk", "surat-kehilangan"] if submit else [], verify=True, actor=officer,
    )
    assert result.submitted is submit and result.application is not None
    queue.finish(ticket, counter)
    return result.application


def test_walk_in_and_online_files_are_counted_exactly_by_the_dashboard_adoption_and_outreach_plan(client):
    require_open_today()
    counter = make_counter(make_location(), 1)
    officer = make_staff("file_receiver")
    for serial in range(WALK_IN):
        _walk_in(counter, officer, 9000 + serial)
    _walk_in(counter, officer, 9100, submit=False)  # a walk-in draft: documents missing, never submitted
    for _ in range(ONLINE):
        resident = make_resident(village=VILLAGE, district=DISTRICT)
        application_services.submit(complete_draft(resident), user=resident)
    draft(make_resident(village=VILLAGE, district=DISTRICT))  # an online draft, never submitted
    assert Application.objects.count() == WALK_IN + ONLINE + 2
    refresh_all()

    head = make_staff("section_head")
    from tests.factories import sign_in_staff

    sign_in_staff(client, head)
    today = timezone.localdate().isoformat()
    period = client.get(reverse("dashboards_staff:home"), {"dari": today, "sampai": today}).context["data"]["period"]
    assert (period["submitted"], period["online"], period["walk_in"]) == (WALK_IN + ONLINE, ONLINE, WALK_IN)

    plan = client.get(reverse("outreach_staff:overview"), {"kecamatan": DISTRICT}).context
    row = next(r for r in plan["lowest"] if r["code"] == VILLAGE)
    assert (row["online"], row["total"]) == (ONLINE, WALK_IN + ONLINE)
    assert row["share"] == round(100 * ONLINE / (WALK_IN + ONLINE), 1)
    village = client.get(reverse("outreach_staff:village", args=[VILLAGE])).context["series"][-1]
    assert (village["online"], village["total"]) == (ONLINE, WALK_IN + ONLINE)
