"""Periodic jobs of the complaints app."""

from __future__ import annotations

import datetime as dt

from apps.complaints import services
from apps.core.scheduler import Job

JOBS = [
    Job("complaints.escalate_overdue", dt.timedelta(minutes=30), services.escalate_overdue),
    Job("complaints.close_settled", dt.timedelta(hours=6), services.close_settled),
]
