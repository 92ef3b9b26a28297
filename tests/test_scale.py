"""No page does work in proportion to the number of documents (issue 10, item 2).

The same page types are measured with about 50 and about 500 synthetic documents in the
database: each must use the same number of queries and answer within 1.5× the time
(median of several uncached requests)."""

import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from budgets.disclosures.models import Document
from budgets.synthetic.management.commands.bench_scale import page_types

ROUNDS = 5


def measure(pages):
    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    with override_settings(PUBLIC_CACHE=False):
        for name, path in pages:
            if not path:
                continue
            client.get(path)  # warm
            timings = []
            for _round in range(ROUNDS):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append(time.perf_counter() - started)
            figures[name] = (response.status_code, len(queries), statistics.median(timings))
    return figures


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("generate_synthetic", organisations=55, years=1, seed=51, verbosity=0)
        synthetic = Document.published.filter(organisation__synthetic=True)
        small_documents = synthetic.count()
        pages = page_types()
        small = measure(pages)
        call_command("generate_synthetic", organisations=500, years=1, seed=52, verbosity=0)
        large_documents = synthetic.count()
        large = measure(pages)
        for seed in (51, 52):
            from budgets.synthetic.generate import delete_seed

            delete_seed(seed)
    return small_documents, large_documents, small, large


PAGES = [
    "home",
    "region",
    "three-public",
    "ranking",
    "search",
    "organisation-year",
    "drill-down",
    "official-tables",
    "api-list",
    "api-table",
]


@pytest.mark.parametrize("name", PAGES)
def test_same_queries_and_time_at_ten_times_the_documents(sizes, name):
    small_documents, large_documents, small, large = sizes
    assert large_documents >= 8 * small_documents
    if name not in small:
        pytest.skip(f"no {name} page yet")
    status, queries, seconds = small[name]
    large_status, large_queries, large_seconds = large[name]
    assert status == large_status == 200
    assert large_queries == queries, f"{name}: {queries} → {large_queries} queries"
    assert large_seconds < 1.5 * seconds, (
        f"{name}: {seconds * 1000:.0f} → {large_seconds * 1000:.0f} ms"
    )
