"""Settings come from the environment: SQLite and a local cache when unset, PostgreSQL
and Redis when set; DEBUG off unless turned on, and then no start without a secret key;
the secure defaults with DEBUG off, each one changeable from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import in_ci

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def settings_under(env):
    """Import the settings in a fresh interpreter with exactly ``env`` set."""
    script = (
        "import json, budgets.settings as s; print(json.dumps({"
        "'engine': s.DATABASES['default']['ENGINE'],"
        "'name': str(s.DATABASES['default']['NAME']),"
        "'cache': s.CACHES['default']['BACKEND'],"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS,"
        "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'hsts_subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        "'hsts_preload': s.SECURE_HSTS_PRELOAD,"
        "'secure_cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],"
        "'proxy_header': getattr(s, 'SECURE_PROXY_SSL_HEADER', None),"
        "'whitenoise': 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE,"
        "'static_storage': s.STORAGES['staticfiles']['BACKEND'],"
        "'csp': [s.CSP_ENABLED, s.CSP_REPORT_ONLY, s.CSP_REPORT_URI],"
        "'throttle': [s.LOGIN_FAILURE_LIMIT, s.LOGIN_FAILURE_WINDOW, s.LOGIN_LOCKOUT_SECONDS,"
        " s.NUM_PROXIES], 'log_level': s.LOG_LEVEL}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )
    return result


SECRET = "s3cr3t-" + "k" * 50


def test_defaults_are_sqlite_and_a_local_cache():
    result = settings_under({"DEBUG": "true"})
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["debug"] is True


def test_debug_is_off_unless_the_environment_turns_it_on():
    """Nothing set: DEBUG is off, so the settings refuse to load without a secret key."""
    result = settings_under({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert json.loads(settings_under({"SECRET_KEY": SECRET}).stdout)["debug"] is False
    for value in ("false", "0", "no", "off", "anything"):
        values = json.loads(settings_under({"DEBUG": value, "SECRET_KEY": SECRET}).stdout)
        assert values["debug"] is False, value


def test_development_has_none_of_the_https_settings():
    values = json.loads(settings_under({"DEBUG": "true"}).stdout)
    assert values["ssl_redirect"] is False
    assert values["hsts"] == 0
    assert values["secure_cookies"] == [False, False]
    assert values["whitenoise"] is False
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_production_defaults_are_the_secure_ones():
    values = json.loads(settings_under({"SECRET_KEY": SECRET}).stdout)
    assert values["ssl_redirect"] is True
    assert values["hsts"] == 31_536_000
    assert values["hsts_subdomains"] is True
    assert values["hsts_preload"] is False  # a commitment the operator makes explicitly
    assert values["secure_cookies"] == [True, True]
    assert values["proxy_header"] is None
    assert values["whitenoise"] is True
    assert values["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["csp"] == [True, False, ""]
    assert values["throttle"] == [5, 900, 900, 0]
    assert values["log_level"] == "INFO"


def test_every_security_setting_comes_from_the_environment():
    values = json.loads(
        settings_under(
            {
                "SECRET_KEY": SECRET,
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "3600",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
                "SECURE_HSTS_PRELOAD": "true",
                "SECURE_COOKIES": "false",
                "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
                "CSP_ENABLED": "false",
                "CSP_REPORT_ONLY": "true",
                "CSP_REPORT_URI": "/csp-report/",
                "LOGIN_FAILURE_LIMIT": "10",
                "LOGIN_FAILURE_WINDOW": "60",
                "LOGIN_LOCKOUT_SECONDS": "120",
                "NUM_PROXIES": "1",
                "LOG_LEVEL": "warning",
            }
        ).stdout
    )
    assert values["ssl_redirect"] is False
    assert values["hsts"] == 3600
    assert values["hsts_subdomains"] is False
    assert values["hsts_preload"] is True
    assert values["secure_cookies"] == [False, False]
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["csp"] == [False, True, "/csp-report/"]
    assert values["throttle"] == [10, 60, 120, 1]
    assert values["log_level"] == "WARNING"
    spelled_out = {"SECRET_KEY": SECRET, "SECURE_PROXY_SSL_HEADER": "X-Scheme=on"}
    values = json.loads(settings_under(spelled_out).stdout)
    assert values["proxy_header"] == ["HTTP_X_SCHEME", "on"]


def test_a_malformed_number_is_refused_by_name():
    result = settings_under({"SECRET_KEY": SECRET, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_the_test_suite_runs_the_development_profile_explicitly():
    from django.conf import settings

    assert os.environ["DJANGO_SETTINGS_MODULE"] == "budgets.settings_test"
    assert "budgets.settings_test" in sys.modules
    assert os.environ["DEBUG"] == "true"
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECRET_KEY == "development-only-not-secret"


def test_production_settings_from_the_environment():
    result = settings_under(
        {
            "DATABASE_URL": "postgres://budget:pw@db.example:5432/budgets",
            "REDIS_URL": "redis://cache.example:6379/0",
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "yusuan.example.gov.cn, www.yusuan.example.gov.cn",
        }
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "budgets"
    assert values["cache"] == "budgets.caching.resilient.ResilientRedisCache"
    assert values["debug"] is False
    assert values["hosts"] == ["yusuan.example.gov.cn", "www.yusuan.example.gov.cn"]


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_under({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_redis_cache_round_trips_through_a_real_server():
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError as RedisConnectionError

    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "yusuan-test"})
    try:
        cache.set("probe", "预算", timeout=5)
    except RedisConnectionError as error:
        if in_ci():
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    assert cache.get("probe") == "预算"
    cache.delete("probe")
