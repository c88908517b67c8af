"""Periodic jobs of the applications app."""

from __future__ import annotations

import datetime as dt

from apps.applications.estimates import refresh_open
from apps.applications.reconcile import republish_stuck
from apps.core.scheduler import Job

JOBS = [
    Job("applications.refresh_estimates", dt.timedelta(hours=1), refresh_open),
    Job("applications.republish_stuck", dt.timedelta(minutes=5), republish_stuck),
]
