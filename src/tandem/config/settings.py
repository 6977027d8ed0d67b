"""Tandem settings: the only module that reads the environment.

Development defaults are safe to run on a laptop (embedded SQLite, local hosts
only). ``TANDEM_ENV=production`` turns on the deploy hardening and refuses to
start without a real secret key and an explicit host list.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TANDEM_DATA_DIR", Path.cwd() / "var")).resolve()

ENVIRONMENT = os.environ.get("TANDEM_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = os.environ.get("TANDEM_DEBUG", "") == "1" and not PRODUCTION

_DEVELOPMENT_SECRET = "django-insecure-tandem-development-key-never-use-in-production"


def _mandatory_secret(name: str) -> str:
    """Fail at start-up rather than run production with a guessable key."""
    value = os.environ.get(name, "")
    if len(value) < 50:
        raise ImproperlyConfigured(f"{name} must be set to a random string of 50+ characters.")
    return value


SECRET_KEY = (
    _mandatory_secret("TANDEM_SECRET_KEY")
    if PRODUCTION
    else os.environ.get("TANDEM_SECRET_KEY", _DEVELOPMENT_SECRET)
)

_hosts = os.environ.get("TANDEM_ALLOWED_HOSTS", "")
if PRODUCTION and not _hosts:
    raise ImproperlyConfigured("TANDEM_ALLOWED_HOSTS must list the host names Tandem serves.")
ALLOWED_HOSTS = (
    [h.strip() for h in _hosts.split(",") if h.strip()]
    if _hosts
    else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("TANDEM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its static files: the API docs' Swagger UI is served from here, not a CDN
    "tandem.workspace",
    "tandem.metrics",
    "tandem.strategy",
    "tandem.backlog",
    "tandem.delivery",
    "tandem.insights",
    "tandem.knowledge",
    "tandem.suggestions",  # after knowledge: it reads the vectors the index keeps
    "tandem.integrations",
    "tandem.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees every answer as the inner middleware left it: a 304 when the caller holds it.
    "tandem.config.conditional.ConditionalGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tandem.workspace.middleware.DomainErrorMiddleware",
    "tandem.config.errors.ApiProblemMiddleware",
]

ROOT_URLCONF = "tandem.config.urls"
WSGI_APPLICATION = "tandem.config.wsgi.application"

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
                "tandem.workspace.context.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# Persistent connections matter: without them PostgreSQL throughput drops tenfold.
CONN_MAX_AGE = int(os.environ.get("TANDEM_CONN_MAX_AGE", "600"))

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("TANDEM_SQLITE_PATH", str(DATA_DIR / "tandem.sqlite3")),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers run beside the single writer; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue instead of deadlocking.
                "transaction_mode": "IMMEDIATE",
                "timeout": 10,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=10000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (sign-in rate limits) ------------------------------------------------
_redis_url = os.environ.get("REDIS_URL", "")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
        }
    }
else:
    # Shared by every worker process of the embedded default, unlike local memory.
    CACHES = {
        "default": {
            # Django's database cache, with an incr() that holds the row's lock.
            "BACKEND": "tandem.config.cache.AtomicDatabaseCache",
            "LOCATION": "tandem_cache",
        }
    }

# --- Background work ----------------------------------------------------------------
# TANDEM_QUEUE: "database" (the embedded default: a queue table worked by `tandem worker`,
# which `tandem serve` starts beside the web server), "celery" (Redis at REDIS_URL, any
# number of `tandem worker` processes) or "immediate" (inline after commit: tests).
TANDEM_QUEUE = os.environ.get("TANDEM_QUEUE", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "celery": "tandem.workspace.jobs.celery_backend.CeleryBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TANDEM_QUEUE not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TANDEM_QUEUE must be one of {', '.join(_TASK_BACKENDS)}.")
if TANDEM_QUEUE == "celery" and not _redis_url:
    raise ImproperlyConfigured("TANDEM_QUEUE=celery needs REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TANDEM_QUEUE]}}
CELERY_BROKER_URL = _redis_url
# Webhooks may be sent to loopback, private and link-local addresses only when this is set.
TANDEM_WEBHOOKS_ALLOW_PRIVATE = os.environ.get("TANDEM_WEBHOOKS_ALLOW_PRIVATE", "") == "1"

# --- Auth ----------------------------------------------------------------------
AUTH_USER_MODEL = "workspace.User"
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Every password check counts failures (tandem/web/throttle.py), for the sign-in page
# and the admin's login alike.
AUTHENTICATION_BACKENDS = ["tandem.web.throttle.ThrottledModelBackend"]
# Failed sign-ins allowed per window: one account from one address, one address over all
# accounts, one account over all addresses.
SIGN_IN_ATTEMPTS_PER_WINDOW = int(os.environ.get("TANDEM_SIGN_IN_ATTEMPTS", "10"))
SIGN_IN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("TANDEM_SIGN_IN_ATTEMPTS_PER_ADDRESS", "50"))
SIGN_IN_ATTEMPTS_PER_ACCOUNT = int(os.environ.get("TANDEM_SIGN_IN_ATTEMPTS_PER_ACCOUNT", "100"))
SIGN_IN_WINDOW_SECONDS = 300


def _networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [
            ipaddress.ip_network(part.strip(), strict=False)
            for part in os.environ.get(name, "").split(",")
            if part.strip()
        ]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from exc


# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
TRUSTED_PROXIES = _networks("TANDEM_TRUSTED_PROXIES")

# --- E-mail (password reset) ---------------------------------------------------------
# One URL, e.g. smtp://user:password@mail.example.org:587/?tls=True (dj-email-url's
# schemes: smtp, smtps, submission, console, file, memory, dummy). Default: the console.
_email = dj_email_url.parse(os.environ.get("TANDEM_EMAIL_URL", "") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
if _email["EMAIL_FILE_PATH"]:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("TANDEM_EMAIL_FROM", "Tandem <tandem@localhost>")
# Where links in e-mails sent by background jobs (notifications, digests) point.
SITE_URL = os.environ.get("TANDEM_SITE_URL", "http://localhost:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TANDEM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# The data folder holds the embedded database and collected static files; make it on first use.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the apps' static folders when nobody ran collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Collect each file once, under its hashed name, and compress no source map (only a
# developer's tools fetch one): a third of the files, a third of collectstatic's time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("TANDEM_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TANDEM_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Requests ----------------------------------------------------------------------
# A body past this answers 413 (problem+json under /api/). Room for a CSV import at its
# 5 MiB cap sent as JSON text or posted back from the import preview.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Content-Security-Policy: scripts only from our own static files (no inline script, no
# eval: htmx runs with allowEval off), nothing framed, forms post only here. Styles keep
# 'unsafe-inline' for style attributes in templates and the libraries' own.
MARKDOWN_REMOTE_IMAGES = os.environ.get("TANDEM_MARKDOWN_REMOTE_IMAGES", "") == "1"
# Ask may have an OpenAI-compatible endpoint rewrite its cited extracts; off when empty.
ASK_LLM_URL = os.environ.get("TANDEM_ASK_LLM_URL", "")
ASK_LLM_MODEL = os.environ.get("TANDEM_ASK_LLM_MODEL", "gpt-4o-mini")
ASK_LLM_KEY = os.environ.get("TANDEM_ASK_LLM_KEY", "")
ASK_LLM_TIMEOUT = float(os.environ.get("TANDEM_ASK_LLM_TIMEOUT", "10"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        # data: for Bootstrap's inline SVG icons (selects, checkboxes, close buttons).
        "img-src": [SELF, "data:", *(["https:"] if MARKDOWN_REMOTE_IMAGES else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Nothing in Tandem uses these: no page, nor anything injected into one, may.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Tandem ----------------------------------------------------------------------
API_PAGE_SIZE_MAX = 200
DEFAULT_STALE_DAYS = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANDEM_LOG_LEVEL", "WARNING")},
}
