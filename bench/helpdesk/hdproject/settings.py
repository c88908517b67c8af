"""Minimal settings to run django-helpdesk's public ticket form for a benchmark.

Production-like where it matters for a fair comparison with Sipon: DEBUG off, the same
database server (PostgreSQL via DATABASE_URL-like env vars, or SQLite in WAL mode), sessions
in the database, CSRF on, e-mail to a dummy backend (Sipon's notifications are also only
queued, not sent, inside the request).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("HD_SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hdproject.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "hdproject.wsgi.application"

if os.environ.get("HD_PG_NAME"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["HD_PG_NAME"],
            "USER": os.environ.get("HD_PG_USER", "postgres"),
            "HOST": os.environ.get("HD_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("HD_PG_PORT", "5432"),
            "CONN_MAX_AGE": 60,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("HD_SQLITE", str(BASE_DIR / "helpdesk.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("HD_STATIC_ROOT", str(BASE_DIR / "static"))
MEDIA_ROOT = os.environ.get("HD_MEDIA_ROOT", str(BASE_DIR / "media"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGIN_URL = "/login/"

HELPDESK_PUBLIC_TICKET_QUEUE = "pengaduan"
HELPDESK_PUBLIC_TICKET_PRIORITY = 3
HELPDESK_PUBLIC_TICKET_DUE_DATE = None
HELPDESK_REDIRECT_TO_LOGIN_BY_DEFAULT = False
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_ANON_ACCESS_RAISES_404 = False
HELPDESK_TEAMS_MODE_ENABLED = False  # pinax-teams is an optional extra; teams play no part in public ticket creation
