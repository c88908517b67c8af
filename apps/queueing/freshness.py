"""A cheap fingerprint of what the call display shows, for conditional GET (ETag / 304).

The display polls its board every second from every screen in the hall. Rendering the board costs
several queries (counters, current tickets, recent calls, waiting counts and the wait estimates per
stage); this fingerprint costs three small indexed aggregates, and when nothing changed the answer
is an empty 304 instead of the board. It covers every input of the board: today's tickets (count
and the latest issue, call, serving and finish times: a new ticket, a call, a recall, a finish or a
no-show each moves one of them), the last call event, the active counters, the notices the page's
context shows (``notices``: read by the caller from the template context processors, so the queue does
not import the announcements above it), and the clock's minute (the board shows the time, and the wait
estimates age with it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from apps.locations.models import Counter, Location
from apps.queueing.models import CallEvent, Ticket, TicketStatus


def display_etag(location: Location, notices: Iterable[Any] = ()) -> str:
    now = timezone.localtime()
    tickets = Ticket.objects.filter(location=location, date=now.date()).aggregate(
        n=Count("id"),
        waiting=Count("id", filter=Q(status=TicketStatus.WAITING)),
        issued=Max("issued_at"),
        called=Max("called_at"),
        serving=Max("serving_started_at"),
        finished=Max("finished_at"),
    )
    last_call = CallEvent.objects.filter(location=location).order_by("-id").values_list("id", flat=True).first()
    counters = Counter.objects.filter(location=location).aggregate(
        active=Count("id", filter=Q(is_active=True)), open=Count("id", filter=Q(is_open=True)), top=Max("id")
    )
    shown = [(getattr(n, "pk", None), str(getattr(n, "updated_at", "")), str(n)) for n in notices]
    parts = [location.pk, now.strftime("%Y-%m-%d %H:%M"), *tickets.values(), last_call, *counters.values(),
             shown, now.tzname()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
