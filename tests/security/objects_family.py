"""Objects for the family rows of the access table (the owner's KK, a member of it, a file of that KK)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.security import objects as o


def _member(ctx: o.Context) -> Any:
    from apps.accounts.models import Sex
    from apps.families import services
    from apps.families.models import Relationship

    return ctx.once("family_member", lambda: services.add_member(
        ctx.owner, full_name="BAYI UJI AKSES", birth_date=dt.date(2026, 1, 2), sex=Sex.FEMALE,
        relationship=Relationship.CHILD,
    ))


def family_kk(ctx: o.Context) -> dict[str, Any]:
    return {"kk_number": _member(ctx).family.kk_number}


def family_member(ctx: o.Context) -> dict[str, Any]:
    member = _member(ctx)
    return {"kk_number": member.family.kk_number, "member_id": member.pk}


def file_with_family(ctx: o.Context) -> dict[str, Any]:
    _member(ctx)
    return o.submitted_application(ctx)


def file_family_member(ctx: o.Context) -> dict[str, Any]:
    return {**file_with_family(ctx), "member_id": _member(ctx).pk}


def member_payload(ctx: o.Context) -> dict[str, Any]:
    return {"full_name": "BAYI BARU", "birth_date": "2026-01-02", "sex": "P", "relationship": "child"}
