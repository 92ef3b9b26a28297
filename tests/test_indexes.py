"""Every path the public pages take has an index, shown used by EXPLAIN (PostgreSQL).

A few thousand synthetic facts are built and ANALYZEd; each page's main query is
explained. Where a table is small, PostgreSQL rightly prefers a sequential scan, so the
plans are read with ``enable_seqscan`` off: the test shows the index exists and serves
the query (the benchmark's output shows the plans at 1.5 million facts)."""

import pytest
from django.core.management import call_command
from django.db import connection

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    Project,
    Statement,
)
from budgets.organisations.models import Organisation
from budgets.search import queries

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans and the indexes' use are PostgreSQL's (run with DATABASE_URL=postgres://…)",
)


@pytest.fixture
def province(db):
    call_command("generate_synthetic", organisations=40, years=2, seed=41, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    document = Document.published.filter(organisation__synthetic=True).order_by("pk").first()
    return document


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")


def test_published_documents_of_a_year(province):
    text = plan(Document.published.filter(year=province.year))
    assert "document_status_year" in text, text


def test_a_documents_facts(province):
    text = plan(FunctionExpenditure.objects.filter(document=province))
    assert "Index" in text and ("function_expenditure_unique" in text or "document_id" in text), (
        text
    )


def test_facts_by_code(province):
    code = province.functionexpenditures.first().function_id
    text = plan(FunctionExpenditure.objects.filter(function_id=code))
    assert "function_id" in text, text
    code = province.economicexpenditures.first().dept_economic_id
    text = plan(EconomicExpenditure.objects.filter(dept_economic_id=code))
    assert "dept_economic_id" in text, text


def test_organisations_by_region_and_parent(province):
    organisation = province.organisation
    text = plan(Organisation.objects.filter(region_id=organisation.region_id))
    assert "region_id" in text, text
    text = plan(Organisation.objects.filter(parent_id=organisation.parent_id or organisation.pk))
    assert "parent_id" in text, text


def test_search_by_name(province):
    from django.db.models.functions import Upper

    queryset = (
        Organisation.objects.annotate(upper=Upper("name"))
        .filter(upper__contains="教育局")
        .order_by()
    )
    text = plan(queryset)
    assert "search_org_name_trgm" in text, text


def test_the_prior_year_a_region_page_compares_with(province):
    """regions.queries: the latest earlier budget of the same organisation and scope, per
    row shown; without its own index PostgreSQL and SQLite read every earlier document."""
    from budgets.regions.queries import with_prior_totals

    text = plan(with_prior_totals(Document.published.filter(pk=province.pk)))
    assert "document_prior_year" in text, text


#: Every searched column's bigram index (budgets/search/migrations/0003): the model and the
#: columns each kind of search result matches its words in.
BIGRAM_INDEXES = [
    (Organisation, ["name"], ["search_org_name_bigram"]),
    (Document, ["title"], ["search_document_title_bigram"]),
    (
        FunctionCode,
        ["name", "name_en"],
        ["search_function_name_bigram", "search_function_name_en_bigram"],
    ),
    (
        DepartmentEconomicCode,
        ["name", "name_en"],
        ["search_dept_econ_name_bigram", "search_dept_econ_name_en_bigram"],
    ),
    (
        GovernmentEconomicCode,
        ["name", "name_en"],
        ["search_gov_econ_name_bigram", "search_gov_econ_name_en_bigram"],
    ),
    (
        Project,
        ["name", "description", "summary"],
        [
            "search_project_name_bigram",
            "search_project_desc_bigram",
            "search_project_summary_bigram",
        ],
    ),
    (
        Statement,
        ["subject", "quote"],
        ["search_statement_subject_bigram", "search_statement_quote_bigram"],
    ),
]


@pytest.mark.parametrize(("model", "fields", "indexes"), BIGRAM_INDEXES)
def test_search_by_a_two_character_word(province, model, fields, indexes):
    """A two-character word (教育) has no trigram for pg_trgm to look up: each searched
    column's bigram index answers the search's condition on it, as a bitmap scan (plain
    index scans are turned off too, so that a walk of another index filtering every row
    does not pass for one). The search's whole queries join published documents first at
    this size; bench_scale's rows read show them at 300,000 facts."""
    queryset = model.objects.filter(queries.every_word(["教育"], fields))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_indexscan = off")
        try:
            text = plan(queryset.values("pk"))
        finally:
            cursor.execute("SET enable_indexscan = on")
    for index in indexes:
        assert f"Bitmap Index Scan on {index}" in text, text
