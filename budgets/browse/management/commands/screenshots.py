"""Screenshots of every public page type, desktop and 375 px wide, in real Chromium.

    python manage.py screenshots --out screenshots/ [--load-fixtures] [--base-url URL]
                                 [--language en]

Without --base-url it serves the site itself from the configured database. CDN requests
for Chart.js are answered from node_modules (the same pinned file), so it runs offline.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from budgets import cdn
from budgets.browse.management.pages import sample_pages
from budgets.browse.management.server import running_server

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}


class Command(BaseCommand):
    help = "Take a Chromium screenshot of every public page type (desktop and 375 px)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
        parser.add_argument("--base-url", default="", help="use a running server instead")
        parser.add_argument(
            "--load-fixtures",
            action="store_true",
            help="load every fixture in fixtures/ first (into the configured database)",
        )
        parser.add_argument(
            "--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        )
        parser.add_argument(
            "--language",
            default="",
            help="e.g. en: view the site in that language (sets the switch's cookie)",
        )

    def handle(self, *args, **options):
        from playwright.sync_api import sync_playwright

        if options["load_fixtures"]:
            call_command("loaddata", *fixture_names(), verbosity=0)
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        pages = sample_pages()
        if len(pages) <= 2:
            raise CommandError("没有已公开的预算文件；请先加载数据（--load-fixtures）。")
        chart_js = Path(settings.BASE_DIR) / cdn.CHART_JS_NPM_FILE
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=options["chromium"], args=["--no-sandbox", "--disable-gpu"]
            )
            with maybe_server(options["base_url"]) as base_url:
                for viewport_name, viewport in VIEWPORTS.items():
                    context = browser.new_context(viewport=viewport, locale="zh-CN")
                    if options["language"]:
                        context.add_cookies(
                            [
                                {
                                    "name": settings.LANGUAGE_COOKIE_NAME,
                                    "value": options["language"],
                                    "url": base_url,
                                }
                            ]
                        )
                    if chart_js.exists():
                        context.route(
                            cdn.CHART_JS_URL,
                            lambda route: route.fulfill(
                                path=str(chart_js),
                                content_type="application/javascript",
                                headers={"Access-Control-Allow-Origin": "*"},
                            ),
                        )
                    page = context.new_page()
                    for name, path in pages:
                        page.goto(base_url + path, wait_until="networkidle")
                        target = out / f"{name}-{viewport_name}.png"
                        page.screenshot(path=str(target), full_page=True)
                        self.stdout.write(str(target))
                    context.close()
            browser.close()


def fixture_names():
    return ["templates"] + sorted(
        path.stem
        for path in Path(settings.BASE_DIR, "fixtures").glob("*.json")
        if path.stem != "templates"
    )


class maybe_server:  # noqa: N801 - used as a context manager
    def __init__(self, base_url):
        self.base_url = base_url
        self.server = None

    def __enter__(self):
        if self.base_url:
            return self.base_url.rstrip("/")
        self.server = running_server()
        return self.server.__enter__()

    def __exit__(self, *exc):
        if self.server is not None:
            return self.server.__exit__(*exc)
        return False
