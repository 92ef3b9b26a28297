"""No page does work in proportion to the number of documents (issues 10 and 20).

The same pages are measured with about 65 synthetic documents in the database, then with
ten times as many: the first region's, with a second region nine times its size beside
it. Each page (the region's, its 三公, a document's, a ranking, a search, the API's, the
决算 pages...) must make the same queries and return the same rows.

The rows the database *scans* are not compared here: at 65 and 650 documents the planner
reads a small table whole, or walks a whole index, where at a province's size it takes
the selective index (tried: ``EXPLAIN ANALYZE`` with sequential scans, hash and merge joins
disabled still walks the documents' primary key), so those counts tell the planner's
choice at this size, not the page's design. ``bench/run.sh --province`` measures them,
with times, at 2 and 20 million facts. No time is asserted: on a shared machine a time is
noise. A region's own pages rank and sum every department it has: that work follows the
region's size, not the database's."""

from typing import NamedTuple

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.disclosures.models import Document
from budgets.organisations.models import Region
from budgets.search import queries as search_queries
from budgets.synthetic.management.commands.bench_scale import page_types

#: pytest-django sets up the test database only when a collected test asks for it.
pytestmark = pytest.mark.django_db


def measure(pages):
    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    with override_settings(PUBLIC_CACHE=False):
        for name, path in pages:
            client.get(path)  # warm: what a first request fills is not the page's cost
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            figures[name] = Figures(
                response.status_code, len(queries), rows_read(queries.captured_queries)
            )
    return figures


class Figures(NamedTuple):
    status: int
    queries: int
    rows: int


def rows_read(queries):
    """The rows the page's queries return, each query run again on its own. Unlike a time
    this has no noise: work that follows the database's size shows here first."""
    with connection.cursor() as cursor:
        rows = 0
        for query in queries:
            cursor.execute(query["sql"])
            rows += len(cursor.fetchall()) if cursor.description else 0
    return rows


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker):
    """The pages of the first, smaller size, measured at both."""
    from budgets.synthetic.generate import delete_seed

    figures, pages = [], None
    with django_db_blocker.unblock():
        for organisations, seed in ((65, 51), (585, 52)):
            call_command(
                "generate_synthetic",
                organisations=organisations,
                years=1,
                regions=1,
                seed=seed,
                verbosity=0,
            )
            pages = pages or page_types()
            documents = Document.published.filter(organisation__synthetic=True).count()
            figures.append((documents, Region.objects.count(), measure(pages)))
        delete_seed(51)
        delete_seed(52)
        # This data was committed outside any test's transaction (with what the generator
        # loads to copy from): leave the database empty, as every other test expects it.
        call_command("flush", interactive=False, verbosity=0)
    (small_documents, small_regions, small), (large_documents, large_regions, large) = figures
    print(
        f"\n{'page':<18} at {small_documents} / {large_documents} documents: queries, rows returned"
    )
    for name, figures in small.items():
        larger = large[name]
        print(
            f"{name:<18} {figures.queries:>3} / {larger.queries:<3} {figures.rows:>5} / "
            f"{larger.rows:<5}"
        )
    return Sizes(small_documents, large_documents, large_regions - small_regions, small, large)


class Sizes(NamedTuple):
    small_documents: int
    large_documents: int
    added_regions: int
    small: dict
    large: dict


PAGES = [
    "home",
    "region",
    "region-year",
    "three-public",
    "ranking",
    "search",
    "organisation-year",
    "drill-down",
    "official-tables",
    "api-list",
    "api-table",
    "execution",
    "region-execution",
]


def figures_of(sizes, name):
    """The page's figures at the smaller and the larger size."""
    assert sizes.large_documents >= 8 * sizes.small_documents
    small, large = sizes.small[name], sizes.large[name]
    assert small.status == large.status == 200
    return small, large


@pytest.mark.parametrize("name", PAGES)
def test_same_queries_at_ten_times_the_documents(sizes, name):
    small, large = figures_of(sizes, name)
    assert large.queries == small.queries, f"{name}: {small.queries} → {large.queries} queries"


@pytest.mark.parametrize("name", PAGES)
def test_same_rows_read_at_ten_times_the_documents(sizes, name):
    """The same rows, but for the regions: a page may list them, or a region's family, and a
    country has some 3,500 regions however many documents it publishes."""
    small, large = figures_of(sizes, name)
    if name == "search":
        # more documents match the word: each of its lists shows up to a page of them
        assert large.rows <= large.queries * search_queries.OVERVIEW_SIZE
    else:
        # fewer is no growth: with more rows the planner may choose an index over a scan
        assert large.rows <= small.rows + 2 * sizes.added_regions, (
            f"{name}: {small.rows} → {large.rows} rows read, {sizes.added_regions} regions added"
        )


def test_synthetic_documents_say_so_and_real_ones_do_not(client, baoji_document):
    from budgets.synthetic.generate import delete_seed

    call_command("generate_synthetic", organisations=2, years=1, seed=53, verbosity=0)
    try:
        synthetic = Document.published.filter(organisation__synthetic=True).first()
        for document, shown in ((synthetic, True), (baoji_document, False)):
            html = client.get(
                reverse(
                    "browse:document",
                    kwargs={"organisation": document.organisation_id, "year": document.year},
                )
            ).content.decode()
            assert ('class="tag tag-synthetic"' in html) is shown
            assert ("合成数据" in html) is shown
    finally:
        delete_seed(53)
