"""No page does work in proportion to the number of documents (issue 10, item 2).

The same pages are measured with about 50 synthetic documents in the database, then with
ten times as many: the first region's, with a second region nine times its size beside
it. Each page (the region's, its 三公, a document's, a ranking, a search, the API's, the
决算 pages...) must use the same number of queries and answer within 1.5× the time (the
fastest of several uncached requests, in units of a fixed Python workload).

A region's own pages rank and sum every department it has, in SQL: that work follows the
region's size, not the database's, and ``bench/run.sh`` measures it at the province's
busiest region-year."""

import gc
import time
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

ROUNDS = 15


def measure(pages):
    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    with override_settings(PUBLIC_CACHE=False):
        for name, path in pages:
            client.get(path)  # warm
            timings, references = [], []
            for _round in range(ROUNDS):
                gc.collect()
                gc.disable()  # as timeit does: a collection's pause is not the page's work
                try:
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path)
                        elapsed = time.perf_counter() - started
                finally:
                    gc.enable()
                if connection.vendor == "sqlite":
                    elapsed -= substring_scans(queries.captured_queries)
                timings.append(elapsed)
                references.append(reference_seconds())
            figures[name] = Figures(
                response.status_code,
                len(queries),
                rows_read(queries.captured_queries),
                # the fastest of several: another job's burst only ever adds time
                min(timings) / min(references),
            )
    return figures


class Figures(NamedTuple):
    status: int
    queries: int
    rows: int
    seconds: float


def rows_read(queries):
    """Rows the page's queries return, each query run again on its own. Unlike a time this
    has no noise: work that follows the database's size shows here first (a list of every
    document costs a page of 50 only a few percent of its time, 500 rows at once)."""
    with connection.cursor() as cursor:
        rows = 0
        for query in queries:
            cursor.execute(query["sql"])
            rows += len(cursor.fetchall()) if cursor.description else 0
    return rows


def reference_seconds():
    """The time of a fixed piece of Python work, taken beside each request: the machine is
    shared, and another job's burst during one size's half would double its times; a time
    counted in these units (the fastest of several of each) stays comparable."""
    started = time.perf_counter()
    sum(number * number for number in range(20_000))
    return time.perf_counter() - started


def substring_scans(queries):
    """Seconds spent in the search's ``LIKE '%word%'`` queries over narratives and
    projects. SQLite has no index for a substring, so these read every row whatever the
    page does; PostgreSQL answers them from the pg_trgm GIN indexes (a bitmap scan, shown in
    tests/test_indexes.py). On SQLite the time ratio is the page's time without them."""
    return sum(
        float(query["time"])
        for query in queries
        if " LIKE '%" in query["sql"]
        and any(f'FROM "disclosures_{table}"' in query["sql"] for table in ("statement", "project"))
    )


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
        f"\n{'page':<18} at {small_documents} / {large_documents} documents: queries, "
        "rows read, time in reference units and its ratio"
    )
    for name, figures in small.items():
        larger = large[name]
        print(
            f"{name:<18} {figures.queries:>3} / {larger.queries:<3} {figures.rows:>5} / "
            f"{larger.rows:<5} {figures.seconds:6.1f} / {larger.seconds:6.1f}  "
            f"{larger.seconds / figures.seconds:.2f}"
        )
    return Sizes(small_documents, large_documents, large_regions - small_regions, small, large)


class Sizes(NamedTuple):
    small_documents: int
    large_documents: int
    added_regions: int
    small: dict
    large: dict


#: Known to fail, with the reason: the test must start passing (strict) when it is fixed.
KNOWN = {
    "search": "on PostgreSQL at these table sizes the planner scans the name columns rather "
    "than use the trigram indexes (two-character words have bigram indexes since search's "
    "migration 0003; the page's word, 教育局, is longer): 33 → 70 reference units, 1.3–1.9× "
    "over runs; passes on SQLite, where the LIKE scans are left out of the time",
}

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


#: Pages known to read more rows at the larger size: strict, so that a fix is noticed.
MORE_ROWS = {
    "ranking": "its shares add up to 100.00% across every page (the largest remainders "
    "take the last hundredths), so it reads the amount of every budget it ranks: one "
    "number each, and its ORDER BY has worked each of them out already",
}


def pages_marked(known, strict):
    """PAGES, those in ``known`` marked as known failures with their reasons."""
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=known[name], strict=strict))
        if name in known
        else name
        for name in PAGES
    ]


@pytest.mark.parametrize("name", pages_marked(MORE_ROWS, strict=True))
def test_same_rows_read_at_ten_times_the_documents(sizes, name):
    """The same rows, but for the regions: a page may list them, or a region's family, and a
    country has some 3,500 regions however many documents it publishes."""
    small, large = figures_of(sizes, name)
    if name == "search":
        # more documents match the word: each of its lists shows up to a page of them
        assert large.rows <= large.queries * search_queries.OVERVIEW_SIZE
    else:
        assert small.rows <= large.rows <= small.rows + 2 * sizes.added_regions, (
            f"{name}: {small.rows} → {large.rows} rows read, {sizes.added_regions} regions added"
        )


# not strict: near 1.5 the shared machine's noise decides
@pytest.mark.parametrize("name", pages_marked(KNOWN, strict=False))
def test_time_within_half_again_at_ten_times_the_documents(sizes, name):
    small, large = figures_of(sizes, name)
    assert large.seconds < 1.5 * small.seconds, (
        f"{name}: {small.seconds:.1f} → {large.seconds:.1f} reference units"
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
