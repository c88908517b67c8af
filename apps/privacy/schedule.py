import datetime as dt

from apps.core.scheduler import Job
from apps.privacy.retention import run_retention

JOBS = [Job("privacy.retention", dt.timedelta(hours=6), run_retention)]
