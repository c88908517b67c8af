"""The resident's family page and the add-member form: members with a masked NIK and whether confirmed; a refusal
shown on the field it is about, with everything typed kept; only one's own KK; anonymous sent to sign in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import Sex
from apps.families import services
from apps.families.models import FamilyMember, Relationship
from apps.families.tests.factories import parent_with_child, years_old
from tests.factories import make_resident, make_staff, nik_for, sign_in_staff

pytestmark = pytest.mark.django_db


def form(**changes: Any) -> dict[str, Any]:
    birth = years_old(17)
    data = {"nik": nik_for(birth, Sex.FEMALE, 5511), "full_name": "rina  lestari", "birth_place": "Klaten",
            "birth_date": birth.isoformat(), "sex": Sex.FEMALE, "relationship": Relationship.CHILD}
    return {**data, **changes}


def test_the_family_page_lists_members_with_a_masked_nik_and_whether_confirmed(client: Any) -> None:
    parent, child = parent_with_child(17)
    services.confirm_member(child, actor=make_staff("file_receiver"))
    client.force_login(parent)
    page = client.get(reverse("families:index")).content.decode()
    assert "ADI PRASETYO" in page and "SRI LESTARI" in page
    assert child.nik not in page and services.mask(child.nik) in page
    assert "Dikonfirmasi petugas" in page and "Belum dikonfirmasi" in page  # the child, then the mother herself


def test_a_parent_adds_a_child_and_sees_them_listed(client: Any) -> None:
    parent = make_resident(birth=years_old(45), sex=Sex.FEMALE)
    client.force_login(parent)
    response = client.post(reverse("families:add"), form())
    assert response.status_code == 302 and response["Location"] == reverse("families:index")
    child = FamilyMember.objects.get(relationship=Relationship.CHILD)
    assert (child.full_name, child.family.kk_number, child.confirmed_at) == (
        "RINA LESTARI", parent.resident.kk_number, None)


def test_a_baby_without_a_nik_may_be_added(client: Any) -> None:
    client.force_login(make_resident(birth=years_old(30)))
    response = client.post(reverse("families:add"), form(nik="", birth_date=years_old(0, days=20).isoformat()))
    assert response.status_code == 302
    assert FamilyMember.objects.get(relationship=Relationship.CHILD).nik == ""


def test_a_child_born_before_the_parent_is_refused_on_the_birth_date_and_the_input_is_kept(client: Any) -> None:
    client.force_login(make_resident(birth=years_old(20)))
    birth = years_old(25)
    response = client.post(reverse("families:add"), form(nik="", birth_date=birth.isoformat(), birth_place="Solo"))
    assert response.status_code == 400
    assert "tidak mungkin sebelum" in str(response.context["form"].errors["birth_date"])
    page = response.content.decode()
    assert 'value="Solo"' in page and 'value="rina  lestari"' in page and f'value="{birth.isoformat()}"' in page
    assert not FamilyMember.objects.filter(relationship=Relationship.CHILD).exists()


def test_a_member_of_another_kk_is_refused_on_the_nik(client: Any) -> None:
    _other_parent, their_child = parent_with_child(17)
    client.force_login(make_resident(birth=years_old(45)))
    data = form(nik=their_child.nik, birth_date=their_child.birth_date.isoformat(), sex=Sex.MALE)
    response = client.post(reverse("families:add"), data)
    assert response.status_code == 400
    assert "KK lain" in str(response.context["form"].errors["nik"])


def test_bad_input_is_refused_with_a_message_per_field(client: Any) -> None:
    client.force_login(make_resident(birth=years_old(45)))
    data = form(nik="12345", full_name="=HYPERLINK()", relationship="boss", birth_date="2999-01-01")
    response = client.post(reverse("families:add"), data)
    errors = response.context["form"].errors
    assert response.status_code == 400 and {"nik", "full_name", "relationship", "birth_date"} <= set(errors)


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    for name in ("families:index", "families:add"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_an_account_without_a_resident_profile_has_no_family_page(client: Any) -> None:
    sign_in_staff(client, make_staff("file_receiver"))
    assert client.get(reverse("families:index")).status_code == 404


def test_each_resident_sees_only_their_own_kk(client: Any) -> None:
    parent_with_child(17)
    client.force_login(make_resident(birth=years_old(30)))
    assert "ADI PRASETYO" not in client.get(reverse("families:index")).content.decode()


def test_the_home_page_links_to_the_family_page(client: Any) -> None:
    client.force_login(make_resident())
    assert reverse("families:index") in client.get(reverse("accounts:start")).content.decode()
