"""The resident's KK and its members: who may be added, and the reasons for a refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.models import Sex
from apps.families import services
from apps.families.models import FamilyMember, MemberState, Relationship
from tests.factories import make_resident, nik_for

pytestmark = pytest.mark.django_db


def test_a_residents_family_starts_with_the_resident_as_a_member() -> None:
    mother = make_resident(birth=dt.date(1985, 3, 4), sex=Sex.FEMALE, name="SRI LESTARI")
    family = services.family_of(mother)
    assert family.kk_number == mother.resident.kk_number
    [me] = services.active_members(family)
    assert (me.nik, me.user, me.relationship) == (mother.resident.nik, mother, Relationship.HEAD)
    assert services.family_of(mother) == family  # once
    assert FamilyMember.objects.count() == 1


def test_a_parent_adds_a_child_who_may_then_be_applied_for() -> None:
    mother = make_resident(birth=dt.date(1985, 3, 4), sex=Sex.FEMALE)
    child_nik = nik_for(dt.date(2009, 12, 1), Sex.MALE, 4321)
    child = services.add_member(mother, nik=child_nik, full_name="ADI", birth_date=dt.date(2009, 12, 1),
                                sex=Sex.MALE, relationship=Relationship.CHILD)
    assert child.confirmed_at is None
    assert services.may_apply_for(mother, child_nik) == child
    stranger = make_resident()
    assert services.may_apply_for(stranger, child_nik) is None
    with pytest.raises(FamilyMember.DoesNotExist):
        services.member_for(stranger, child.pk)


def test_it_refuses_a_member_of_another_kk() -> None:
    first = make_resident(birth=dt.date(1980, 1, 1))
    other = make_resident(birth=dt.date(1982, 1, 1))
    services.family_of(other)  # now other is an active member of their own KK
    with pytest.raises(services.FamilyError) as refused:
        services.add_member(first, nik=other.resident.nik, full_name="X", birth_date=dt.date(1982, 1, 1),
                            sex=Sex.MALE, relationship=Relationship.OTHER)
    assert refused.value.field == "nik" and "KK lain" in refused.value.message
    assert FamilyMember.objects.filter(family__kk_number=first.resident.kk_number).count() == 1


def test_it_refuses_a_child_born_before_a_parent() -> None:
    father = make_resident(birth=dt.date(1990, 1, 1))
    with pytest.raises(services.FamilyError) as refused:
        services.add_member(father, full_name="ANAK", birth_date=dt.date(1989, 6, 1), sex=Sex.MALE,
                            relationship=Relationship.CHILD, nik=nik_for(dt.date(1989, 6, 1), Sex.MALE, 77))
    assert refused.value.field == "birth_date"
    assert FamilyMember.objects.filter(relationship=Relationship.CHILD).count() == 0


def test_it_refuses_a_nik_that_contradicts_the_birth_date() -> None:
    father = make_resident(birth=dt.date(1970, 1, 1))
    with pytest.raises(services.FamilyError) as refused:
        services.add_member(father, full_name="ANAK", birth_date=dt.date(2001, 2, 2), sex=Sex.MALE,
                            relationship=Relationship.CHILD, nik=nik_for(dt.date(2001, 3, 3), Sex.MALE, 78))
    assert refused.value.field == "birth_date"


def test_an_officer_confirms_a_member_once() -> None:
    from tests.factories import make_staff

    father = make_resident(birth=dt.date(1970, 1, 1))
    child = services.add_member(father, full_name="BAYI", birth_date=dt.date(2026, 11, 1), sex=Sex.FEMALE,
                                relationship=Relationship.CHILD)
    officer = make_staff("verifier")
    confirmed = services.confirm_member(child, actor=officer)
    assert confirmed.confirmed_at is not None and confirmed.state == MemberState.ACTIVE
