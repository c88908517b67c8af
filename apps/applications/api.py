"""JSON API of applications (django-ninja). Residents: create a draft, fill in the form, upload
documents, submit, read status and timeline. Staff (file receiver): the work queue, claim, decide.
Session authentication; another resident's application is 404, a missing role 403."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja import Status as HttpStatus  # the workflow has its own Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field

from apps.accounts.roles import Role, has_role
from apps.applications import services
from apps.applications.access import own_application, staff_application
from apps.applications.api_family import family_router
from apps.applications.api_life import life_router
from apps.applications.forms import IdentityForm
from apps.applications.models import Application, Decision, ServiceType
from apps.applications.workflow import RESIDENT_TEXT, Status
from apps.core.api_fields import Address, Code, Id, KkNumber, LongText, Name, Phone, Place, RtRw
from apps.documents.checks import Rejected
from apps.documents.services import current_documents

router = Router(tags=["permohonan"], auth=django_auth)
staff_router = Router(tags=["permohonan (petugas)"], auth=django_auth)
staff_router.add_router("", family_router)  # a file's KK and confirming its members (api_family.py)
router.add_router("", life_router)  # a birth's or a death's fields (api_life.py)


class Error(Schema):
    detail: str
    code: str = ""
    fields: dict[str, list[str]] = {}


class ValidationErrorOut(Schema):
    """Request body or query that does not match the schema (django-ninja's own check)."""

    detail: list[dict[str, Any]]


class ServiceOut(Schema):
    code: str
    name: str
    product_kind: str  # "card" (a blank printed at the office) or "digital" (a signed PDF)
    min_age_years: int | None  # the person the file is for must be at least this old (or married, if allowed)
    max_age_years: int | None  # ... and younger than this (KIA: under 17)
    service_level_days: int
    requires_biometrics: bool
    documents: list[dict[str, Any]]


class TimelineEntry(Schema):
    status: str
    label: str
    text: str
    note: str
    at: dt.datetime
    estimate: dt.date | None = None


class ApplicationOut(Schema):
    number: str
    service: str
    status: str
    status_label: str
    what_now: str
    estimated_completion_date: dt.date | None
    documents: dict[str, int]
    correction: dict[str, str]
    timeline: list[TimelineEntry]


class DraftIn(Schema):
    service: Code
    married: bool | None = None
    member: Id | None = None  # a member of the resident's KK (GET /api/v1/keluarga/anggota); none: for oneself


class IdentityIn(Schema):
    full_name: Name
    kk_number: KkNumber
    birth_place: Place
    birth_date: dt.date
    sex: Code
    address: Address
    rt: RtRw = ""
    rw: RtRw = ""
    contact_phone: Phone = ""


class DocumentOut(Schema):
    kind: str
    version: int
    format: str
    size: int
    sha256: str


def _out(application: Application) -> dict[str, Any]:
    history = application.history.order_by("-created_at", "-id")
    return {
        "number": application.number,
        "service": application.service_type.code,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "what_now": str(RESIDENT_TEXT.get(application.status, "")),
        "estimated_completion_date": application.estimated_completion_date,
        "documents": {k: d.current.number for k, d in current_documents(application).items() if d.current},
        "correction": services.correction_items(application),
        "timeline": [
            {
                "status": h.to_status,
                "label": str(Status(h.to_status).label),
                "text": str(RESIDENT_TEXT.get(h.to_status, "")),
                "note": h.note,
                "at": h.created_at,
                "estimate": (h.data or {}).get("estimate"),
            }
            for h in history
        ],
    }


def _error(error: services.FlowError) -> HttpStatus[dict[str, str]]:
    status = 409 if error.code in ("locked", "state", "taken", "not_claimed", "already_open") else 400
    return HttpStatus(status, {"detail": error.message, "code": error.code})


@router.get("/layanan", response=list[ServiceOut], auth=None, summary="Daftar layanan")
def list_services(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "product_kind": s.product_kind,
            "min_age_years": s.min_age_years,
            "max_age_years": s.max_age_years,
            "service_level_days": s.service_level_days,
            "requires_biometrics": s.requires_biometrics,
            "documents": [
                {
                    "kind": d.kind,
                    "name": d.name,
                    "mandatory": d.mandatory,
                    "formats": d.accepted_formats,
                    "max_size_kb": d.max_size_kb,
                }
                for d in s.required_documents.all()
            ],
        }
        for s in ServiceType.objects.filter(is_active=True).prefetch_related("required_documents")
    ]


@router.post(
    "/",
    response={201: ApplicationOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut},
    summary="Buat draf",
)
def create_draft(request: HttpRequest, payload: DraftIn) -> Any:
    service = ServiceType.objects.filter(code=payload.service, is_active=True).first()
    if service is None:
        return HttpStatus(404, {"detail": "Layanan tidak ditemukan.", "code": "not_found"})
    try:
        member = services.member_to_apply_for(request.user, payload.member)
        application = services.start_draft(service, request.user, married=payload.married, member=member)
    except services.FlowError as error:
        return HttpStatus(400, {"detail": error.message, "code": error.code})
    return HttpStatus(201, _out(application))


@router.post(
    "/kirim",
    response={201: ApplicationOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Ajukan sekaligus: data dan semua dokumen dalam satu permintaan multipart",
)
def submit_at_once(
    request: HttpRequest, service: Form[Code], married: Form[bool | None] = None, member: Form[Id | None] = None
) -> Any:
    """For a kiosk or an integrator: the F-1.02 fields as form fields, each document as a file field named
    by its kind (e.g. ``kk``). Each step is saved as it passes, like the pages: when a document is refused
    the answer says why and the draft (with what passed) stays for the resident to finish."""
    service_type = ServiceType.objects.filter(code=service, is_active=True).first()
    if service_type is None:
        return HttpStatus(404, {"detail": "Layanan tidak ditemukan.", "code": "not_found"})
    profile = getattr(request.user, "resident", None)
    try:
        person = services.member_to_apply_for(request.user, member)
    except services.FlowError as error:
        return _error(error)
    nik = person.nik if person is not None else profile.nik if profile is not None else ""
    form = IdentityForm(request.POST, nik=nik)
    if not form.is_valid():
        return HttpStatus(
            400,
            {
                "detail": "Data belum benar.",
                "code": "invalid",
                "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
        )
    try:
        application = services.start_draft(service_type, request.user, married=married, member=person)
        cleaned = dict(form.cleaned_data)
        services.save_form(application, cleaned, extra={"contact_phone": cleaned.pop("contact_phone")})
        for requirement in service_type.required_documents.all():
            files = request.FILES.getlist(requirement.kind)
            if len(files) > 1:
                return HttpStatus(400, {"detail": "Unggah satu berkas saja untuk setiap dokumen.", "code": "multiple"})
            if files:
                services.upload_document(application, requirement, files[0], user=request.user)
        services.submit(application, user=request.user, request=request)
    except Rejected as rejected:
        return HttpStatus(400, {"detail": rejected.message, "code": "rejected"})
    except services.FlowError as error:
        return _error(error)
    application.refresh_from_db()
    return HttpStatus(201, _out(application))


@router.get(
    "/{number}", response={200: ApplicationOut, 401: Error, 404: Error, 422: ValidationErrorOut},
    summary="Status dan riwayat",
)
def read(request: HttpRequest, number: Code) -> Any:
    return HttpStatus(200, _out(own_application(request.user, number)))


@router.put(
    "/{number}/data",
    response={200: ApplicationOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Isi data diri (F-1.02)",
)
def put_identity(request: HttpRequest, number: Code, payload: IdentityIn) -> Any:
    application = own_application(request.user, number)
    form = IdentityForm(payload.dict(), nik=application.nik)
    if not form.is_valid():
        return HttpStatus(
            400,
            {
                "detail": "Data belum benar.",
                "code": "invalid",
                "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
        )
    cleaned = dict(form.cleaned_data)
    try:
        services.save_form(application, cleaned, extra={"contact_phone": cleaned.pop("contact_phone")})
    except services.FlowError as error:
        return _error(error)
    return HttpStatus(200, _out(application))


@router.post(
    "/{number}/dokumen/{kind}",
    response={201: DocumentOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Unggah dokumen",
)
def upload(request: HttpRequest, number: Code, kind: Code, file: File[UploadedFile]) -> Any:
    application = own_application(request.user, number)
    requirement = application.service_type.required_documents.filter(kind=kind).first()
    if requirement is None:
        return HttpStatus(404, {"detail": "Dokumen ini tidak diminta untuk layanan ini.", "code": "not_found"})
    if len(request.FILES.getlist("file")) > 1:
        return HttpStatus(400, {"detail": "Unggah satu berkas saja untuk dokumen ini.", "code": "multiple"})
    try:
        version = services.upload_document(application, requirement, file, user=request.user)
    except Rejected as rejected:
        return HttpStatus(400, {"detail": rejected.message, "code": "rejected"})
    except services.FlowError as error:
        return _error(error)
    return HttpStatus(
        201,
        {
            "kind": kind,
            "version": version.number,
            "format": version.format,
            "size": version.size,
            "sha256": version.sha256,
        },
    )


@router.post(
    "/{number}/ajukan",
    response={200: ApplicationOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Ajukan (atau kirim perbaikan)",
)
def submit(request: HttpRequest, number: Code) -> Any:
    application = own_application(request.user, number)
    try:
        services.submit(application, user=request.user, request=request)
    except services.FlowError as error:
        return _error(error)
    application.refresh_from_db()
    return HttpStatus(200, _out(application))


# --- Staff ------------------------------------------------------------------------------


def _desk(request: HttpRequest) -> None:
    if not has_role(request.user, Role.FILE_RECEIVER):
        raise HttpError(403, "Peran Anda tidak mengizinkan tindakan ini.")


class QueueItem(Schema):
    number: str
    service: str
    full_name: str
    district: str | None
    status: str
    submitted_at: dt.datetime | None
    due_date: dt.date | None
    claimed_by: str | None


class QueueOut(Schema):
    count: int
    oldest_submitted_at: dt.datetime | None
    items: list[QueueItem]


class StaffApplicationOut(Schema):
    number: str
    status: str
    claimed_by: str | None
    warnings: list[str]


class DecisionIn(Schema):
    outcome: Code
    items: Annotated[dict[Code, LongText], Field(max_length=30)] = {}
    checklist: Annotated[dict[Code, bool], Field(max_length=30)] = {}
    reason_code: Code = ""
    note: LongText = ""


@staff_router.get(
    "/antrean", response={200: QueueOut, 401: Error, 403: Error, 422: ValidationErrorOut}, summary="Antrean verifikasi"
)
def desk_queue(
    request: HttpRequest,
    service: Code = "",
    district: Code = "",
    min_age_days: Annotated[int | None, Field(ge=0, le=services.MAX_AGE_DAYS)] = None,
    due_by: dt.date | None = None,
) -> Any:
    _desk(request)
    filters = {"service": service, "district": district, "min_age_days": min_age_days, "due_by": due_by}
    rows = services.desk_queue({k: v for k, v in filters.items() if v not in (None, "")})
    oldest = rows.exclude(submitted_at=None).order_by("submitted_at").values_list("submitted_at", flat=True).first()
    return HttpStatus(
        200,
        {
            "count": rows.count(),
            "oldest_submitted_at": oldest,
            "items": [
                {
                    "number": a.number,
                    "service": a.service_type.code,
                    "full_name": a.full_name,
                    "district": a.district.name if a.district else None,
                    "status": a.status,
                    "submitted_at": a.submitted_at,
                    "due_date": a.due_date,
                    "claimed_by": a.claimed_by.username if a.claimed_by else None,
                }
                for a in rows[:100]
            ],
        },
    )


def _staff_out(application: Application) -> dict[str, Any]:
    application.refresh_from_db()
    return {
        "number": application.number,
        "status": application.status,
        "claimed_by": application.claimed_by.username if application.claimed_by else None,
        "warnings": services.quality_warnings(application),
    }


@staff_router.post(
    "/{number}/ambil",
    response={200: StaffApplicationOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Ambil berkas",
)
def claim(request: HttpRequest, number: Code) -> Any:
    _desk(request)
    application = staff_application(number)
    try:
        services.claim(application, user=request.user, request=request)
    except services.FlowError as error:
        return _error(error)
    return HttpStatus(200, _staff_out(application))


@staff_router.post(
    "/{number}/keputusan",
    response={
        200: StaffApplicationOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        422: ValidationErrorOut,
    },
    summary="Putuskan",
)
def decide(request: HttpRequest, number: Code, payload: DecisionIn) -> Any:
    _desk(request)
    application = staff_application(number)
    if payload.outcome not in Decision.Outcome.values:
        return HttpStatus(400, {"detail": "Keputusan tidak dikenal.", "code": "invalid"})
    try:
        services.decide(
            application,
            user=request.user,
            outcome=payload.outcome,
            checklist=payload.checklist,
            items=payload.items,
            reason_code=payload.reason_code,
            note=payload.note,
            request=request,
        )
    except services.FlowError as error:
        return _error(error)
    return HttpStatus(200, _staff_out(application))
