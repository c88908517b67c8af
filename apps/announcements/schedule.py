"""Periodic jobs of the announcements app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job


def sweep_webhooks() -> int:
    from apps.announcements.webhooks import sweep

    return sweep()


JOBS = [Job("announcements.sweep_webhooks", dt.timedelta(minutes=1), sweep_webhooks)]
