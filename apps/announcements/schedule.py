"""Periodic jobs of the announcements app."""

from __future__ import annotations

import datetime as dt

from apps.announcements import system
from apps.core.scheduler import Job


def sweep_webhooks() -> int:
    from apps.announcements.webhooks import sweep

    return sweep()


JOBS = [
    Job("announcements.sweep_webhooks", dt.timedelta(minutes=1), sweep_webhooks),
    Job("announcements.stock_alerts", dt.timedelta(minutes=30), system.check_stock_alerts),
]
