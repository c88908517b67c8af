"""Staff view of the central link: health, the outbox and records that need attention."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.accounts.roles import Role
from apps.central import health
from apps.central.models import CentralRecord, CentralState, OutboxMessage
from apps.core.access import staff_required


@staff_required(Role.OPERATOR, Role.SECTION_HEAD, Role.FILE_RECEIVER)
def status(request: HttpRequest) -> HttpResponse:
    attention = (
        CentralRecord.objects.filter(state__in=[CentralState.ADJUDICATE_RECORD])
        .select_related("application")
        .order_by("-updated_at")[:50]
    )
    recent = OutboxMessage.objects.select_related("application__service_type").order_by("-id")[:20]
    return render(request, "central/status.html", {"health": health.status(), "attention": attention, "recent": recent})
