"""JSON API of the walk-in queue (django-ninja): a ticket's public status, as its online page shows it (the ticket's
token, printed as a QR code on the ticket, is what gives access; nothing personal is in the answer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from apps.core.api_fields import Code
from apps.queueing import services
from apps.queueing.models import Ticket, TicketStatus

router = Router(tags=["antrean"])


class Error(Schema):
    detail: str
    code: str = ""


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class TicketOut(Schema):
    label: str
    service: str
    location: str
    status: str
    status_label: str
    stage: str
    stage_label: str
    counter: int | None = None
    people_ahead: int
    estimated_wait_minutes: int | None = None
    issued_at: dt.datetime


@router.get(
    "/tiket/{token}", response={200: TicketOut, 404: Error, 422: ValidationErrorOut}, auth=None,
    summary="Status tiket antrean",
)
def ticket_status(request: HttpRequest, token: Code) -> Any:
    ticket = Ticket.objects.select_related("service", "location", "counter").filter(token=token).first()
    if ticket is None:
        return Status(404, {"detail": _("Tiket tidak ditemukan."), "code": "not_found"})
    ahead = services.people_ahead(ticket) if ticket.status == TicketStatus.WAITING else 0
    called = ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING)
    return Status(
        200,
        {
            "label": ticket.label,
            "service": ticket.service.code,
            "location": ticket.location.slug,
            "status": ticket.status,
            "status_label": str(ticket.get_status_display()),
            "stage": ticket.stage,
            "stage_label": str(ticket.get_stage_display()),
            "counter": ticket.counter.number if called and ticket.counter is not None else None,
            "people_ahead": ahead,
            "estimated_wait_minutes": services.estimate_wait_minutes(ticket, ahead),
            "issued_at": ticket.issued_at,
        },
    )
