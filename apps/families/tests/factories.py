"""Deterministic builders for family tests: ages relative to today, a parent with one child in their KK."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.accounts.models import ResidentProfile, Sex
from apps.families import services
from apps.families.models import FamilyMember, Relationship
from tests.factories import make_resident, nik_for


def years_old(years: int, days: int = 30) -> dt.date:
    """A birth date ``years`` years and ``days`` days before today (never a birthday today)."""
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - dt.timedelta(days=days)


def parent_with_child(child_years: int, *, serial: int = 4321, nik: bool = True) -> tuple[Any, FamilyMember]:
    """A mother of 45 (contact confirmed) and her son of ``child_years``, added by her to her KK."""
    parent = make_resident(birth=years_old(45), sex=Sex.FEMALE, name="SRI LESTARI")
    birth = years_old(child_years)
    child = services.add_member(
        parent, nik=nik_for(birth, Sex.MALE, serial) if nik else "", full_name="ADI PRASETYO", birth_place="Klaten",
        birth_date=birth, sex=Sex.MALE, relationship=Relationship.CHILD,
    )
    return parent, child


def own_account(member: FamilyMember) -> Any:
    """The member registers their own account, with their NIK and the KK's number."""
    user = make_resident(birth=member.birth_date, sex=member.sex, name=member.full_name)
    ResidentProfile.objects.filter(user=user).update(nik=member.nik, kk_number=member.family.kk_number)
    user.refresh_from_db()
    return user
