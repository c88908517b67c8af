"""Periodic jobs of appointments: reminders the day before, no-shows, slots ahead."""

from __future__ import annotations

import datetime as dt

from apps.appointments import closures, services
from apps.core.scheduler import Job

JOBS = [
    Job("appointments.send_reminders", dt.timedelta(hours=1), services.send_reminders),
    Job("appointments.release_no_shows", dt.timedelta(minutes=10), services.release_no_shows),
    Job("appointments.ensure_slots_ahead", dt.timedelta(hours=6), services.ensure_slots_ahead),
    Job("appointments.sweep_closures", dt.timedelta(minutes=15), closures.sweep),
]
