"""The family API for residents: list the members of one's KK (masked NIK) and add one, refused with the reason
and the field; an account without a resident profile has no family, anonymous callers are refused."""

from __future__ import annotations

from typing import Any

import pytest

from apps.accounts.models import Sex
from apps.families.models import FamilyMember, Relationship
from apps.families.tests.factories import parent_with_child, years_old
from tests.factories import make_resident, make_staff, nik_for, sign_in_staff

pytestmark = pytest.mark.django_db
URL = "/api/v1/keluarga/anggota"


def payload(**changes: Any) -> dict[str, Any]:
    birth = years_old(17)
    return {"nik": nik_for(birth, Sex.FEMALE, 6611), "full_name": "Rina Lestari", "birth_place": "Klaten",
            "birth_date": birth.isoformat(), "sex": Sex.FEMALE, "relationship": Relationship.CHILD, **changes}


def test_a_resident_lists_their_kk_with_masked_niks(client: Any) -> None:
    parent, child = parent_with_child(17)
    client.force_login(parent)
    body = client.get(URL).json()
    assert body["kk_number"] == parent.resident.kk_number
    names = {m["full_name"]: m for m in body["members"]}
    assert set(names) == {"SRI LESTARI", "ADI PRASETYO"}
    assert names["ADI PRASETYO"]["nik"] == child.nik[:6] + "******" + child.nik[-4:]
    assert names["ADI PRASETYO"]["confirmed"] is False


def test_a_resident_adds_a_member(client: Any) -> None:
    parent = make_resident(birth=years_old(45), sex=Sex.FEMALE)
    client.force_login(parent)
    response = client.post(URL, payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["full_name"] == "RINA LESTARI"
    assert FamilyMember.objects.get(pk=response.json()["id"]).family.kk_number == parent.resident.kk_number


def test_a_refusal_names_the_field_and_the_reason(client: Any) -> None:
    _other, their_child = parent_with_child(17)
    client.force_login(make_resident(birth=years_old(45)))
    response = client.post(URL, payload(nik=their_child.nik, birth_date=their_child.birth_date.isoformat(),
                                        sex=Sex.MALE), content_type="application/json")
    assert response.status_code == 400 and "KK lain" in response.json()["fields"]["nik"][0]
    response = client.post(URL, payload(relationship="boss", nik="1"), content_type="application/json")
    assert response.status_code == 400 and {"relationship", "nik"} <= set(response.json()["fields"])
    response = client.post(URL, payload(full_name="x" * 500), content_type="application/json")
    assert response.status_code == 422
    assert FamilyMember.objects.filter(relationship=Relationship.CHILD).count() == 1  # only the other KK's


def test_anonymous_callers_and_accounts_without_a_profile_are_refused(client: Any) -> None:
    assert client.get(URL).status_code == 401
    assert client.post(URL, payload(), content_type="application/json").status_code == 401
    sign_in_staff(client, make_staff("file_receiver"))
    assert client.get(URL).status_code == 404
    assert client.post(URL, payload(), content_type="application/json").status_code == 404
