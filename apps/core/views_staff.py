from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.accounts.roles import Role
from apps.core.access import staff_required
from apps.core.models import AuditEvent


@staff_required(Role.ADMINISTRATOR, Role.SECTION_HEAD)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log: by action, by actor, by the NIK whose data was touched, by object."""
    events = AuditEvent.objects.select_related("actor")
    filters = {
        "action": request.GET.get("action", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "nik": request.GET.get("nik", "").strip(),
        "object": request.GET.get("object", "").strip(),
    }
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["actor"]:
        events = events.filter(actor_label__iexact=filters["actor"])
    if filters["nik"]:
        events = events.filter(subject_nik=filters["nik"])
    if filters["object"]:
        events = events.filter(object_id=filters["object"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "filters": filters, "count": page.paginator.count})
