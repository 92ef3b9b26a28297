"""Time every public page type and count its database queries.

    python manage.py benchmark_pages [--repeat 5] [--load-fixtures]

Requests go through Django's test client against the configured database, so the
figures are the server's own work (no network, no browser). Pages must stay at a
bounded number of queries, whatever the size of the document.
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.browse.management.commands.screenshots import fixture_names
from budgets.browse.management.pages import sample_pages
from budgets.disclosures.models import Document


def api_pages():
    pages = [("api-documents", reverse("api:documents"))]
    document = Document.published.order_by("pk").first()
    if document is not None:
        pages.append(("api-document", reverse("api:document", args=[document.pk])))
        pages.append(("api-table-1", reverse("api:table", args=[document.pk, 1])))
    return pages


def download_pages():
    pages = []
    for document in Document.published.order_by("template__code", "pk"):
        kwargs = {"organisation": document.organisation_id, "year": document.year}
        pages.append(
            (f"csv-{document.pk}", reverse("browse:table_csv", kwargs={**kwargs, "position": 1}))
        )
        pages.append((f"xlsx-all-{document.pk}", reverse("browse:document_xlsx", kwargs=kwargs)))
        break
    return pages


class Command(BaseCommand):
    help = "Report per-page request timings (ms) and query counts for every public page type."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--load-fixtures", action="store_true")

    def handle(self, *args, **options):
        if options["load_fixtures"]:
            call_command("loaddata", *fixture_names(), verbosity=0)
        pages = sample_pages() + download_pages() + api_pages()
        if len(pages) <= 3:
            raise CommandError("没有已公开的预算文件；请先加载数据（--load-fixtures）。")
        client = Client(HTTP_HOST="127.0.0.1")
        width = max(len(name) for name, _path in pages)
        self.stdout.write(f"{'page':<{width}}  status  queries  median ms  max ms")
        for name, path in pages:
            timings = []
            for _round in range(options["repeat"]):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{name:<{width}}  {response.status_code:>6}  {len(queries):>7}  "
                f"{statistics.median(timings):>9.1f}  {max(timings):>6.1f}"
            )
