import datetime as dt

from apps.core.scheduler import Job
from apps.ops.tasks_recovery import requeue_stale_tasks

JOBS = [Job("ops.requeue_stale_tasks", dt.timedelta(minutes=1), requeue_stale_tasks)]
