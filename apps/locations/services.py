"""Writes to service points: closures (which move or cancel the bookings they hit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import audit
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
    """Close a location for a date range. Bookings on those days are moved to the next free slot
    or cancelled, each resident is notified, and a public notice is raised. Never silent."""
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
    from apps.appointments.services import handle_closure

    outcome = handle_closure(closure, actor=actor)
    from apps.announcements.services import raise_system_notice

    if start_date == end_date:
        when = date_format(start_date, "l, j F Y")
    else:
        when = _("%(start)s sampai %(end)s") % {
            "start": date_format(start_date, "j F Y"),
            "end": date_format(end_date, "j F Y"),
        }
    raise_system_notice(
        f"closure-{closure.pk}",
        kind="closure",
        severity="warning",
        title=_("%(location)s tutup %(when)s") % {"location": location.name, "when": when},
        summary=_("Layanan di %(location)s tutup %(when)s: %(reason)s.")
        % {"location": location.name, "when": when, "reason": closure.reason},
        body=_(
            "Reservasi pada tanggal tersebut dipindah ke sesi berikutnya (%(moved)d) atau dibatalkan (%(cancelled)d); "
            "pemiliknya sudah diberi tahu."
        )
        % outcome,
        locations=[location],
    )
    audit.record("closure.created", actor=actor, obj=closure, request=request, data={**outcome, "reason": reason})
    return closure
