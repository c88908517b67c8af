"""Periodic jobs of the applications app."""

from __future__ import annotations

import datetime as dt

from apps.applications.estimates import refresh_open
from apps.core.scheduler import Job

JOBS = [Job("applications.refresh_estimates", dt.timedelta(hours=1), refresh_open)]
