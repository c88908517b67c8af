"""Public queue pages: a ticket's live page, its printable form, and the call display."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import condition, require_GET

from apps.locations.models import Location
from apps.queueing import services
from apps.queueing.freshness import display_etag
from apps.queueing.models import Ticket, TicketStatus
from apps.queueing.speech import spoken_call
from apps.surveys.services import invitation_for, survey_url


def _ticket(token: str) -> Ticket:
    ticket = Ticket.objects.select_related("service", "location", "counter").filter(token=token).first()
    if ticket is None:
        raise Http404
    return ticket


def ticket_context(ticket: Ticket) -> dict[str, object]:
    ahead = services.people_ahead(ticket) if ticket.status == TicketStatus.WAITING else 0
    survey = ""
    if ticket.status == TicketStatus.DONE and ticket.application_id is None:
        # A visit that ends here (no application follows) is one service transaction for the IKM survey;
        # an application's survey is offered when its card is collected.
        invitation = invitation_for(
            ticket_code=str(ticket), location=ticket.location, service_type=ticket.service, now=ticket.finished_at
        )
        survey = "" if invitation.used else survey_url(invitation)
    return {
        "ticket": ticket,
        "ahead": ahead,
        "estimate": services.estimate_wait_minutes(ticket, ahead),
        "public_url": settings.SITE_URL + reverse("queueing:ticket", args=[ticket.token]),
        "survey_url": survey,
    }


@require_GET
@never_cache
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    item = _ticket(token)
    context = ticket_context(item)
    template = "queueing/_ticket_status.html" if request.htmx else "queueing/ticket.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@never_cache
def ticket_print(request: HttpRequest, token: str) -> HttpResponse:
    item = _ticket(token)
    context = ticket_context(item)
    qr = segno.make(str(context["public_url"]), error="m")
    width = 58 if request.GET.get("kertas") == "58" else 80
    kiosk = request.GET.get("anjungan", "")
    return render(
        request,
        "queueing/ticket_print.html",
        {
            **context,
            "qr_svg": qr.svg_inline(scale=3 if width == 58 else 4, border=1, omitsize=True),
            "width": width,
            "kiosk_url": reverse("queueing_staff:kiosk", args=[kiosk])
            if kiosk and Location.objects.filter(slug=kiosk).exists()
            else "",
        },
    )


@require_GET
def display(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug, is_active=True)
    return render(request, "queueing/display.html", {**_display_context(location)})


def _context_notices(request: HttpRequest) -> list[Any]:
    """The notices the board's template shows, from the configured context processors (``active_notices``)."""
    for processor in engines["django"].engine.template_context_processors:  # type: ignore[attr-defined]
        found = processor(request).get("active_notices")
        if found is not None:
            return list(found)
    return []


def _board_etag(request: HttpRequest, slug: str) -> str | None:
    location = Location.objects.filter(slug=slug, is_active=True).first()
    return display_etag(location, _context_notices(request)) if location is not None else None


@require_GET
# Revalidated on every poll (no-cache, never stored by shared caches): an unchanged board answers 304 with
# no body after three small queries (apps/queueing/freshness.py) instead of being drawn again.
@cache_control(private=True, no_cache=True, max_age=0)
@condition(etag_func=_board_etag)
def display_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug, is_active=True)
    return render(request, "queueing/_display_board.html", _display_context(location))


def _display_context(location: Location) -> dict[str, object]:
    state = services.display_state(location)
    last = state["last_call"]
    state["spoken"] = spoken_call(last.label, last.counter_number) if last is not None else ""
    state["now"] = timezone.localtime()
    return state
