"""gunicorn settings for a Sipon app server (used by deploy/systemd/sipon-web.service).

Access and error logs are JSON on stderr (journald), and pass through Sipon's personal-data
filter: a NIK, e-mail or phone number in a URL never reaches a log line.
"""

import multiprocessing
import os

bind = os.environ.get("SIPON_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "10.10.0.10")  # the nginx server(s)
accesslog = "-"
errorlog = "-"
# Only the path (never the query string) in the access log; the filter masks the rest.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "apps.ops.logging.PersonalDataFilter"}},
    "formatters": {"json": {"()": "apps.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["personal_data"],
                    "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
