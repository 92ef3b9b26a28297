"""Settings come from the environment: SQLite and a local cache when unset, PostgreSQL
and Redis when set, and no production start without a secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import in_ci

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def settings_under(env):
    """Import the settings in a fresh interpreter with exactly ``env`` set."""
    script = (
        "import json, budgets.settings as s; print(json.dumps({"
        "'engine': s.DATABASES['default']['ENGINE'],"
        "'name': str(s.DATABASES['default']['NAME']),"
        "'cache': s.CACHES['default']['BACKEND'],"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )
    return result


def test_defaults_are_sqlite_and_a_local_cache():
    result = settings_under({})
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["debug"] is True


def test_production_settings_from_the_environment():
    result = settings_under(
        {
            "DATABASE_URL": "postgres://budget:pw@db.example:5432/budgets",
            "REDIS_URL": "redis://cache.example:6379/0",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "yusuan.example.gov.cn, www.yusuan.example.gov.cn",
        }
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "budgets"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["debug"] is False
    assert values["hosts"] == ["yusuan.example.gov.cn", "www.yusuan.example.gov.cn"]


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_under({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


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
