"""Notices Sipon raises and closes by itself, as subscribers of the events the lower apps publish
(``apps/announcements/subscriptions.py``): a central outage, blanks running low or out, a service point closed.
The texts live here, in the layer that owns notices; the apps that detect the condition only publish it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.announcements.services import raise_system_notice, resolve_system_notice
from apps.appointments.events import ClosureHandled
from apps.central.events import OutageDeclared, OutageEnded
from apps.central.health import NOTICE_KEY
from apps.issuance.models import BlankStock
from apps.issuance.services import balance_of, cached_forecast
from apps.locations.models import Closure, Location


# --- central outage ---------------------------------------------------------------------------
def central_outage_declared(event: OutageDeclared) -> None:
    raise_system_notice(
        NOTICE_KEY,
        kind="central_down",
        severity="warning",
        title=_("Gangguan jaringan ke pusat"),
        summary=_(
            "Jaringan ke sistem pusat (Ditjen Dukcapil) sedang terganggu. Pelayanan tetap buka; data Anda disimpan "
            "dan dikirim otomatis begitu jaringan pulih. Perkiraan tanggal selesai kami sesuaikan."
        ),
    )


def central_outage_ended(event: OutageEnded) -> None:
    resolve_system_notice(NOTICE_KEY)


# --- blank stock ------------------------------------------------------------------------------
def stock_changed(event: Any) -> None:
    check_stock_alerts()


LOW_KEY = "blanks_low"


def check_stock_alerts() -> dict[str, Any]:
    """Raise or close the 'blanks low' and 'blanks exhausted' notices. Runs after every stock movement (in
    the printing request), so the demand side comes from the cached forecast (a full scan of residents turning
    17 costs about half a second at Klaten scale); the stock on hand is read now."""
    numbers = cached_forecast()
    days = numbers["days_covered"]
    if days is not None and days < settings.ISSUANCE_STOCK_ALERT_DAYS and numbers["stock"] > 0:
        raise_system_notice(
            LOW_KEY,
            kind="blank_stock",
            severity="warning",
            title=_("Stok blangko KTP-el menipis"),
            summary=_("Stok blangko tinggal %(stock)s, cukup untuk sekitar %(days)s hari.")
            % {"stock": numbers["stock"], "days": days},
        )
    else:
        resolve_system_notice(LOW_KEY)
    for location in Location.objects.filter(is_active=True):
        key = f"blanks_exhausted:{location.slug}"
        has_stock_row = BlankStock.objects.filter(location=location).exists()
        if has_stock_row and balance_of(location) == 0:
            raise_system_notice(
                key,
                kind="blank_stock",
                severity="critical",
                title=_("Blangko KTP-el habis di %(location)s") % {"location": location.name},
                summary=_(
                    "Kartu yang sudah siap cetak akan dicetak begitu blangko datang. Bila perlu, "
                    "Anda dapat meminta Surat Keterangan (Suket) pengganti KTP-el."
                ),
                locations=[location],
            )
        else:
            resolve_system_notice(key)
    return numbers




# --- closures ---------------------------------------------------------------------------------
def closure_handled(event: ClosureHandled) -> None:
    """The public notice of a closure, with what happened to the bookings it hit."""
    closure = Closure.objects.select_related("location").get(pk=event.closure_id)
    location, start_date, end_date = closure.location, closure.start_date, closure.end_date
    if start_date == end_date:
        when = date_format(start_date, "l, j F Y")
    else:
        when = _("%(start)s sampai %(end)s") % {
            "start": date_format(start_date, "j F Y"),
            "end": date_format(end_date, "j F Y"),
        }
    outcome = {"moved": event.moved, "cancelled": event.cancelled}
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
