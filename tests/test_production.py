"""The production profile as it runs: DEBUG off, `check --deploy` clean with the variables
README.md documents, static files from WhiteNoise with far-future caching, 404/500 pages in
the site's layout and language, errors logged to stderr as JSON, and the documented command
(`sh scripts/serve.sh --production`) that refuses to start half-configured.

Settings are read once per process, so each production case runs in a fresh interpreter
with exactly the environment given (``production``)."""

import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

#: The production variables README.md (Production) documents, with example values.
DOCUMENTED = {
    "DEBUG": "false",
    "SECRET_KEY": "production-test-" + "q8Zr1x" * 9,
    "ALLOWED_HOSTS": "yusuan.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://yusuan.example.gov.cn",
    "SECURE_HSTS_PRELOAD": "true",
}
HOST = "yusuan.example.gov.cn"


def production(args, extra=None, timeout=120):
    """Run ``args`` (after the Python interpreter) in the checkout with the documented
    production variables (plus ``extra``) and nothing else from this process."""
    env = {"PATH": os.environ["PATH"], **DOCUMENTED, **(extra or {})}
    return subprocess.run(
        [PYTHON, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def json_lines(text):
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_check_deploy_is_clean_with_the_documented_variables():
    result = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_names_what_is_missing():
    """Without the preload opt-in the one warning is W021; with a short key, W009."""
    result = production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {"SECURE_HSTS_PRELOAD": "false", "SECRET_KEY": "short"},
    )
    assert result.returncode != 0
    assert "security.W021" in result.stderr
    assert "security.W009" in result.stderr


FAILING_REQUEST = """
import json, sys, types
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import include, path

def boom(request):
    raise ZeroDivisionError("预算测试故障")

urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom), path("", include("budgets.urls"))]
sys.modules["boom_urls"] = urls
settings.ROOT_URLCONF = "boom_urls"
client = Client(raise_request_exception=False, HTTP_HOST="__HOST__")
pages = {}
for language in ("zh-hans", "en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/boom/", secure=True)
    pages[language] = {"status": response.status_code, "body": response.content.decode()}
print(json.dumps(pages))
""".replace("__HOST__", HOST)


def test_a_500_is_logged_to_stderr_and_answered_with_the_sites_page():
    """A view that raises, under the production settings (no collectstatic needed)."""
    result = production(["-c", FAILING_REQUEST], {"DJANGO_SETTINGS_MODULE": "budgets.settings"})
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)
    errors = [
        line
        for line in json_lines(result.stderr)
        if line["logger"] == "django.request" and line["level"] == "ERROR"
    ]
    assert len(errors) == 2, result.stderr
    for line in errors:
        assert line["path"] == "/boom/"
        assert line["method"] == "GET"
        assert line["status"] == 500
        assert line["exception"] == "ZeroDivisionError: 预算测试故障"
        assert "in boom" in line["traceback"]
        assert line["time"].endswith("+00:00")
    chinese, english = pages["zh-hans"], pages["en"]
    assert chinese["status"] == english["status"] == 500
    assert '<html lang="zh-hans">' in chinese["body"]
    assert "服务器出错了" in chinese["body"]
    assert '<a href="/">返回首页</a>' in chinese["body"]
    assert 'href="/static/css/site.css"' in chinese["body"]
    assert "ZeroDivisionError" not in chinese["body"]  # no details for the public
    assert '<html lang="en">' in english["body"]
    assert "Server error" in english["body"]
    assert '<a href="/">Back to the home page</a>' in english["body"]


STATIC_REQUESTS = """
import json
import django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

client = Client(HTTP_HOST="__HOST__")
hashed = staticfiles_storage.url("css/site.css")
answers = {}
for name, url, headers in [
    ("hashed", hashed, {}),
    ("hashed_gzip", hashed, {"HTTP_ACCEPT_ENCODING": "gzip"}),
    ("plain", "/static/css/site.css", {}),
    ("missing", "/static/css/missing.css", {}),
]:
    response = client.get(url, secure=True, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers[name] = {
        "url": url,
        "status": response.status_code,
        "cache": response.get("Cache-Control", ""),
        "encoding": response.get("Content-Encoding", ""),
        "length": len(body),
    }
print(json.dumps(answers))
""".replace("__HOST__", HOST)


def test_whitenoise_serves_collected_static_files_with_a_far_future_header(tmp_path):
    env = {"STATIC_ROOT": str(tmp_path / "static")}
    collected = production(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    assert collected.returncode == 0, collected.stderr
    result = production(
        ["-c", STATIC_REQUESTS], {**env, "DJANGO_SETTINGS_MODULE": "budgets.settings"}
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    source = (BASE_DIR / "static" / "css" / "site.css").read_bytes()
    hashed = answers["hashed"]
    assert hashed["url"].startswith("/static/css/site.") and hashed["url"] != "/static/css/site.css"
    assert hashed["status"] == 200
    assert hashed["length"] == len(source)
    assert "max-age=315360000" in hashed["cache"] and "immutable" in hashed["cache"]
    assert answers["hashed_gzip"]["status"] == 200
    assert answers["hashed_gzip"]["encoding"] == "gzip"
    assert answers["hashed_gzip"]["length"] < len(source)
    # The unhashed name (kept for the 500 page) is served too, with a short lifetime.
    assert answers["plain"]["status"] == 200
    assert "immutable" not in answers["plain"]["cache"]
    assert answers["missing"]["status"] == 404


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("zh-hans", ["页面不存在", "返回首页", '<html lang="zh-hans">']),
        ("en", ["Page not found", "Back to the home page", '<html lang="en">']),
    ],
)
def test_the_404_page_is_in_the_sites_layout_and_language(client, db, language, texts):
    from django.conf import settings

    assert settings.DEBUG is False  # the test runner's, as in production
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    for text in texts:
        assert text in body
    assert 'class="site-header"' in body  # base.html: header, search, language switch
    assert 'class="brand" href="/"' in body
    assert '<a href="/">' in body


def test_gunicorn_takes_address_and_workers_from_the_environment(monkeypatch):
    config = BASE_DIR / "budgets" / "gunicorn_config.py"
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    defaults = runpy.run_path(str(config))
    assert defaults["bind"] == "0.0.0.0:8000"
    assert defaults["workers"] == 2
    assert defaults["accesslog"] == "-"
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("ACCESS_LOG", "false")
    chosen = runpy.run_path(str(config))
    assert chosen["bind"] == "127.0.0.1:9123"
    assert chosen["workers"] == 5
    assert chosen["accesslog"] is None
    # Gunicorn logs access through its logger whenever logconfig_dict is set.
    access = chosen["logconfig_dict"]["loggers"]["gunicorn.access"]
    assert access["level"] == "WARNING"
    assert defaults["logconfig_dict"]["loggers"]["gunicorn.access"]["level"] == "INFO"


def serve(extra):
    env = {"PATH": os.environ["PATH"], **extra}
    return subprocess.run(
        ["sh", "scripts/serve.sh", "--production"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_production_command_refuses_to_start_without_secret_key_and_hosts():
    neither = serve({})
    assert neither.returncode == 1
    assert "refuses to start: set SECRET_KEY ALLOWED_HOSTS" in neither.stderr
    no_hosts = serve({"SECRET_KEY": DOCUMENTED["SECRET_KEY"]})
    assert no_hosts.returncode == 1
    assert "set ALLOWED_HOSTS" in no_hosts.stderr
    no_key = serve({"ALLOWED_HOSTS": HOST, "DEBUG": "true"})
    assert no_key.returncode == 1
    assert "set SECRET_KEY" in no_key.stderr


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_production_command_serves_the_site_through_gunicorn(tmp_path):
    """`sh scripts/serve.sh --production` for real: migrate, collectstatic, gunicorn on the
    given port behind a (pretend) TLS proxy on 127.0.0.1; logs on stderr as JSON lines."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        **DOCUMENTED,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    stderr = tmp_path / "stderr.log"
    with stderr.open("w") as errors:
        server = subprocess.Popen(
            ["sh", "scripts/serve.sh", "--production"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers, body = fetch(base + "/", {"X-Forwarded-Proto": "https"})
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, stderr.read_text()
                assert time.monotonic() < deadline, stderr.read_text()
                time.sleep(0.5)
        assert status == 200
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "script-src 'self' https://cdn.jsdelivr.net/" in headers["Content-Security-Policy"]
        assert "预算公开" in body.decode()
        plain_http = fetch(base + "/")
        assert plain_http[0] == 301
        assert plain_http[1]["Location"] == f"https://127.0.0.1:{port}/"
        status, headers, _ = fetch(base + "/static/css/site.css", {"X-Forwarded-Proto": "https"})
        assert status == 200
        status, _, _ = fetch(base + "/no-such-page/", {"X-Forwarded-Proto": "https"})
        assert status == 404
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    lines = json_lines(stderr.read_text())
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "gunicorn.access", "django.request"} <= loggers
    assert any(
        line["logger"] == "django.request" and line["path"] == "/no-such-page/" for line in lines
    )
