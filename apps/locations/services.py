"""Writes to service points: closures (which move or cancel the bookings they hit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.core import audit, events
from apps.locations.events import ClosureAdded
from apps.locations.models import Closure, Location


@transaction.atomic
def add_closure(
    location: Location,
    start_date: dt.date,
    end_date: dt.date,
    reason: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Closure:
    """Close a location for a date range. After commit, bookings on those days are moved to the next free
    slot or cancelled and each resident is notified (``apps/appointments/closures.py``), then a public notice is
    raised (``apps/announcements/system.py``). Never silent."""
    if end_date < start_date:
        raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not reason.strip():
        raise ValidationError(_("Tulis alasan penutupan; warga akan membacanya."))
    closure = Closure.objects.create(
        location=location,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Moving the bookings it hits (appointments) and the public notice (announcements) follow after commit.
    events.publish(ClosureAdded(closure_id=closure.pk, actor_id=closure.created_by_id))
    audit.record("closure.created", actor=actor, obj=closure, request=request, data={"reason": reason})
    return closure
