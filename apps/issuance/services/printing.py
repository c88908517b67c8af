"""The print queue and printing a card."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import Application
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.core import audit, events
from apps.issuance.events import StockChanged
from apps.issuance.models import (
    CardPrint,
    PickupReady,
    StockMovement,
    Suket,
)
from apps.issuance.services.common import IssuanceError, SerialAlreadyUsed
from apps.issuance.services.ledger import _clean_serial, _move_balance
from apps.locations.models import Location


# --- printing -------------------------------------------------------------------------------
def print_queue(location: Location | None = None) -> Any:
    """Print-ready records in order: priority groups first, then by ticket order (the earliest queue
    ticket of the file, walk-in or booked), then by submission for files without a ticket."""
    from django.db.models import Case, IntegerField, Min, Q, Value, When
    from django.db.models.functions import Coalesce

    queryset = Application.objects.filter(status=Status.PRINT_READY).select_related("service_type", "location")
    if location is not None:
        queryset = queryset.filter(Q(location=location) | Q(location__isnull=True))
    return queryset.annotate(
        priority_rank=Case(When(priority_group="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        arrived_at=Coalesce(Min("tickets__queued_at"), "submitted_at"),
    ).order_by("priority_rank", "arrived_at", "id")


@transaction.atomic
def print_card(
    application: Application,
    *,
    serial: str,
    operator: Any,
    location: Location,
    spoiled: bool = False,
    spoil_reason: str = "",
    request: HttpRequest | None = None,
) -> CardPrint:
    """Put one blank through the printer for a print-ready record: the balance goes down by one,
    the serial is used up, and (if printed) the application becomes PRINTED and any Suket is superseded."""
    serial = _clean_serial(serial)
    locked = lock(application.pk)
    if locked.status != Status.PRINT_READY:
        raise IssuanceError(_("Hanya rekaman berstatus siap cetak yang dapat dicetak."))
    if spoiled and not spoil_reason.strip():
        raise IssuanceError(_("Tulis alasan blangko rusak."))
    try:
        with transaction.atomic():
            card = CardPrint.objects.create(
                application=locked,
                location=location,
                serial=serial,
                operator=operator,
                result=CardPrint.Result.SPOILED if spoiled else CardPrint.Result.PRINTED,
                spoil_reason=spoil_reason.strip(),
            )
    except IntegrityError as exc:
        raise SerialAlreadyUsed(_("Nomor seri %(serial)s sudah pernah dipakai.") % {"serial": serial}) from exc
    _move_balance(
        location,
        -1,
        StockMovement.Kind.SPOILED if spoiled else StockMovement.Kind.USED,
        actor=operator,
        serial=serial,
        note=spoil_reason.strip() or locked.number,
    )
    audit.record(
        "card.spoiled" if spoiled else "card.printed",
        actor=operator,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"serial": serial},
    )
    if not spoiled:
        transition(locked, Status.PRINTED, actor=operator, request=request, data={"serial": serial})
        now = timezone.now()
        Suket.objects.filter(application=locked, state=Suket.State.VALID).update(
            state=Suket.State.SUPERSEDED, superseded_reason="printed", superseded_at=now
        )
        application.status = locked.status
    events.publish(StockChanged(location_ids=(location.pk,)))  # notices and estimates follow after commit
    return card


def hours_text(location: Location) -> str:
    names = [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")]
    parts = [
        f"{names[int(day)]} {hours[0]}-{hours[1]}" for day, hours in sorted(location.opening_hours.items()) if hours
    ]
    return ", ".join(parts)


@transaction.atomic
def mark_ready_for_pickup(
    application: Application, *, actor: Any, location: Location, request: HttpRequest | None = None
) -> PickupReady:
    """The printed card is at a desk: tell the resident where and when to collect it."""
    locked = lock(application.pk)
    if locked.status != Status.PRINTED:
        raise IssuanceError(_("Hanya kartu yang sudah dicetak yang dapat disiapkan untuk diambil."))
    note = _("Ambil di %(place)s, %(address)s. Jam layanan: %(hours)s.") % {
        "place": location.name,
        "address": location.address,
        "hours": hours_text(location),
    }
    transition(
        locked, Status.READY_FOR_PICKUP, actor=actor, request=request, note=note, data={"location": location.slug}
    )
    ready, _created = PickupReady.objects.update_or_create(application=locked, defaults={"location": location})
    application.status = locked.status
    return ready
