"""Who may open which complaint. Another person's complaint is *not found* (404).

An anonymous filer's browser is allowed to follow the complaints it filed (or proved with code +
contact) through a signed, HTTP-only cookie listing their codes: no server-side session row is
written for an anonymous visitor, and any app server can check it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from apps.accounts.roles import Role, has_role, roles_of
from apps.complaints.models import Complaint
from apps.complaints.workflow import Unit

# Who holds the complaints desk: customer service and the section head (and the administrator, who holds every
# role). Not the operators or the other counters: a complaint is often about them.
DESK_ROLES: tuple[str, ...] = (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD)

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


def own_units(user: Any) -> frozenset[str]:
    """The counters and desks this person works at (the unit roles they act with; the administrator's implied
    roles do not count)."""
    return roles_of(user) & frozenset(Unit.values)


def may_handle(user: Any, complaint: Complaint) -> bool:
    """On the complaints desk, and not staff of the unit the complaint is about."""
    return has_role(user, *DESK_ROLES) and not (complaint.unit and complaint.unit in own_units(user))


def desk_complaints(user: Any) -> QuerySet[Complaint]:
    """The complaints this desk member may handle: all but those about their own unit."""
    units = own_units(user)
    return Complaint.objects.exclude(unit__in=units) if units else Complaint.objects.all()


def complaint_for_staff(user: Any, code: str) -> Complaint:
    """The complaint for a desk member, or 404 (no such code) / 403 (not on the desk, or it is about their unit)."""
    complaint = (
        Complaint.objects.filter(code=code.upper())
        .select_related("filer", "application", "assigned_to", "service_type", "location")
        .first()
    )
    if complaint is None:
        raise Http404
    if not may_handle(user, complaint):
        raise PermissionDenied
    return complaint
