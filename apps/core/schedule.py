"""Periodic jobs of the core app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job


def sweep_upload_temp() -> int:
    from apps.core.uploads import remove_stale_temporary_files

    return remove_stale_temporary_files()


JOBS = [Job("core.sweep_upload_temp", dt.timedelta(minutes=15), sweep_upload_temp)]
