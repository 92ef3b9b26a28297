"""Settings for 预算公开, read from the environment.

DEBUG is off unless the environment turns it on: the development command
(scripts/serve.sh) and the test settings (budgets/settings_test.py) set
DEBUG=true explicitly. With DEBUG off, SECRET_KEY is required and the secure
defaults apply (HTTPS redirect, HSTS, secure cookies, WhiteNoise with hashed
static files); each of them can be changed from the environment. Production
also sets DATABASE_URL (PostgreSQL through psycopg 3), ALLOWED_HOSTS and
REDIS_URL. README.md (Production, Security) lists every variable.
"""

import os
from pathlib import Path

import dj_database_url

from budgets import cdn

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_flag("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "SECRET_KEY must be set when DEBUG is off. DEBUG is off unless the environment "
            "sets DEBUG=true, as `sh scripts/serve.sh` does for development."
        )
    SECRET_KEY = "development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "simple_history",
    # The import queue: settings, `manage.py rqworker` and the admin's queue pages.
    "django_rq",
    "budgets.organisations",
    "budgets.classifications",
    "budgets.disclosures",
    "budgets.summaries",
    "budgets.performance",
    "budgets.importers",
    "budgets.families",
    "budgets.rendering",
    "budgets.browse",
    "budgets.api",
    "budgets.review",
    "budgets.search",
    "budgets.regions",
    "budgets.execution",
    "budgets.bulk",
    "budgets.synthetic",
    "budgets.caching",
    "budgets.fidelity",
    "budgets.checker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves the collected static files when DEBUG is off (inserted below);
    # in development runserver and the test live server serve them from static/.
    "budgets.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "budgets.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so refused logins still get the headers above.
    "budgets.security.LoginThrottleMiddleware",
    # Innermost: public GET pages served from the cache under the data version.
    "budgets.caching.middleware.PublicCacheMiddleware",
    # The database down: 503 with Retry-After for what the cache cannot answer.
    "budgets.web.outage.DatabaseOutageMiddleware",
    # The public's GET pages read from the replica, if there is one.
    "budgets.web.replica.PublicReadsMiddleware",
]
if not DEBUG:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "budgets.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "budgets.wsgi.application"


def session_settings():
    """PostgreSQL settings for the site's connections (libpq ``options``). JIT off: the
    pages run short, index-bound queries, for which compiling costs more than it saves (at
    16.5 M facts it added 1.7–2.3 s to a ranking); ``DATABASE_JIT=true`` turns it back on.
    ``work_mem`` 16 MB (``DATABASE_WORK_MEM``): a page's sorts and hashes (a region's
    departments ranked, a ranking's amounts) stay in memory instead of spilling to disk,
    and a pool of 10 connections per process cannot reach 1 GB even with several sorts
    each."""
    jit = "on" if env_flag("DATABASE_JIT", False) else "off"
    work_mem = os.environ.get("DATABASE_WORK_MEM", "16MB")
    return f"-c jit={jit} -c work_mem={work_mem}"


def database(url):
    """A DATABASES entry for ``url``. PostgreSQL connections come from a pool (psycopg's,
    ``DATABASE_POOL_MIN``/``_MAX`` per process; ``DATABASE_POOL=false`` for one
    connection per request, e.g. behind PgBouncer)."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {})["options"] = session_settings()
    if config["ENGINE"].endswith("postgresql") and env_flag("DATABASE_POOL", True):
        config["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    return config


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A read replica: the public's pages read from it (budgets.web.replica), the admin and
# every write stay on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["budgets.web.replica.PublicReadsRouter"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis stopped or hung: pages served uncached, log-in throttled per process.
            "BACKEND": "budgets.caching.resilient.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "yusuan"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Admin uploads are read and imported as background jobs (budgets/importers/jobs.py) on an
# RQ queue over the same Redis, worked by `manage.py rqworker imports` (serve.sh
# --production starts one). IMPORT_QUEUE renames the queue (two sites on one Redis).
# Without REDIS_URL (development) there is no queue: jobs run inline, in the request.
IMPORT_QUEUE = os.environ.get("IMPORT_QUEUE", "imports")
RQ_QUEUES = {IMPORT_QUEUE: {"URL": REDIS_URL}} if REDIS_URL else {}

# A CDN in front (budgets.caching.purge): how long it keeps a page, how long it may serve
# one stale while fetching anew, and where to ask it to drop every page on a change.
PUBLIC_CACHE_S_MAXAGE = env_int("PUBLIC_CACHE_S_MAXAGE", 300)
PUBLIC_CACHE_STALE_SECONDS = env_int("PUBLIC_CACHE_STALE_SECONDS", 30)
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off, `collectstatic` writes content-hashed, compressed copies, which
    # WhiteNoise serves with a far-future Cache-Control header.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Where the published source documents (PDF, text) are read from; never committed.
DISCLOSURES_DIR = Path(
    os.environ.get("DISCLOSURES_DIR", BASE_DIR.parent / "shared" / "data" / "disclosures")
)

# Uploads through /admin/import/: each file's size, and what reading one may take (pages,
# seconds, memory; read in a child process, see budgets/importers/limits.py). Files kept
# for a preview that is never confirmed are removed after IMPORT_PREVIEW_HOURS.
IMPORT_MAX_FILES = int(os.environ.get("IMPORT_MAX_FILES", "10"))
IMPORT_MAX_FILE_MB = int(os.environ.get("IMPORT_MAX_FILE_MB", "10"))
IMPORT_MAX_PAGES = int(os.environ.get("IMPORT_MAX_PAGES", "200"))
IMPORT_MAX_SECONDS = float(os.environ.get("IMPORT_MAX_SECONDS", "20"))
IMPORT_MAX_MEMORY_MB = int(os.environ.get("IMPORT_MAX_MEMORY_MB", "1024"))
IMPORT_PREVIEW_HOURS = float(os.environ.get("IMPORT_PREVIEW_HOURS", "24"))

# The public checker (/checker/, budgets/checker): one document's PDFs per check (at most
# CHECKER_MAX_FILES, so that reading them all stays within gunicorn's timeout), each at
# most CHECKER_MAX_FILE_MB and together CHECKER_MAX_UPLOAD_MB (a larger request is refused
# before its body is read), read within the IMPORT_MAX_PAGES/SECONDS/MEMORY limits above;
# CHECKER_RATE checks an hour from one address; each report is kept CHECKER_REPORT_HOURS.
CHECKER_MAX_FILES = env_int("CHECKER_MAX_FILES", 4)
CHECKER_MAX_FILE_MB = env_int("CHECKER_MAX_FILE_MB", 20)
CHECKER_MAX_UPLOAD_MB = env_int("CHECKER_MAX_UPLOAD_MB", 30)
CHECKER_RATE = env_int("CHECKER_RATE", 10)
CHECKER_REPORT_HOURS = env_int("CHECKER_REPORT_HOURS", 24)

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Security. Each default is the safe one when DEBUG is off and can be changed here.
# Behind a proxy that terminates TLS, SECURE_PROXY_SSL_HEADER names the header it sets
# ("X-Forwarded-Proto", or "X-Forwarded-Proto=https" with the value spelled out).
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _name.strip().upper().replace("-", "_"),
        _value.strip() or "https",
    )

# Content-Security-Policy (budgets.security): our own scripts and styles, and Chart.js
# from exactly one CDN address (loaded with its SRI hash, budgets/cdn.py). No inline
# script anywhere; json_script blocks are data (type="application/json"), not scripts.
# The admin's own templates carry inline <style> blocks, so its pages allow inline styles.
CSP_ENABLED = env_flag("CSP_ENABLED", True)
CSP_REPORT_ONLY = env_flag("CSP_REPORT_ONLY", False)
CSP_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", cdn.CHART_JS_URL],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CSP_ADMIN_DIRECTIVES = {**CSP_DIRECTIVES, "style-src": ["'self'", "'unsafe-inline'"]}

# Admin login throttling (budgets.security): after LOGIN_FAILURE_LIMIT wrong passwords
# for one user name from one address within LOGIN_FAILURE_WINDOW seconds, every attempt
# for them (a right password too) is refused for LOGIN_LOCKOUT_SECONDS. Behind proxies,
# NUM_PROXIES says how many append to X-Forwarded-For (0: the peer address is the client).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Logs: one JSON object per line on stderr (budgets.logs.JsonFormatter): requests that
# failed (django.request), security events (django.security, budgets.security) and the
# app's own loggers (budgets.*). LOG_LEVEL sets the threshold.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "budgets.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "budgets": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
    },
}
