"""Periodic jobs of the issuance app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job
from apps.issuance import services

JOBS = [
    # Blank-card allocations announced by central, pulled through central's gateway into the ledgers.
    Job("issuance.fetch_allocations", dt.timedelta(minutes=10), services.fetch_allocations),
    Job("issuance.publish_daily_stock", dt.timedelta(hours=1), services.publish_daily_stock),
    Job("issuance.remind_uncollected", dt.timedelta(hours=6), services.remind_uncollected),
]
