"""The blank-card ledger: receipts, allocations from central, transfers, returns."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.central import health
from apps.central.gateway import TransientError, get_gateway
from apps.central.models import LinkHealth
from apps.core import audit, events
from apps.issuance.events import StockChanged
from apps.issuance.models import (
    BlankBatch,
    BlankStock,
    StockMovement,
)
from apps.issuance.services.common import IssuanceError, StockExhausted, main_office
from apps.locations.models import Location


# --- blank-card ledger -----------------------------------------------------------------------
def _stock(location: Location) -> BlankStock:
    row, _created = BlankStock.objects.get_or_create(location=location)
    return row


def balance_of(location: Location) -> int:
    return BlankStock.objects.filter(location=location).values_list("balance", flat=True).first() or 0


def _move_balance(
    location: Location, delta: int, kind: str, *, actor: Any = None, serial: str = "", note: str = ""
) -> StockMovement:
    """Change a balance and append the ledger row (inside the caller's transaction)."""
    _stock(location)
    changed = BlankStock.objects.filter(location=location, balance__gte=-delta).update(
        balance=F("balance") + delta, updated_at=timezone.now()
    )
    if not changed:
        raise StockExhausted(_("Stok blangko di %(location)s tidak cukup.") % {"location": location.name})
    after = BlankStock.objects.filter(location=location).values_list("balance", flat=True).get()
    return StockMovement.objects.create(
        location=location,
        kind=kind,
        delta=delta,
        balance_after=after,
        serial=serial,
        note=note[:200],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def receive_batch(
    location: Location,
    *,
    quantity: int,
    serial_start: int,
    actor: Any = None,
    external_ref: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> BlankBatch:
    if quantity <= 0:
        raise IssuanceError(_("Jumlah blangko harus lebih dari nol."))
    if serial_start <= 0:
        raise IssuanceError(_("Nomor seri awal tidak valid."))
    serial_end = serial_start + quantity - 1
    overlapping = BlankBatch.objects.filter(serial_start__lte=serial_end, serial_end__gte=serial_start).exists()
    if overlapping:
        raise IssuanceError(_("Rentang nomor seri ini sudah pernah diterima."))
    batch = BlankBatch.objects.create(
        location=location,
        quantity=quantity,
        serial_start=serial_start,
        serial_end=serial_end,
        external_ref=external_ref,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _move_balance(
        location, quantity, StockMovement.Kind.RECEIVED, actor=actor, note=note or f"{serial_start}-{serial_end}"
    )
    if actor is not None:
        audit.record("blanks.received", actor=actor, obj=batch, request=request, data={"quantity": quantity})
    events.publish(StockChanged(location_ids=(location.pk,)))  # notices and estimates follow after commit
    return batch


def receive_allocation(allocation: Any) -> bool:
    """An allocation announced by central (idempotent on its id)."""
    location = Location.objects.filter(slug=allocation.location).first() if allocation.location else None
    location = location or main_office()
    if location is None or BlankBatch.objects.filter(external_ref=f"central:{allocation.id}").exists():
        return False
    try:
        receive_batch(
            location,
            quantity=allocation.quantity,
            serial_start=allocation.serial_start,
            external_ref=f"central:{allocation.id}",
            note=_("Alokasi dari pusat"),
        )
    except (IntegrityError, IssuanceError):
        return False
    return True


def fetch_allocations() -> int:
    """Receive blank-card allocations from central into the location ledgers (issuance pulls them through
    central's gateway: central does not push into issuance)."""
    cursor = LinkHealth.get().allocations_cursor
    try:
        allocations = get_gateway().fetch_allocations(cursor)
    except TransientError as exc:
        health.record_failure(str(exc))
        return 0
    received = 0
    for allocation in allocations:
        if receive_allocation(allocation):
            received += 1
        LinkHealth.objects.filter(pk=1, allocations_cursor__lt=allocation.id).update(allocations_cursor=allocation.id)
    return received


@transaction.atomic
def transfer_blanks(
    source: Location, target: Location, *, quantity: int, actor: Any, request: HttpRequest | None = None
) -> None:
    if quantity <= 0 or source == target:
        raise IssuanceError(_("Jumlah harus lebih dari nol dan lokasi tujuan berbeda."))
    _move_balance(source, -quantity, StockMovement.Kind.TRANSFERRED_OUT, actor=actor, note=target.name)
    _move_balance(target, quantity, StockMovement.Kind.TRANSFERRED_IN, actor=actor, note=source.name)
    audit.record(
        "blanks.transferred",
        actor=actor,
        request=request,
        data={"from": source.slug, "to": target.slug, "quantity": quantity},
    )
    events.publish(StockChanged(location_ids=(source.pk, target.pk)))  # notices and estimates follow


@transaction.atomic
def return_blanks(
    location: Location, *, quantity: int, actor: Any, note: str = "", request: HttpRequest | None = None
) -> None:
    if quantity <= 0:
        raise IssuanceError(_("Jumlah blangko harus lebih dari nol."))
    _move_balance(location, -quantity, StockMovement.Kind.RETURNED, actor=actor, note=note)
    audit.record(
        "blanks.returned", actor=actor, request=request, data={"location": location.slug, "quantity": quantity}
    )
    events.publish(StockChanged(location_ids=(location.pk,)))  # notices and estimates follow after commit


def _clean_serial(serial: str) -> str:
    serial = (serial or "").strip().replace(" ", "")
    if not serial.isdigit() or not 6 <= len(serial) <= 20:
        raise IssuanceError(_("Nomor seri blangko harus 6-20 angka."))
    number = int(serial)
    if not BlankBatch.objects.filter(serial_start__lte=number, serial_end__gte=number).exists():
        raise IssuanceError(_("Nomor seri ini tidak termasuk blangko yang pernah diterima."))
    return serial
