"""Staff API of a file's family (the file receiver): the members of the KK the file is about, and confirming one
against the paper KK. Mounted inside the applications' staff router (``/api/v1/staf/permohonan/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.security import django_auth

from apps.accounts.roles import Role, has_role
from apps.applications.access import staff_application
from apps.applications.models import Application
from apps.core import audit
from apps.core.api_fields import Code, Id
from apps.families import services as families
from apps.families.api import MemberOut, member_out
from apps.families.models import Family, FamilyMember

family_router = Router(tags=["permohonan (petugas)"], auth=django_auth)


class FileFamilyError(Schema):
    detail: str
    code: str = ""


class FileFamilyOut(Schema):
    number: str
    kk_number: str
    for_member: int | None  # the member the file is for; none: for the applicant
    members: list[MemberOut]


def _desk(request: HttpRequest) -> None:
    if not has_role(request.user, Role.FILE_RECEIVER):
        raise HttpError(403, "Peran Anda tidak mengizinkan tindakan ini.")


def _family(application: Application) -> Family:
    member = application.member
    family = member.family if member is not None else families.family_by_kk(application.kk_number)
    if family is None:
        raise HttpError(404, "KK berkas ini belum tercatat di Sipon.")
    return family


def _out(application: Application, family: Family) -> dict[str, Any]:
    return {
        "number": application.number, "kk_number": family.kk_number, "for_member": application.member_id,
        "members": [member_out(m, full_nik=True) for m in families.active_members(family)],
    }


@family_router.get(
    "/{number}/keluarga", response={200: FileFamilyOut, 401: FileFamilyError, 403: FileFamilyError,
                                    404: FileFamilyError},
    summary="Anggota KK berkas",
)
def file_family(request: HttpRequest, number: Code) -> Any:
    _desk(request)
    application = staff_application(number)
    family = _family(application)
    audit.record("families.viewed", actor=request.user, obj=family, request=request, subject_nik=application.nik)
    return HttpStatus(200, _out(application, family))


@family_router.post(
    "/{number}/keluarga/{member_id}/konfirmasi",
    response={200: MemberOut, 401: FileFamilyError, 403: FileFamilyError, 404: FileFamilyError},
    summary="Konfirmasi anggota KK berkas",
)
def confirm_member(request: HttpRequest, number: Code, member_id: Id) -> Any:
    _desk(request)
    family = _family(staff_application(number))
    try:
        member = families.member_of(family, member_id)
    except FamilyMember.DoesNotExist:
        raise HttpError(404, "Anggota ini tidak ada di KK berkas ini.") from None
    return HttpStatus(200, member_out(families.confirm_member(member, actor=request.user), full_nik=True))
