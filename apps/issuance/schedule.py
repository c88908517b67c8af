"""Periodic jobs of the issuance app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job
from apps.issuance import services

JOBS = [
    Job("issuance.publish_daily_stock", dt.timedelta(hours=1), services.publish_daily_stock),
    Job("issuance.stock_alerts", dt.timedelta(minutes=30), services.check_stock_alerts),
    Job("issuance.remind_uncollected", dt.timedelta(hours=6), services.remind_uncollected),
]
