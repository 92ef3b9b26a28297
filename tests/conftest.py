"""Shared test fixtures: the published source documents and a real Chromium.

Source documents live outside the repository (DISCLOSURES_DIR). A test that needs one
skips with a message naming it when it is missing, except in CI (CI=true), where a
missing document fails the test.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from budgets import cdn

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(path, what):
    """Skip (locally) or fail (in CI) when a file a test needs is missing."""
    if not Path(path).exists():
        message = f"{what} not found at {path}"
        if in_ci():
            pytest.fail(f"{message} (required in CI)")
        pytest.skip(message)
    return Path(path)


@pytest.fixture
def disclosure():
    """Return a function giving the path of a published source document by file name."""

    def find(name):
        return require(Path(settings.DISCLOSURES_DIR) / name, f"source document {name!r}")

    return find


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the whole session (Debian's, never a downloaded one)."""
    require(CHROMIUM_PATH, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page whose CDN requests for Chart.js are answered from the npm package,
    and which records console errors and failed requests in ``page.problems``."""
    chart_js = require(BASE_DIR / cdn.CHART_JS_NPM_FILE, "Chart.js from npm (run `npm ci`)")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.route(
        cdn.CHART_JS_URL,
        lambda route: route.fulfill(
            path=str(chart_js),
            content_type="application/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )
    page.base_url = live_server.url
    yield page
    context.close()
