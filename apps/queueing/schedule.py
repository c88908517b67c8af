"""Periodic jobs of the queue: day rollover (close tickets left at closing, keep statistics)."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job
from apps.queueing import services

JOBS = [Job("queueing.rollover", dt.timedelta(minutes=15), services.rollover)]
