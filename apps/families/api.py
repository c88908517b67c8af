"""JSON API of families (django-ninja): a resident lists the members of their KK and adds one (the desk confirms
it later). Session authentication; an account without a resident profile has no family (404). The same checks
as the page (``apps.families.forms.MemberForm`` and ``services.add_member``), with the same messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from apps.core.api_fields import Code, Name, Nik, Place
from apps.families import services
from apps.families.access import own_family
from apps.families.forms import MemberForm
from apps.families.models import FamilyMember

router = Router(tags=["keluarga"], auth=django_auth)


class Error(Schema):
    detail: str
    code: str = ""
    fields: dict[str, list[str]] = {}


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class MemberOut(Schema):
    id: int
    nik: str  # masked: the first six and last four digits
    full_name: str
    birth_place: str
    birth_date: dt.date
    sex: str
    relationship: str
    relationship_label: str
    confirmed: bool


class FamilyOut(Schema):
    kk_number: str
    members: list[MemberOut]


class MemberIn(Schema):
    nik: Nik = ""
    full_name: Name
    birth_place: Place = ""
    birth_date: dt.date
    sex: Code
    relationship: Code


def member_out(member: FamilyMember, *, full_nik: bool = False) -> dict[str, Any]:
    return {
        "id": member.pk, "nik": member.nik if full_nik else services.mask(member.nik), "full_name": member.full_name,
        "birth_place": member.birth_place, "birth_date": member.birth_date, "sex": member.sex,
        "relationship": member.relationship, "relationship_label": str(member.get_relationship_display()),
        "confirmed": member.confirmed_at is not None,
    }


@router.get("/anggota", response={200: FamilyOut, 401: Error, 404: Error}, summary="Anggota KK saya")
def list_members(request: HttpRequest) -> Any:
    family = own_family(request.user)
    return Status(200, {"kk_number": family.kk_number,
                        "members": [member_out(m) for m in services.active_members(family)]})


@router.post(
    "/anggota", response={201: MemberOut, 400: Error, 401: Error, 404: Error, 422: ValidationErrorOut},
    summary="Tambah anggota KK",
)
def add_member(request: HttpRequest, payload: MemberIn) -> Any:
    own_family(request.user)
    form = MemberForm(payload.dict())
    if not form.is_valid():
        return Status(400, {"detail": "Data belum benar.", "code": "invalid",
                            "fields": {k: [str(e) for e in v] for k, v in form.errors.items()}})
    try:
        member = services.add_member(request.user, **form.cleaned_data)
    except services.FamilyError as error:
        return Status(400, {"detail": error.message, "code": "refused",
                            "fields": {error.field: [error.message]} if error.field else {}})
    return Status(201, member_out(member))
