"""Periodic jobs of the central app: the outbox sweep, polling status updates,
the outage check (which also runs when nothing is being sent), and republishing registered
civil-registry updates whose files a lost event left waiting."""

from __future__ import annotations

import datetime as dt

from apps.central import civil, health, outbox, services
from apps.core.scheduler import Job


def sweep_outbox() -> int:
    return outbox.drain(batch=50, max_seconds=60).sent


def poll() -> int:
    return services.poll_updates()


def check_link() -> bool:
    return health.check_outage()


def republish_registered() -> int:
    return civil.republish_registered()


JOBS = [
    Job("central.sweep_outbox", dt.timedelta(seconds=15), sweep_outbox),
    Job("central.poll_updates", dt.timedelta(seconds=30), poll),
    Job("central.check_link", dt.timedelta(minutes=1), check_link),
    Job("central.republish_registered", dt.timedelta(minutes=1), republish_registered),
]
