"""Writes of the issuance app: biometric recording, the blank-card ledger, printing, Suket and pickup.

The balance of a location changes only through :func:`_move_balance`: one conditional
``UPDATE ... SET balance = balance + delta WHERE balance + delta >= 0`` whose row count says
whether it happened, in the same transaction as the ledger row. A serial is used at most once
(unique constraint on :class:`CardPrint.serial`). Both hold with several operators at once,
on SQLite and PostgreSQL.

The package is split by stage; every name is importable from here as before:

- :mod:`apps.issuance.services.common`: Errors and the helpers every issuance step shares.
- :mod:`apps.issuance.services.biometrics`: Biometric recording, then the record to central.
- :mod:`apps.issuance.services.ledger`: The blank-card ledger: receipts, allocations from central, transfers, returns.
- :mod:`apps.issuance.services.printing`: The print queue and printing a card.
- :mod:`apps.issuance.services.suket`: Suket: the temporary certificate when no card can be printed.
- :mod:`apps.issuance.services.pickup`: Handing the card over, and reminders for uncollected cards.
- :mod:`apps.issuance.services.stock`:
  Stock publication, the demand forecast and the stock alert for the staff banner.
"""

from __future__ import annotations

from apps.issuance.services.biometrics import record_biometrics
from apps.issuance.services.common import (
    IssuanceError,
    SerialAlreadyUsed,
    StockExhausted,
    SuketRefused,
    location_for,
    main_office,
)
from apps.issuance.services.ledger import (
    _clean_serial,
    _move_balance,
    _stock,
    balance_of,
    fetch_allocations,
    receive_allocation,
    receive_batch,
    return_blanks,
    transfer_blanks,
)
from apps.issuance.services.pickup import REMINDER_AFTER_DAYS, find_for_pickup, hand_over, remind_uncollected
from apps.issuance.services.printing import hours_text, mark_ready_for_pickup, print_card, print_queue
from apps.issuance.services.stock import (
    FORECAST_CACHE_KEY,
    FORECAST_CACHE_SECONDS,
    _with_stock,
    cached_forecast,
    forecast,
    publish_daily_stock,
    refresh_cached_forecast,
    stock_alert,
)
from apps.issuance.services.suket import (
    _add_months,
    _suket_number,
    initials,
    issue_suket,
    renew_suket,
    suket_pdf,
    suket_status,
)

__all__ = [
    "FORECAST_CACHE_KEY",
    "FORECAST_CACHE_SECONDS",
    "REMINDER_AFTER_DAYS",
    "IssuanceError",
    "SerialAlreadyUsed",
    "StockExhausted",
    "SuketRefused",
    "_add_months",
    "_clean_serial",
    "_move_balance",
    "_stock",
    "_suket_number",
    "_with_stock",
    "balance_of",
    "cached_forecast",
    "fetch_allocations",
    "find_for_pickup",
    "forecast",
    "hand_over",
    "hours_text",
    "initials",
    "issue_suket",
    "location_for",
    "main_office",
    "mark_ready_for_pickup",
    "print_card",
    "print_queue",
    "publish_daily_stock",
    "receive_allocation",
    "receive_batch",
    "record_biometrics",
    "refresh_cached_forecast",
    "remind_uncollected",
    "renew_suket",
    "return_blanks",
    "stock_alert",
    "suket_pdf",
    "suket_status",
    "transfer_blanks",
]
