"""Who may open which complaint. Another person's complaint is *not found* (404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from apps.complaints.models import Complaint

SESSION_KEY = "complaint_codes"


def grant(request: HttpRequest, code: str) -> None:
    """Let this browser session follow a complaint (after filing it or proving code + contact)."""
    codes = list(request.session.get(SESSION_KEY, []))
    if code not in codes:
        codes = (codes + [code])[-20:]
    request.session[SESSION_KEY] = codes


def complaint_for_resident(request: HttpRequest, code: str) -> Complaint:
    complaint = Complaint.objects.filter(code=code.upper()).select_related("filer").first()
    if complaint is None:
        raise Http404
    user: Any = request.user
    if complaint.filer_id is not None and user.is_authenticated and complaint.filer_id == user.pk:
        return complaint
    if complaint.filer_id is None and complaint.code in request.session.get(SESSION_KEY, []):
        return complaint
    raise Http404


def complaint_by_code_and_contact(code: str, contact: str) -> Complaint | None:
    """An anonymous filer proves they filed it with the contact they left."""
    contact = contact.strip().lower()
    if not code.strip() or not contact:
        return None
    complaint = Complaint.objects.filter(code=code.strip().upper(), filer__isnull=True).first()
    if complaint is None:
        return None
    digits = "".join(ch for ch in contact if ch.isdigit())
    if complaint.email and complaint.email.lower() == contact:
        return complaint
    if complaint.phone and digits and "".join(ch for ch in complaint.phone if ch.isdigit()) == digits:
        return complaint
    return None


def complaint_for_staff(code: str) -> Complaint:
    complaint = Complaint.objects.filter(code=code.upper()).select_related(
        "filer", "application", "assigned_to", "service_type", "location").first()
    if complaint is None:
        raise Http404
    return complaint
