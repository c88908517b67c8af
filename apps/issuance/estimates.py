"""What the print queue and the blank stock add to a file's estimated date (a delay source of
:mod:`apps.applications.estimates`, registered in ``IssuanceConfig.ready``), and moving the dates of the files
waiting at a location when those inputs change (a subscriber of :class:`~apps.issuance.events.StockChanged`,
and a periodic job that catches any change the subscriber missed).

For a card still to be printed at a location:

* the print queue: the files print-ready there, at ``ISSUANCE_PRINTS_PER_DAY`` a working day, add
  ``ceil(queue / per_day) - 1`` working days (nothing while one day clears it);
* the blanks: when the blanks on hand there do not cover the queue ahead of the file (and the file itself),
  the file waits ``ISSUANCE_RESTOCK_WORKING_DAYS`` for new blanks. A location that keeps no blank ledger adds
  nothing.

Online and walk-in files alike: both are the same :class:`~apps.applications.models.Application`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.applications import estimates
from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status
from apps.issuance.events import StockChanged
from apps.issuance.models import BlankStock
from apps.issuance.services import main_office
from apps.locations.models import Location

# Files whose card is still to be printed.
WAITING_FOR_A_CARD: frozenset[str] = frozenset(
    {
        Status.SUBMITTED,
        Status.IN_VERIFICATION,
        Status.NEEDS_CORRECTION,
        Status.VERIFIED,
        Status.AWAITING_BIOMETRICS,
        Status.SENT_TO_CENTRAL,
        Status.PRINT_READY,
    }
)
INPUTS_CACHE_SECONDS = 60
APPLIED_KEY = "issuance:estimates-applied:{}"


@dataclass(frozen=True)
class PrintInputs:
    """The print queue and the blanks on hand at one location (``blanks`` None: no ledger kept there)."""

    queue: int
    blanks: int | None

    def backlog_days(self) -> int:
        per_day = max(1, settings.ISSUANCE_PRINTS_PER_DAY)
        return max(0, math.ceil(self.queue / per_day) - 1)

    def short_of_blanks(self, *, print_ready: bool) -> bool:
        """True if the blanks on hand run out before this file's turn."""
        if self.blanks is None:
            return False
        needed = self.queue if print_ready else self.queue + 1
        return self.blanks < needed

    def delay(self, *, print_ready: bool) -> int:
        restock = settings.ISSUANCE_RESTOCK_WORKING_DAYS if self.short_of_blanks(print_ready=print_ready) else 0
        return self.backlog_days() + restock

    def signature(self) -> tuple[int, int]:
        """What the estimates depend on: two locations' inputs with the same signature give the same dates."""
        return self.delay(print_ready=False), self.delay(print_ready=True)


def _key(location_id: int | None) -> str:
    return f"issuance:print-inputs:{location_id or 'main'}"


def _location_id(location_id: int | None) -> int | None:
    if location_id is not None:
        return location_id
    office = main_office()
    return office.pk if office is not None else None


def _compute(location_id: int | None) -> PrintInputs:
    main = _location_id(None)
    where = location_id if location_id is not None else main
    if where is None:
        return PrintInputs(queue=0, blanks=None)
    # A file without a location is printed at the main office (it counts in that queue only).
    here = Q(location_id=where) | Q(location__isnull=True) if where == main else Q(location_id=where)
    queue = Application.objects.filter(here, status=Status.PRINT_READY).count()
    blanks = BlankStock.objects.filter(location_id=where).values_list("balance", flat=True).first()
    return PrintInputs(queue=queue, blanks=blanks)


def inputs_for(location_id: int | None) -> PrintInputs:
    """The print inputs of a location (the main office for a file without one), cached for a minute: every
    status change asks. A stock movement forgets them (:func:`stock_changed`). Read once per run over many
    files (``estimates.one_reading``)."""
    return estimates.remembered(_key(location_id), lambda: _cached_inputs(location_id))


def _cached_inputs(location_id: int | None) -> PrintInputs:
    cached = cache.get(_key(location_id))
    if cached is None:
        cached = _compute(location_id)
        cache.set(_key(location_id), cached, INPUTS_CACHE_SECONDS)
    return cached  # type: ignore[no-any-return]  # the cache holds what was set above


def delay_for(application: Application) -> int:
    """Delay source for the core's estimate: working days the print queue and the blanks add to this file."""
    if application.status not in WAITING_FOR_A_CARD:
        return 0
    if application.service_type.category != ServiceType.Category.KTP:
        return 0
    inputs = inputs_for(application.location_id)
    return inputs.delay(print_ready=application.status == Status.PRINT_READY)


def _waiting_at(location_id: int) -> Any:
    files = Application.objects.filter(
        status__in=WAITING_FOR_A_CARD, service_type__category=ServiceType.Category.KTP
    )
    if location_id == _location_id(None):
        return files.filter(Q(location_id=location_id) | Q(location__isnull=True))
    return files.filter(location_id=location_id)


def refresh_changed_locations(location_ids: tuple[int, ...] = ()) -> dict[str, int]:
    """For each location whose print inputs changed since its files' dates were last brought in line, move
    the dates of the files waiting there and tell each applicant whose date moved later than they were told
    (once: :func:`apps.applications.estimates.refresh_and_tell` remembers what was told). Idempotent. Only
    ``location_ids`` when given (a stock movement names where it happened), else every active location."""
    totals = {"locations": 0, "moved": 0, "told": 0}
    locations = Location.objects.filter(is_active=True).order_by("pk")
    if location_ids:
        locations = locations.filter(pk__in=location_ids)
    for location in locations:
        cache.delete(_key(location.pk))
        if location.pk == _location_id(None):
            cache.delete(_key(None))
        inputs = inputs_for(location.pk)
        applied_key = APPLIED_KEY.format(location.pk)
        if cache.get(applied_key) == inputs.signature():
            continue
        if inputs.short_of_blanks(print_ready=False):
            reason = _("Blangko KTP-el di %(location)s sedang habis; kartu dicetak begitu blangko datang.") % {
                "location": location.name
            }
        else:
            reason = _("Antrean cetak KTP-el di %(location)s sedang panjang.") % {"location": location.name}
        result = estimates.refresh_and_tell(_waiting_at(location.pk), reason=reason)
        cache.set(applied_key, inputs.signature(), None)
        totals["locations"] += 1
        totals["moved"] += result["moved"]
        totals["told"] += result["told"]
    return totals


def stock_changed(event: StockChanged) -> None:
    """Subscriber: blanks moved somewhere, so the dates of the files waiting there may move."""
    refresh_changed_locations(event.location_ids)
