"""Periodic jobs of the dashboards app."""

from __future__ import annotations

import datetime as dt

from apps.core.scheduler import Job


def refresh_aggregates() -> object:
    from apps.dashboards.aggregates import refresh_recent
    from apps.dashboards.metrics import refresh_cached_forecast

    result = refresh_recent()
    refresh_cached_forecast()
    return result


JOBS = [Job("dashboards.refresh_aggregates", dt.timedelta(minutes=10), refresh_aggregates)]
