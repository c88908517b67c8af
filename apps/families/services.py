"""Writes to families: the resident's KK and its members, added by the resident, confirmed at the desk.

Every check that refuses a member says why in Indonesian (:class:`FamilyError` with the form field it is about),
and refuses before anything is written, so the form comes back with everything the resident typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import ResidentProfile
from apps.accounts.nik import contradictions, parse_nik
from apps.core.audit import record
from apps.families.models import Family, FamilyMember, MemberSource, MemberState, Relationship

PARENTS = (Relationship.HEAD, Relationship.SPOUSE)
ADULT_AGE = 17  # an adult member (17 and over) with their own account sees the files made for them


class FamilyError(Exception):
    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def mask(nik: str) -> str:
    return nik[:6] + "******" + nik[-4:] if len(nik) == 16 else nik


def _profile(user: Any) -> Any:
    profile = getattr(user, "resident", None)
    if profile is None:
        raise FamilyError(_("Akun ini belum memiliki data penduduk (NIK). Lengkapi profil Anda dulu."))
    return profile


def family_of(user: Any, *, relationship: str = Relationship.HEAD) -> Family:
    """The resident's family (by the KK number of their profile), made on first use with the resident as its
    first member. ``relationship`` is the resident's own place in it when the family is new."""
    profile = _profile(user)
    with transaction.atomic():
        family, _created = Family.objects.get_or_create(
            kk_number=profile.kk_number,
            defaults={"address": profile.address, "rt": profile.rt, "rw": profile.rw,
                      "district_id": profile.district_id, "village_id": profile.village_id},
        )
        me = FamilyMember.objects.filter(nik=profile.nik, state=MemberState.ACTIVE).first()
        if me is None:
            FamilyMember.objects.create(
                family=family, nik=profile.nik, full_name=profile.full_name, birth_place=profile.birth_place,
                birth_date=profile.birth_date, sex=profile.sex, relationship=relationship,
                source=MemberSource.RESIDENT, user=user, added_by=user,
            )
        elif me.user_id is None and me.family_id == family.pk:
            me.user = user
            me.save(update_fields=["user", "updated_at"])
    return family


def active_members(family: Family) -> list[FamilyMember]:
    return list(family.members.filter(state=MemberState.ACTIVE).order_by("birth_date", "id"))


def check_member(
    family: Family, *, nik: str, birth_date: dt.date, sex: str, relationship: str, exclude: int | None = None
) -> None:
    """Refuse, with the reason, a member this family cannot have: a NIK that is not valid or contradicts the birth
    date and sex, a NIK already in this or another KK, a child born before a parent (or a parent after a child)."""
    if nik:
        try:
            parse_nik(nik)
        except ValidationError as exc:
            raise FamilyError(" ".join(exc.messages), field="nik") from exc
        for field, message in contradictions(nik, birth_date=birth_date, sex=sex).items():
            raise FamilyError(message, field=field)
        elsewhere = FamilyMember.objects.filter(nik=nik, state=MemberState.ACTIVE)
        if exclude is not None:
            elsewhere = elsewhere.exclude(pk=exclude)
        other = elsewhere.select_related("family").first()
        if other is not None and other.family_id != family.pk:
            raise FamilyError(
                _("NIK %(nik)s tercatat sebagai anggota KK lain. Satu orang hanya ada di satu KK; untuk pindah KK, "
                  "ajukan layanan perubahan atau pisah KK.") % {"nik": mask(nik)},
                field="nik",
            )
        if other is not None:
            raise FamilyError(_("NIK ini sudah ada di KK Anda."), field="nik")
    others = [m for m in active_members(family) if m.pk != exclude]
    if relationship == Relationship.CHILD:
        for parent in (m for m in others if m.relationship in PARENTS):
            if birth_date <= parent.birth_date:
                raise FamilyError(
                    _("Tanggal lahir anak (%(child)s) tidak mungkin sebelum tanggal lahir orang tuanya, %(name)s "
                      "(%(parent)s). Periksa tanggal lahir.")
                    % {"child": f"{birth_date:%d-%m-%Y}", "name": parent.full_name,
                       "parent": f"{parent.birth_date:%d-%m-%Y}"},
                    field="birth_date",
                )
    if relationship in PARENTS:
        for child in (m for m in others if m.relationship == Relationship.CHILD):
            if child.birth_date <= birth_date:
                raise FamilyError(
                    _("Tanggal lahir ini (%(parent)s) sesudah tanggal lahir anak, %(name)s (%(child)s). Periksa "
                      "tanggal lahir.")
                    % {"parent": f"{birth_date:%d-%m-%Y}", "name": child.full_name,
                       "child": f"{child.birth_date:%d-%m-%Y}"},
                    field="birth_date",
                )
    if relationship == Relationship.HEAD and any(m.relationship == Relationship.HEAD for m in others):
        raise FamilyError(_("KK ini sudah mempunyai kepala keluarga."), field="relationship")


def add_member(
    user: Any, *, full_name: str, birth_date: dt.date, sex: str, relationship: str, nik: str = "",
    birth_place: str = "", source: str = MemberSource.RESIDENT,
) -> FamilyMember:
    """Add a member to the resident's own family, as the resident enters it (the desk confirms it later)."""
    family = family_of(user)
    with transaction.atomic():
        Family.objects.select_for_update().filter(pk=family.pk).first()
        check_member(family, nik=nik, birth_date=birth_date, sex=sex, relationship=relationship)
        # The member's own account, when one with this NIK and KK exists (they then see their files).
        own = ResidentProfile.objects.filter(nik=nik, kk_number=family.kk_number).first() if nik else None
        try:
            with transaction.atomic():
                member = FamilyMember.objects.create(
                    family=family, nik=nik, full_name=full_name.strip(), birth_place=birth_place.strip(),
                    birth_date=birth_date, sex=sex, relationship=relationship, source=source, added_by=user,
                    user=own.user if own is not None else None,
                )
        except IntegrityError as exc:  # the same NIK added elsewhere at the same moment
            raise FamilyError(_("NIK ini baru saja dicatat di KK lain. Periksa NIK."), field="nik") from exc
        record("families.add_member", actor=user, obj=member, subject_nik=nik)
    return member


@transaction.atomic
def confirm_member(member: FamilyMember, *, actor: Any) -> FamilyMember:
    """An officer confirms a member against the paper KK."""
    locked = FamilyMember.objects.select_for_update().get(pk=member.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at, locked.confirmed_by = timezone.now(), actor
        locked.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
        record("families.confirm_member", actor=actor, obj=locked, subject_nik=locked.nik)
    return locked


def member_for(user: Any, member_id: int) -> FamilyMember:
    """Access helper: an active member of the signed-in resident's own family, or FamilyMember.DoesNotExist
    (views turn it into 404: a member of another KK is never shown)."""
    profile = _profile(user)
    return FamilyMember.objects.select_related("family").get(
        pk=member_id, family__kk_number=profile.kk_number, state=MemberState.ACTIVE
    )


def may_apply_for(user: Any, nik: str) -> FamilyMember | None:
    """The active member of the user's family with this NIK (they may apply on the member's behalf), else None."""
    profile = getattr(user, "resident", None)
    if profile is None or not nik:
        return None
    return (
        FamilyMember.objects.filter(nik=nik, family__kk_number=profile.kk_number, state=MemberState.ACTIVE)
        .select_related("family").first()
    )


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def is_adult(member: FamilyMember, today: dt.date | None = None) -> bool:
    return age_on(member.birth_date, today or timezone.localdate()) >= ADULT_AGE


def members_to_apply_for(user: Any) -> list[FamilyMember]:
    """The active members of the user's KK, other than the user, that an application can be made for (those with
    a NIK: a baby without one gets a birth deed first). Empty for an account without a resident profile."""
    profile = getattr(user, "resident", None)
    if profile is None:
        return []
    return list(
        FamilyMember.objects.filter(family__kk_number=profile.kk_number, state=MemberState.ACTIVE)
        .exclude(nik="").exclude(nik=profile.nik).select_related("family").order_by("birth_date", "id")
    )


def link_account(user: Any) -> FamilyMember | None:
    """The active member that is this account's own person (same NIK and KK), linked to the account if it was
    added before the account existed. None when there is no such member."""
    profile = getattr(user, "resident", None)
    if profile is None:
        return None
    me = FamilyMember.objects.filter(
        nik=profile.nik, family__kk_number=profile.kk_number, state=MemberState.ACTIVE
    ).first()
    if me is not None and me.user_id is None:
        FamilyMember.objects.filter(pk=me.pk, user__isnull=True).update(user=user, updated_at=timezone.now())
        me.user = user
    return me


def family_by_kk(kk_number: str) -> Family | None:
    return Family.objects.filter(kk_number=kk_number).first() if kk_number else None


def member_of(family: Family, member_id: int) -> FamilyMember:
    """Access helper for staff: an active member of this family, or FamilyMember.DoesNotExist (404)."""
    return FamilyMember.objects.select_related("family").get(pk=member_id, family=family, state=MemberState.ACTIVE)

# --- Life events: what an issued birth or death deed does to the family ---------------------------------


def record_birth(
    kk_number: str, *, full_name: str, birth_date: dt.date, sex: str, nik: str = "", birth_place: str = "",
    relationship: str = Relationship.CHILD, source: str = MemberSource.DESK, actor: Any = None,
) -> FamilyMember:
    """Add a newborn to the family once its birth deed is issued. Idempotent: the same child (by NIK, or by name
    and birth date in this family) is not added twice; a NIK central allocated later is filled in."""
    with transaction.atomic():
        family, _created = Family.objects.get_or_create(kk_number=kk_number)
        Family.objects.select_for_update().filter(pk=family.pk).first()
        same = FamilyMember.objects.select_for_update().filter(family=family, state=MemberState.ACTIVE)
        child = (same.filter(nik=nik).first() if nik else None) or same.filter(
            full_name__iexact=full_name.strip(), birth_date=birth_date).first()
        if child is not None:
            if nik and not child.nik:
                child.nik = nik
                child.save(update_fields=["nik", "updated_at"])
            return child
        child = FamilyMember.objects.create(
            family=family, nik=nik, full_name=full_name.strip().upper(), birth_place=birth_place.strip(),
            birth_date=birth_date, sex=sex, relationship=relationship, source=source, added_by=actor,
            confirmed_by=actor if source == MemberSource.DESK else None,
            confirmed_at=timezone.now() if source != MemberSource.RESIDENT else None,
        )
        record("families.record_birth", actor=actor, obj=child, subject_nik=nik)
    return child


def record_death(kk_number: str, *, nik: str, actor: Any = None) -> FamilyMember | None:
    """Mark a member deceased once the death deed is issued (the re-issued KK leaves them out). Idempotent."""
    with transaction.atomic():
        member = (
            FamilyMember.objects.select_for_update()
            .filter(family__kk_number=kk_number, nik=nik).exclude(nik="").order_by("-id").first()
        )
        if member is None or member.state == MemberState.DECEASED:
            return member
        member.state = MemberState.DECEASED
        member.save(update_fields=["state", "updated_at"])
        record("families.record_death", actor=actor, obj=member, subject_nik=nik)
    return member
