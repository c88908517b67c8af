"""Sipon settings: one module, everything that varies read from the environment.

See ``sipon/env.py`` for the typed helpers and ``docs/deploy.md`` for the
variables a production installation sets.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from sipon.env import ImproperEnvironment, env_bool, env_choice, env_int, env_list, env_str

# Model admins, model forms and feeds are written with their type parameters (ModelAdmin[Notice]);
# this makes those classes subscriptable at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# The test suite (pytest loads these settings before any conftest runs) gets its own data directory.
TESTING = env_bool("SIPON_TESTING", "pytest" in sys.modules)
VAR_DIR = Path(env_str("SIPON_VAR_DIR", str(BASE_DIR / "var" / "test" if TESTING else BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# A local demo or test run: plain HTTP on localhost, a generated secret key.
LOCAL = env_bool("SIPON_LOCAL", TESTING)


def _secret_key() -> str:
    value = env_str("SECRET_KEY", "")
    if value:
        return value
    # mypy's Django plugin imports these settings to read the model layer; it needs no real key.
    if not DEBUG and not LOCAL and "mypy" not in sys.modules:
        raise ImproperEnvironment(
            "SECRET_KEY is required when DEBUG is off (set SIPON_LOCAL=1 for a local demo)."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    # /api/docs serves django-ninja's local Swagger files (no CDN, no inline script) only when
    # "ninja" is an installed app; without it ninja falls back to a CDN page with an inline script.
    "ninja",
    # Sipon, one app per domain
    "apps.core",
    "apps.regions",
    "apps.locations",
    "apps.accounts",
    "apps.notifications",
    "apps.applications",
    "apps.documents",
    "apps.families",
    "apps.appointments",
    "apps.queueing",
    "apps.central",
    "apps.issuance",
    "apps.digitaldocs",
    "apps.complaints",
    "apps.surveys",
    "apps.announcements",
    "apps.outreach",
    "apps.dashboards",
    "apps.privacy",
    "apps.ops",
    "apps.publicinfo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, precompressed; answers before anything below
    # Pages compressed (HTML shrinks ~4x on a slow mobile link). BREACH: docs/decisions/0007-compressed-html.md.
    "apps.core.middleware.HtmlGZipMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "apps.appointments.middleware.FullSlotMiddleware",  # the rush's "full" answer, before session and user
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.SessionOTPMiddleware",  # django-otp's, with roles and device remembered by the session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.StaffSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sipon.urls"
WSGI_APPLICATION = "sipon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.sipon",
                "apps.announcements.context_processors.active_notices",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sipon.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
        # timeout instead of failing with "database is locked" half way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file database (concurrency tests and the live server need one); xdist adds a suffix per worker.
    _db["TEST"] = {"NAME": env_str("SIPON_SQLITE_TEST_NAME", str(VAR_DIR / "test.sqlite3"))}
else:
    _db.setdefault("OPTIONS", {})
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = _db["ENGINE"].endswith("postgresql")

# --- Cache --------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "sipon"),
        }
    }
else:
    # A database cache is shared by every process on one machine (the gunicorn
    # workers and the task worker), which rate limits need; LocMem would not be.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sipon_cache",
        }
    }

# --- Background tasks ---------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "central", "notifications"],
    }
}

# --- Auth ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.IdentifierBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "core:home"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Count failures per account, not per spelling: the same identity the sign-in backend resolves (any letter case,
# any phone spelling).
AXES_USERNAME_CALLABLE = "apps.accounts.backends.lockout_username"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
OTP_TOTP_ISSUER = "Sipon Disdukcapil"
# Staff must pass a second factor; tests and demos may turn this off explicitly.
SIPON_REQUIRE_STAFF_OTP = env_bool("SIPON_REQUIRE_STAFF_OTP", True)

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # private: files are served only through access-checked views
FILE_STORAGE = env_choice("FILE_STORAGE", "local", ("local", "s3"))
if FILE_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "file_permissions_mode": 0o640},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are streamed to a temporary file, never held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "tmp")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Large uploads wait in an unnamed temporary file: a killed worker leaves no photo (with its EXIF) behind.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "apps.core.uploads.AnonymousTemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sipon Disdukcapil Klaten <noreply@sipon.invalid>")

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", not DEBUG and not LOCAL)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind the reverse proxy (nginx sets X-Forwarded-Proto and X-Real-IP; see deploy/nginx/): the client's
# address for the audit log, rate limits and login lockout comes from X-Real-IP, never from a client header
# when no proxy is in front.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# --- Sipon ---------------------------------------------------------------------
SIPON_REGENCY_CODE = env_str("SIPON_REGENCY_CODE", "33.10")
SIPON_OFFICE_NAME = env_str("SIPON_OFFICE_NAME", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klaten")
CENTRAL_URL = env_str("CENTRAL_URL", "http://127.0.0.1:8765")
CENTRAL_TOKEN = env_str("CENTRAL_TOKEN", "sipon-demo-token")
NOTIFICATION_GATEWAY = env_choice("NOTIFICATION_GATEWAY", "log", ("log", "webhook"))
NOTIFICATION_WEBHOOK_URL = env_str("NOTIFICATION_WEBHOOK_URL", "")
NOTIFICATION_WEBHOOK_SECRET = env_str("NOTIFICATION_WEBHOOK_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "apps.core.logging.JsonFormatter"}},
    # Personal data never reaches the logs: NIK, e-mail and phone numbers are masked on every handler.
    "filters": {"personal_data": {"()": "apps.ops.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["personal_data"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Appointments and queueing (issue 4) ----------------------------------------
# Booking requests allowed per minute per account and per client address (cache-based; 429 beyond).
APPOINTMENTS_RATE_PER_ACCOUNT = env_int("APPOINTMENTS_RATE_PER_ACCOUNT", 20)
APPOINTMENTS_RATE_PER_IP = env_int("APPOINTMENTS_RATE_PER_IP", 120)
# Complaints one address (anonymous or not) and one signed-in account may file per hour; 0 = no limit.
COMPLAINTS_RATE_PER_IP = env_int("COMPLAINTS_RATE_PER_IP", 20)
COMPLAINTS_RATE_PER_ACCOUNT = env_int("COMPLAINTS_RATE_PER_ACCOUNT", 10)
# Lookups of a complaint by code and contact (tracking form, API) per address per 15 minutes; 0: no limit.
COMPLAINTS_LOOKUP_RATE_PER_IP = env_int("COMPLAINTS_LOOKUP_RATE_PER_IP", 20)
# Order in which counters call tickets: classes "priority" (UU 25/2009 Pasal 29), "booked" (on time), "walk_in".
QUEUE_CALL_POLICY = env_list("QUEUE_CALL_POLICY", ["priority", "booked", "walk_in"])
# Send "almost your turn" when this many people are ahead of a ticket with a phone number.
QUEUE_ALMOST_TURN_AHEAD = env_int("QUEUE_ALMOST_TURN_AHEAD", 3)
# Messages are sent by a drain task that each app process queues at most once per this delay (see
# apps.notifications.services): longer means fewer task rows under load, shorter means faster delivery.
NOTIFICATIONS_DRAIN_DELAY_SECONDS = env_int("NOTIFICATIONS_DRAIN_DELAY_MS", 1000) / 1000

# --- Ops and privacy (apps.ops, apps.privacy) --------------------------------------
# /ops/metrics (Prometheus text format): a scraper needs the bearer token or an allowed address.
OPS_METRICS_TOKEN = env_str("OPS_METRICS_TOKEN", "")
OPS_METRICS_ALLOWED_IPS = env_list("OPS_METRICS_ALLOWED_IPS", [])
SECURE_REDIRECT_EXEMPT = [*SECURE_REDIRECT_EXEMPT, r"^ops/metrics$"]
# Background tasks still RUNNING this long after they started belong to a dead worker: requeue them.
OPS_TASK_STALE_AFTER_SECONDS = env_int("OPS_TASK_STALE_AFTER_SECONDS", 900)

# --- central + issuance (issue 5) ------------------------------------------------
CENTRAL_TIMEOUT_SECONDS = float(env_str("CENTRAL_TIMEOUT_SECONDS", "10"))
CENTRAL_OUTAGE_AFTER_SECONDS = env_int("CENTRAL_OUTAGE_AFTER_SECONDS", 600)
CENTRAL_LEASE_SECONDS = env_int("CENTRAL_LEASE_SECONDS", 30)
CENTRAL_RETRY_BASE_SECONDS = float(env_str("CENTRAL_RETRY_BASE_SECONDS", "5"))
CENTRAL_RETRY_MAX_SECONDS = float(env_str("CENTRAL_RETRY_MAX_SECONDS", "600"))
CENTRAL_SEND_CONCURRENCY = env_int("CENTRAL_SEND_CONCURRENCY", 4)  # HTTP calls in flight per worker
# Queue a send task after each commit (tests send explicitly, so nothing reaches a running simulator by accident).
CENTRAL_SEND_ON_COMMIT = env_bool("CENTRAL_SEND_ON_COMMIT", not TESTING)
# Events after commit (apps.core.events): a failing handler is logged and the others still run; in the test
# suite it raises, so a broken subscriber fails its test instead of hiding in a log.
SIPON_EVENTS_ROBUST = env_bool("SIPON_EVENTS_ROBUST", not TESTING)
# A file left in a state a subscriber should have moved it out of (a crash between commit and handler) is
# republished by the reconciliation job after this long.
SIPON_EVENTS_STUCK_AFTER_SECONDS = env_int("SIPON_EVENTS_STUCK_AFTER_SECONDS", 300)
ISSUANCE_STOCK_ALERT_DAYS = env_int("ISSUANCE_STOCK_ALERT_DAYS", 14)
ISSUANCE_SUKET_VALID_MONTHS = env_int("ISSUANCE_SUKET_VALID_MONTHS", 6)
# Estimates (apps/issuance/estimates.py): cards one location prints per working day, and the working days a
# file waits for new blanks when the blanks on hand do not cover the print queue.
ISSUANCE_PRINTS_PER_DAY = env_int("ISSUANCE_PRINTS_PER_DAY", 150)
ISSUANCE_RESTOCK_WORKING_DAYS = env_int("ISSUANCE_RESTOCK_WORKING_DAYS", 10)

# --- accounts (issue 2) -----------------------------------------------------------
# Tests hash passwords with a fast hasher: the real PBKDF2 (~0.4 s per hash) made every sign-in and factory
# slow. Never set outside the test suite (SIPON_TESTING).
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- complaints (issue 6) -----------------------------------------------------------
# Calendar days after an answer during which the resident may reopen a complaint; answered complaints are
# closed automatically once it has passed.
COMPLAINTS_REOPEN_DAYS = env_int("COMPLAINTS_REOPEN_DAYS", 14)

# Signed digital documents (apps/digitaldocs/signing.py; docs/deploy.md "Signing key"): ``local`` generates a
# self-signed certificate under var/signing/ marked as NOT the national one; production uses the office's
# certificate as a PKCS#12 file or on a PKCS#11 token.
SIPON_SIGNING_BACKEND = env_choice("SIPON_SIGNING_BACKEND", "local", ("local", "pkcs12", "pkcs11"))
SIPON_SIGNING_PKCS12_PATH = env_str("SIPON_SIGNING_PKCS12_PATH", "")
SIPON_SIGNING_PKCS12_PASSPHRASE = env_str("SIPON_SIGNING_PKCS12_PASSPHRASE", "")
SIPON_SIGNING_PKCS11_MODULE = env_str("SIPON_SIGNING_PKCS11_MODULE", "")
SIPON_SIGNING_PKCS11_TOKEN = env_str("SIPON_SIGNING_PKCS11_TOKEN", "")
SIPON_SIGNING_PKCS11_KEY = env_str("SIPON_SIGNING_PKCS11_KEY", "")
SIPON_SIGNING_PKCS11_PIN = env_str("SIPON_SIGNING_PKCS11_PIN", "")
if SIPON_SIGNING_BACKEND == "pkcs12" and not SIPON_SIGNING_PKCS12_PATH:
    raise ImproperEnvironment("SIPON_SIGNING_BACKEND=pkcs12 needs SIPON_SIGNING_PKCS12_PATH.")
if SIPON_SIGNING_BACKEND == "pkcs11" and not (SIPON_SIGNING_PKCS11_MODULE and SIPON_SIGNING_PKCS11_KEY):
    raise ImproperEnvironment("SIPON_SIGNING_BACKEND=pkcs11 needs SIPON_SIGNING_PKCS11_MODULE and _KEY.")
