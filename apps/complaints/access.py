"""Who may open which complaint. Another person's complaint is *not found* (404).

An anonymous filer's browser is allowed to follow the complaints it filed (or proved with code +
contact) through a signed, HTTP-only cookie listing their codes: no server-side session row is
written for an anonymous visitor, and any app server can check it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from apps.complaints.models import Complaint

COOKIE = "sipon_pengaduan"
SALT = "complaints.access"
MAX_CODES = 20
MAX_AGE = 180 * 24 * 3600


def granted_codes(request: HttpRequest) -> list[str]:
    raw = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    return [c for c in str(raw).split(",") if c]


def grant(request: HttpRequest, response: HttpResponse, code: str) -> HttpResponse:
    """Let this browser follow a complaint (after filing it or proving code + contact)."""
    codes = [c for c in granted_codes(request) if c != code] + [code]
    response.set_signed_cookie(
        COOKIE,
        ",".join(codes[-MAX_CODES:]),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )
    return response


def complaint_for_resident(request: HttpRequest, code: str) -> Complaint:
    complaint = Complaint.objects.filter(code=code.upper()).select_related("filer").first()
    if complaint is None:
        raise Http404
    user: Any = request.user
    if complaint.filer_id is not None and user.is_authenticated and complaint.filer_id == user.pk:
        return complaint
    if complaint.filer_id is None and complaint.code in granted_codes(request):
        return complaint
    raise Http404


def complaint_by_code_and_contact(code: str, contact: str) -> Complaint | None:
    """An anonymous filer proves they filed it with the contact they left."""
    contact = contact.strip().lower()
    if not code.strip():
        return None
    complaint = Complaint.objects.filter(code=code.strip().upper(), filer__isnull=True).first()
    if complaint is None:
        return None
    if not contact:
        # An anonymous report left no contact: its tracking code alone opens it (it holds no identity).
        return complaint if not complaint.email and not complaint.phone and not complaint.name else None
    digits = "".join(ch for ch in contact if ch.isdigit())
    if complaint.email and complaint.email.lower() == contact:
        return complaint
    if complaint.phone and digits and "".join(ch for ch in complaint.phone if ch.isdigit()) == digits:
        return complaint
    return None


def complaint_for_staff(code: str) -> Complaint:
    complaint = (
        Complaint.objects.filter(code=code.upper())
        .select_related("filer", "application", "assigned_to", "service_type", "location")
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint
