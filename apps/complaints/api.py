"""JSON API of complaints (django-ninja): file a complaint (signed in, or anonymous with a contact)
and follow it (own complaint when signed in, or code + contact). Another person's complaint is 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from apps.complaints import access, ratelimit, services
from apps.complaints.forms import ComplaintForm
from apps.complaints.models import Complaint
from apps.complaints.views import resolve_reference, too_many_message
from apps.complaints.workflow import RESIDENT_TEXT
from apps.core.api_fields import Code, Email, LongText, Name, Phone, ShortText

router = Router(tags=["pengaduan"])


class Error(Schema):
    detail: str
    fields: dict[str, list[str]] = {}


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class ComplaintIn(Schema):
    kind: Code = "complaint"
    category: Code = "other"
    unit: Code = ""  # the counter it is about (information_desk, file_receiver, operator, ...), "" for none
    subject: ShortText
    description: LongText
    reference: Annotated[str, Field(max_length=30)] = ""
    name: Name = ""
    email: Email = ""
    phone: Phone = ""
    confidential: bool = False


class MessageOut(Schema):
    from_staff: bool
    body: str
    at: dt.datetime


class ComplaintOut(Schema):
    code: str
    kind: str
    category: str
    status: str
    status_label: str
    what_now: str
    verify_by: dt.date
    due_date: dt.date
    working_days_left: int
    messages: list[MessageOut]


def _out(complaint: Complaint) -> dict[str, Any]:
    return {
        "code": complaint.code,
        "kind": complaint.kind,
        "category": complaint.category,
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "what_now": str(RESIDENT_TEXT[complaint.status]),
        "verify_by": complaint.verify_by,
        "due_date": complaint.due_date,
        "working_days_left": services.working_days_left(complaint),
        "messages": [
            {"from_staff": m.from_staff, "body": m.body, "at": m.created_at}
            for m in complaint.messages.filter(internal=False)
        ],
    }


@router.post("/", response={201: ComplaintOut, 400: Error, 422: ValidationErrorOut, 429: Error}, auth=None)
def file_complaint(request: HttpRequest, payload: ComplaintIn) -> Status[dict[str, Any]]:
    """File a complaint, suggestion, compliment or information request. Without a signed-in session
    an e-mail or phone number is required; keep the returned code to follow it."""
    signed_in = bool(request.user.is_authenticated)
    form = ComplaintForm(payload.dict(), signed_in=signed_in)
    if not form.is_valid():
        return Status(
            400,
            {
                "detail": "Ada isian yang perlu diperbaiki.",
                "fields": {k: [str(m) for m in v] for k, v in form.errors.items()},
            },
        )
    if not ratelimit.allow_filing(request):
        return Status(429, {"detail": too_many_message()})
    data = form.cleaned_data
    application, ticket = resolve_reference(data["reference"])
    try:
        complaint = services.file_complaint(
            kind=data["kind"],
            category=data["category"],
            subject=data["subject"],
            description=data["description"],
            filer=request.user if signed_in else None,
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            confidential=data["confidential"],
            application=application,
            ticket_code=ticket,
            unit=data["unit"],
        )
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(201, _out(complaint))


@router.get("/{code}", response={200: ComplaintOut, 404: Error, 422: ValidationErrorOut, 429: Error}, auth=None)
def follow_complaint(request: HttpRequest, code: Code, contact: Email = "") -> Any:
    """Status and public conversation of a complaint: your own (signed in), or with the contact you left (tries
    with a contact are limited per address)."""
    if contact and not ratelimit.allow_lookup(request):
        return Status(429, {"detail": "Terlalu banyak percobaan melacak laporan. Coba lagi nanti."})
    complaint = access.complaint_by_code_and_contact(code, contact) if contact else None
    if complaint is None:
        try:
            complaint = access.complaint_for_resident(request, code)
        except Exception as exc:  # Http404 from the access helper
            raise HttpError(404, "Laporan tidak ditemukan.") from exc
    return _out(complaint)
