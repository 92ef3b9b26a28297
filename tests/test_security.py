"""Content-Security-Policy and admin login throttling (budgets/security.py), and the JSON
lines the security events are logged as (budgets/logs.py)."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from budgets import cdn, security
from budgets.logs import JsonFormatter

BASE_DIR = Path(__file__).resolve().parent.parent


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


# Content-Security-Policy


def test_public_pages_allow_own_scripts_and_exactly_the_chart_js_file(client, db):
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", cdn.CHART_JS_URL]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_admin_pages_allow_inline_styles_but_never_inline_scripts(client, db):
    response = client.get(reverse("admin:login"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'", cdn.CHART_JS_URL]
    for sources in policy.values():
        assert "'unsafe-eval'" not in sources
    assert "'unsafe-inline'" not in policy["script-src"] + policy["default-src"]


def test_errors_and_downloads_carry_the_policy_too(client, db):
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    assert "Content-Security-Policy" in client.get("/api/documents/")


def test_report_only_and_report_uri_from_settings(db):
    with override_settings(CSP_REPORT_ONLY=True, CSP_REPORT_URI="/csp-report/"):
        response = Client().get("/")
    assert "Content-Security-Policy" not in response
    policy = directives(response["Content-Security-Policy-Report-Only"])
    assert policy["report-uri"] == ["/csp-report/"]
    with override_settings(CSP_ENABLED=False):
        response = Client().get("/")
    assert "Content-Security-Policy" not in response
    assert "Content-Security-Policy-Report-Only" not in response


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_holds_executable_inline_script():
    """The policy allows no inline script: every <script> has a src (json_script blocks are
    type="application/json" data and come from the filter, not a literal tag), no element
    has an on…= handler attribute, no link is javascript:."""
    templates = [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("budgets/**/*.html")]
    assert len(templates) > 20
    problems = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for match in SCRIPT_TAG.finditer(text):
            if "src=" not in match.group(1):
                problems.append(f"{template.name}: inline <script{match.group(1)}>")
        problems += [f"{template.name}: {m.group().strip()}" for m in EVENT_HANDLER.finditer(text)]
        if "javascript:" in text.lower():
            problems.append(f"{template.name}: javascript: URL")
    assert problems == []


# Login throttling

PASSWORD = "正确的密码-correct-horse"


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_superuser("finance", password=PASSWORD)
    for ip in ("127.0.0.1", "10.0.0.9"):
        for name in ("finance", "someone-else"):
            security.reset(name, ip)
    yield user
    for ip in ("127.0.0.1", "10.0.0.9"):
        for name in ("finance", "someone-else"):
            security.reset(name, ip)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        now = 1_800_000_000.0

        def __call__(self):
            return self.now

    fake = Clock()
    monkeypatch.setattr(security, "clock", fake)
    return fake


@pytest.fixture
def events():
    """Records logged by budgets.security (its logger does not propagate to pytest's)."""
    records = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = records.append
    target = logging.getLogger("budgets.security")
    target.addHandler(handler)
    yield records
    target.removeHandler(handler)


def log_in(client, password, username="finance", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused_until_the_lockout_ends(
    client, staff, clock, events
):
    statuses = [log_in(client, f"wrong-{attempt}").status_code for attempt in range(30)]
    limit = settings.LOGIN_FAILURE_LIMIT
    assert statuses == [200] * limit + [429] * (30 - limit)

    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "登录失败次数过多，该账号已暂时锁定。请 15 分钟后再试。" in body
    assert 'name="username"' in body and 'value="finance"' in body  # the admin login page
    assert int(refused["Retry-After"]) == settings.LOGIN_LOCKOUT_SECONDS
    assert "Content-Security-Policy" in refused
    assert refused["X-Frame-Options"] == "DENY"
    assert not logged_in(client)

    clock.now += settings.LOGIN_LOCKOUT_SECONDS - 61
    refused = log_in(client, PASSWORD)
    assert "请 2 分钟后再试" in refused.content.decode()
    assert not logged_in(client)

    clock.now += 61
    accepted = log_in(client, PASSWORD)
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/"
    assert logged_in(client)

    kinds = [record.event for record in events]
    assert kinds == ["login_failed"] * limit + ["login_locked"] + ["login_refused"] * 27
    locked = json.loads(JsonFormatter().format(events[limit]))
    assert locked["logger"] == "budgets.security"
    assert locked["level"] == "WARNING"
    assert locked["event"] == "login_locked"
    assert locked["username"] == "finance"
    assert locked["ip"] == "127.0.0.1"
    assert locked["failures"] == limit


def test_the_lockout_message_in_english(client, staff, clock):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, f"wrong-{attempt}")
    body = log_in(client, PASSWORD).content.decode()
    assert "Too many failed logins: this account is locked for now." in body
    assert "Please try again in 15 minutes." in body


def test_the_lockout_is_per_user_name_and_address(client, staff, clock):
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, f"wrong-{attempt}")
    assert log_in(client, PASSWORD).status_code == 429
    assert log_in(client, "wrong", username="FINANCE").status_code == 429  # same name
    assert log_in(client, "wrong", username="someone-else").status_code == 200
    elsewhere = Client()
    assert log_in(elsewhere, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_failures_outside_the_window_and_before_a_success_do_not_add_up(client, staff, clock):
    below = settings.LOGIN_FAILURE_LIMIT - 1
    for attempt in range(below):
        log_in(client, f"wrong-{attempt}")
    clock.now += settings.LOGIN_FAILURE_WINDOW + 1
    for attempt in range(below):
        assert log_in(client, f"again-{attempt}").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302  # resets the count
    client.logout()
    for attempt in range(below):
        assert log_in(client, f"later-{attempt}").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_proxies_the_client_address_comes_from_x_forwarded_for():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    with override_settings(NUM_PROXIES=0):
        assert security.client_ip(request) == "10.0.0.1"
    with override_settings(NUM_PROXIES=1):
        assert security.client_ip(request) == "203.0.113.7"  # not the spoofable left end
    with override_settings(NUM_PROXIES=2):
        assert security.client_ip(request) == "6.6.6.6"
    with override_settings(NUM_PROXIES=3):
        assert security.client_ip(request) == "10.0.0.1"


# In Chromium: the policy is enforced, and the page's own behaviour still works under it.


@pytest.mark.browser
def test_the_print_button_works_under_the_policy_and_inline_script_is_blocked(
    page, transactional_db
):
    call_command("loaddata", "templates", "baoji_2023", verbosity=0)
    from budgets.disclosures.models import Document

    document = Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室", year=2023)
    page.add_init_script("window.print = function () { window.printed = true; };")
    path = reverse(
        "browse:tables", kwargs={"organisation": document.organisation_id, "year": document.year}
    )
    response = page.goto(page.base_url + path, wait_until="networkidle")
    assert response.status == 200
    assert (
        "script-src 'self' https://cdn.jsdelivr.net/" in response.headers["content-security-policy"]
    )
    page.locator(".print-button").first.click()
    assert page.evaluate("window.printed") is True
    assert page.problems == []

    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true;"; document.body.append(s); }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in problem for problem in page.problems)
