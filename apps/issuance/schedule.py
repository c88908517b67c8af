"""Periodic jobs of the issuance app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job
from apps.issuance import estimates, services

JOBS = [
    # The print queue grows as central answers: bring the waiting files' dates in line (and catch a stock change
    # whose subscriber never ran).
    Job("issuance.refresh_estimates", dt.timedelta(minutes=30), estimates.refresh_changed_locations),
    # Blank-card allocations announced by central, pulled through central's gateway into the ledgers.
    Job("issuance.fetch_allocations", dt.timedelta(minutes=10), services.fetch_allocations),
    Job("issuance.publish_daily_stock", dt.timedelta(hours=1), services.publish_daily_stock),
    Job("issuance.remind_uncollected", dt.timedelta(hours=6), services.remind_uncollected),
]
