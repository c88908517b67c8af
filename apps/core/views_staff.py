from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.accounts.models import ResidentProfile
from apps.core import audit
from apps.core.access import staff_required
from apps.core.models import AuditEvent
from apps.core.roles import Role

FILTERS = ("action", "actor", "nik", "object")
PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str]]:
    events = AuditEvent.objects.select_related("actor")
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["actor"]:
        events = events.filter(actor_label__iexact=filters["actor"])
    if filters["nik"]:
        events = events.filter(subject_nik="".join(ch for ch in filters["nik"] if ch.isdigit()))
    if filters["object"]:
        events = events.filter(object_id=filters["object"])
    return events, filters


def _query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, without ``page`` (the pager adds its own)."""
    query = request.GET.copy()
    query.pop("page", None)
    for key in list(query.keys()):
        if not query.get(key):
            query.pop(key)
    return query.urlencode()


@staff_required(Role.ADMINISTRATOR, Role.SECTION_HEAD)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log: by action, by actor, by the NIK whose data was touched, by object.

    With a NIK, the page opens with "who looked at this person's data": each staff member who touched records
    of that person, how often and when last, above the full list."""
    events, filters = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "count": page.paginator.count,
        "query": _query_without_page(request),
    }
    if filters["nik"]:
        nik = "".join(ch for ch in filters["nik"] if ch.isdigit())
        context["nik"] = nik
        context["viewers"] = list(
            AuditEvent.objects.filter(subject_nik=nik)
            .exclude(actor__isnull=True)
            .exclude(actor_id=_resident_user_id(nik))
            .values("actor_label")
            .annotate(times=Count("id"), last=Max("created_at"))
            .order_by("-last")
        )
        # looking up who looked is itself a look at this person's data
        audit.record("audit.subject_searched", request=request, subject_nik=nik)
    return render(request, "core/audit_log.html", context)


def _resident_user_id(nik: str) -> int | None:
    """The account of the resident with this NIK (their own actions are not "someone looking"), or None."""
    return ResidentProfile.objects.filter(nik=nik).values_list("user_id", flat=True).first()
