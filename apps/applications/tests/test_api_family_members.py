"""The API for family members on the applications side: the catalogue's product kind and age limits, a draft for
a member of one's KK (not another's), and the desk's view of a file's KK with confirming a member."""

from __future__ import annotations

from typing import Any

import pytest

from apps.applications.models import Application
from apps.core.models import AuditEvent
from apps.families.tests.factories import parent_with_child

pytestmark = pytest.mark.django_db
BASE = "/api/v1/permohonan"
STAFF = "/api/v1/staf/permohonan"


def test_the_catalogue_shows_the_product_kind_and_the_age_limits(client: Any) -> None:
    services = {s["code"]: s for s in client.get(f"{BASE}/layanan").json()}
    assert (services["ktp-baru"]["product_kind"], services["ktp-baru"]["min_age_years"]) == ("card", 17)
    assert (services["kia"]["product_kind"], services["kia"]["max_age_years"]) == ("card", 17)
    assert services["kk-baru"]["product_kind"] == "digital"


def test_a_parent_starts_a_draft_for_a_member_and_not_for_another_kks(client: Any) -> None:
    parent, child = parent_with_child(17)
    _other, their_child = parent_with_child(18, serial=4700)
    client.force_login(parent)
    response = client.post(f"{BASE}/", {"service": "ktp-baru", "member": their_child.pk},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "member"
    response = client.post(f"{BASE}/", {"service": "ktp-baru", "member": child.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    application = Application.objects.get(number=response.json()["number"])
    assert (application.nik, application.member, application.applicant) == (child.nik, child, parent)
    response = client.post(f"{BASE}/", {"service": "ktp-baru", "member": 0}, content_type="application/json")
    assert response.status_code == 422


def test_the_desk_lists_a_files_kk_and_confirms_a_member(client: Any, staff_client: Any) -> None:
    parent, child = parent_with_child(17)
    client.force_login(parent)
    number = client.post(f"{BASE}/", {"service": "ktp-baru", "member": child.pk},
                         content_type="application/json").json()["number"]
    _other, their_child = parent_with_child(18, serial=4701)
    client.logout()
    desk = staff_client("file_receiver")
    body = desk.get(f"{STAFF}/{number}/keluarga").json()
    assert body["for_member"] == child.pk and {m["nik"] for m in body["members"]} == {child.nik, parent.resident.nik}
    assert desk.post(f"{STAFF}/{number}/keluarga/{their_child.pk}/konfirmasi").status_code == 404
    response = desk.post(f"{STAFF}/{number}/keluarga/{child.pk}/konfirmasi")
    assert response.status_code == 200 and response.json()["confirmed"] is True
    assert AuditEvent.objects.filter(action="families.confirm_member", subject_nik=child.nik).count() == 1


def test_another_role_and_a_resident_may_not_use_the_desks_family_endpoints(client: Any, staff_client: Any) -> None:
    parent, child = parent_with_child(17)
    client.force_login(parent)
    number = client.post(f"{BASE}/", {"service": "ktp-baru", "member": child.pk},
                         content_type="application/json").json()["number"]
    assert client.get(f"{STAFF}/{number}/keluarga").status_code == 403
    assert client.post(f"{STAFF}/{number}/keluarga/{child.pk}/konfirmasi").status_code == 403
    client.logout()
    assert client.get(f"{STAFF}/{number}/keluarga").status_code == 401
    operator = staff_client("operator")
    assert operator.post(f"{STAFF}/{number}/keluarga/{child.pk}/konfirmasi").status_code == 403
    child.refresh_from_db()
    assert child.confirmed_at is None
