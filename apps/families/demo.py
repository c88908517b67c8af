"""Demo families of the demo residents, entered the real way: the resident's family made from their profile
(:func:`services.family_of`), each member added as the resident adds it on /keluarga/ (:func:`services.add_member`),
and some confirmed against the paper KK by the demo file receiver (:func:`services.confirm_member`).

Budi's KK has his wife, a son of 17 without a KTP-el yet (Budi applies for it on his behalf) and a younger
daughter (not confirmed yet); Dewi's has her husband (the head; she reports their baby's birth); Wahyu's has his
wife and his father (whose death Wahyu reports). The applications demo builds on these (it runs first, so it calls
:func:`ensure`). Idempotent: a member is found again by its NIK in the family.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from apps.accounts.models import ResidentProfile, Sex, User
from apps.families import services
from apps.families.models import FamilyMember, MemberState, Relationship

# resident NIK -> (the resident's own place in the KK, members: key, NIK, name, birth place, birth date, sex,
# relationship, confirmed by the desk)
FAMILIES: dict[str, tuple[str, list[tuple[str, str, str, str, dt.date, str, str, bool]]]] = {
    "3310250101900001": (Relationship.HEAD, [  # budi@contoh.id
        ("istri", "3310256104910005", "ENDANG WAHYUNI", "Klaten", dt.date(1991, 4, 21), Sex.FEMALE,
         Relationship.SPOUSE, True),
        ("anak-17", "3310251708090006", "ARIF SANTOSO", "Klaten", dt.date(2009, 8, 17), Sex.MALE,
         Relationship.CHILD, True),
        ("anak-bungsu", "3310254905150007", "NADIA PUTRI SANTOSO", "Klaten", dt.date(2015, 5, 9), Sex.FEMALE,
         Relationship.CHILD, False),
    ]),
    "3310255203960004": (Relationship.SPOUSE, [  # dewi@contoh.id
        ("suami", "3310250207930008", "EKO PRASETYO", "Sukoharjo", dt.date(1993, 7, 2), Sex.MALE,
         Relationship.HEAD, True),
    ]),
    "3310061507850003": (Relationship.HEAD, [  # wahyu@contoh.id
        ("istri", "3310067009880009", "RATNA SARI", "Klaten", dt.date(1988, 9, 30), Sex.FEMALE,
         Relationship.SPOUSE, True),
        ("ayah", "3310061002480010", "SUKIRNO", "Boyolali", dt.date(1948, 2, 10), Sex.MALE,
         Relationship.PARENT, True),
    ]),
}


def ensure() -> dict[str, dict[str, FamilyMember]]:
    """The demo families, made once: resident NIK -> member key -> member (``"self"`` is the resident)."""
    verifier = User.objects.filter(username="verifikator").first()
    residents = {p.nik: p.user for p in ResidentProfile.objects.select_related("user").filter(nik__in=FAMILIES)}
    made: dict[str, dict[str, FamilyMember]] = {}
    with transaction.atomic():
        for nik, (own_place, members) in FAMILIES.items():
            user = residents.get(nik)
            if user is None:
                continue
            family = services.family_of(user, relationship=own_place)
            found = {m.nik: m for m in family.members.all()}
            made[nik] = {"self": found[nik]}
            for key, member_nik, name, place, birth, sex, relationship, confirmed in members:
                member = found.get(member_nik)
                if member is None:
                    try:
                        member = services.add_member(user, nik=member_nik, full_name=name, birth_place=place,
                                                     birth_date=birth, sex=sex, relationship=relationship)
                    except services.FamilyError:
                        continue  # the family was changed by hand (e.g. another head): leave it as it is
                if confirmed and verifier is not None and member.state == MemberState.ACTIVE:
                    member = services.confirm_member(member, actor=verifier)
                made[nik][key] = member
    return made


def load(stdout: Any) -> None:
    made = ensure()
    if not made:
        return
    contacts = dict(ResidentProfile.objects.filter(nik__in=made).values_list("nik", "user__username"))
    stdout.write("  Demo families (sign in as the resident, then /keluarga/):")
    for nik, members in made.items():
        family = members["self"].family
        active = family.members.filter(state=MemberState.ACTIVE)
        stdout.write(f"    {contacts.get(nik, nik):<18} KK {family.kk_number}: {active.count()} members, "
                     f"{active.filter(confirmed_at__isnull=False).count()} confirmed by the desk")
