"""The pages' kept figures (budgets/summaries): written by publication, never stale.

Each expected figure is worked out here from the documents' own rows in Python (the
counting rule of the region pages, the documents' printed 合计 or their lines' sum), not
by the code that keeps them."""

from collections import defaultdict
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

from budgets.browse import data
from budgets.disclosures.models import Document, FunctionExpenditure, PrintedSubtotal
from budgets.disclosures.roles import REVIEWER_GROUP
from budgets.organisations.models import Region
from budgets.review import workflow
from budgets.summaries.models import (
    ClassSummary,
    DocumentSummary,
    RegionClassSummary,
    RegionSummary,
    RegionYearSummary,
)

pytestmark = pytest.mark.django_db


def printed_total(document):
    printed = PrintedSubtotal.objects.filter(
        document=document,
        table__kind__in=("expenditure_by_function", "final_expenditure"),
        column="total",
        row="合计",
    ).order_by("table__position")
    if printed:
        return printed[0].amount
    amounts = [fact.amount for fact in FunctionExpenditure.objects.filter(document=document)]
    return sum(amounts, Decimal(0)) if amounts else None


def counted_in_regions():
    """(region, document) for each published document a region counts by the region pages'
    rule (a department's, or a unit's whose department published none that year and stage),
    in its own region and every region above it."""
    published = list(Document.published.select_related("organisation__region"))
    departments = {
        (d.organisation_id, d.year, d.stage) for d in published if d.scope == "department"
    }
    for document in published:
        key = (document.organisation.parent_id, document.year, document.stage)
        if document.scope != "department" and key in departments:
            continue
        region = document.organisation.region
        while region is not None:
            yield region, document
            region = region.parent


def expected_region_years():
    """{(region code, year, stage): (count, total)} of the documents each region counts."""
    found = defaultdict(lambda: [0, Decimal(0)])
    for region, document in counted_in_regions():
        entry = found[region.code, document.year, document.stage]
        entry[0] += 1
        entry[1] += printed_total(document) or 0
    return {key: (count, total) for key, (count, total) in found.items()}


def class_amounts():
    """{(document pk, 类): amount} of function spending: the 类 subtotal the document prints,
    else the sum of its lines under the 类."""
    found = defaultdict(Decimal)
    for fact in FunctionExpenditure.objects.select_related("function"):
        found[fact.document_id, fact.function.code[:3]] += fact.amount
    for row in PrintedSubtotal.objects.filter(
        table__kind__in=("expenditure_by_function", "final_expenditure"),
        column="total",
        row__regex=r"^\d{3}$",
    ).order_by("-table__position"):
        if (row.document_id, row.row) in found:
            found[row.document_id, row.row] = row.amount
    return found


def expected_region_classes():
    """{(region code, year, stage, 类): amount} of function spending of the documents each
    region counts."""
    by_document = defaultdict(dict)
    for (document, klass), amount in class_amounts().items():
        by_document[document][klass] = amount
    found = defaultdict(Decimal)
    for region, document in counted_in_regions():
        for klass, amount in by_document[document.pk].items():
            found[region.code, document.year, document.stage, klass] += amount
    return dict(found)


def kept_region_classes():
    return {
        (row.region.code, row.year, row.stage, row.klass): row.amount
        for row in RegionClassSummary.objects.filter(scheme="function").select_related("region")
    }


def kept_region_years():
    return {
        (row.region.code, row.year, row.stage): (row.document_count, row.total or 0)
        for row in RegionYearSummary.objects.select_related("region")
    }


@pytest.fixture
def reviewer():
    user = User.objects.create_user("reviewer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def test_the_fixtures_figures_are_kept_as_their_documents_print_them(db):
    call_command("loaddata", "templates", "shanghai_putuo", "jiangsu_provincial", verbosity=0)
    assert DocumentSummary.objects.count() == Document.published.count() > 10
    for summary in DocumentSummary.objects.select_related("document"):
        assert summary.total == printed_total(summary.document), summary.document
    assert kept_region_years() == expected_region_years()
    function_sum = defaultdict(Decimal)
    for fact in FunctionExpenditure.objects.select_related("function"):
        function_sum[fact.document_id, fact.function.code[:3]] += fact.amount
    kept = {
        (row.document_id, row.klass): row.amount
        for row in ClassSummary.objects.filter(scheme="function")
    }
    printed = {
        (row.document_id, row.row): row.amount
        for row in PrintedSubtotal.objects.filter(
            table__kind__in=("expenditure_by_function", "final_expenditure"),
            column="total",
            row__regex=r"^\d{3}$",
        )
    }
    assert kept == {key: printed.get(key, amount) for key, amount in function_sum.items()}
    assert kept_region_classes() == expected_region_classes()
    assert len(kept_region_classes()) > 20


def test_withdrawal_and_publication_move_the_region_figures_at_once(putuo, reviewer):
    """Withdrawing the department's budget counts its unit's instead; publishing it again
    puts it back: each in the workflow's own transaction."""
    assert kept_region_years() == expected_region_years()
    counted_unit = DocumentSummary.objects.get(document=putuo.unit_2025).counted
    assert counted_unit is False
    workflow.withdraw(putuo.dept_2025, reviewer)
    assert not DocumentSummary.objects.filter(document=putuo.dept_2025).exists()
    assert DocumentSummary.objects.get(document=putuo.unit_2025).counted is True
    assert kept_region_years() == expected_region_years()
    assert kept_region_years()["310107", 2025, "budget"] == (1, Decimal("700000.00"))
    assert kept_region_classes() == expected_region_classes()
    putuo.dept_2025.refresh_from_db()
    workflow.override(putuo.dept_2025, reviewer, "测试：已核对")
    workflow.publish(putuo.dept_2025, reviewer)
    assert DocumentSummary.objects.get(document=putuo.unit_2025).counted is False
    assert kept_region_years()["310107", 2025, "budget"] == (1, Decimal("1750000.00"))
    assert kept_region_years() == expected_region_years()
    assert kept_region_classes() == expected_region_classes()


def test_an_organisation_moved_to_another_region_moves_its_figures(putuo):
    other = Region.objects.create(code="310108", name="另一区", level="district")
    putuo.department.region = other
    putuo.department.save()
    assert kept_region_years() == expected_region_years()
    assert RegionSummary.objects.get(region=other).documents == 2
    assert ("310000", 2024, "budget") not in kept_region_years()
    assert kept_region_classes() == expected_region_classes()


def listing_keys():
    """{document pk: (region code, organisation code, year)} as the documents have them."""
    return {
        document.pk: (document.organisation.region.code, document.organisation.code, document.year)
        for document in Document.published.select_related("organisation__region")
    }


def test_the_api_s_listing_order_follows_a_code_changed_on_a_region_or_an_organisation(putuo):
    def kept_keys():
        return {
            row.document_id: (row.region_code, row.organisation_code, row.year)
            for row in DocumentSummary.objects.all()
        }

    assert kept_keys() == listing_keys()
    putuo.department.code = "123"
    putuo.department.save()
    region = putuo.department.region
    region.code = "310199"
    region.save()
    assert {code for code, _o, _y in kept_keys().values()} == {"310199"}
    assert kept_keys() == listing_keys()


def every_kept_ranking():
    """{(scheme, 类, year, scope): (rows, count, total)} as the ranking page reads them
    from the kept figures, for every 类 the published budgets print."""
    found = {}
    for scheme in (data.SCHEMES["function"], data.SCHEMES["dept-economic"]):
        classes = ClassSummary.objects.filter(scheme=scheme.key, stage="budget")
        for klass, year in classes.values_list("klass", "year").distinct():
            for scope in data.RANKING_SCOPES:
                kept = data.ranked_budgets(scheme, year, klass, scope)
                assert isinstance(kept, data.KeptRanking)
                rows = kept[0 : kept.count() + 1]
                found[scheme.key, klass, year, scope] = (rows, kept.count(), kept.total)
    return found


def every_computed_ranking(keys):
    """The same rankings worked out from the documents' lines (``ranked_amounts``: one
    GROUP BY over them, as every ranking was before its figures were kept)."""
    found = {}
    for scheme_key, klass, year, scope in keys:
        scheme = data.SCHEMES[scheme_key.replace("_", "-")]
        rows = list(data.ranked_amounts(scheme, year, klass, scope))
        found[scheme_key, klass, year, scope] = (
            rows,
            len(rows),
            sum((amount for _pk, amount in rows), Decimal(0)),
        )
    return found


def test_a_class_s_ranking_reads_the_same_rows_kept_as_from_the_lines(db, reviewer):
    """Every 类 of every year and scope of the fixtures, before and after a withdrawal."""
    call_command("loaddata", "templates", "shanghai_putuo", "jiangsu_provincial", verbosity=0)
    kept = every_kept_ranking()
    assert len(kept) > 100 and any(len(rows) > 2 for rows, _c, _t in kept.values())
    assert kept == every_computed_ranking(kept)
    withdrawn = Document.published.filter(scope="department").order_by("pk").first()
    workflow.withdraw(withdrawn, reviewer)
    after = every_kept_ranking()
    assert after == every_computed_ranking(after) != kept


def test_the_command_and_migrate_rebuild_what_drifted(putuo):
    DocumentSummary.objects.filter(document=putuo.dept_2025).update(total=1)
    RegionYearSummary.objects.all().delete()
    call_command("summarise", verbosity=0)
    assert kept_region_years() == expected_region_years()
    assert DocumentSummary.objects.get(document=putuo.dept_2025).total == Decimal("1750000.00")
    DocumentSummary.objects.filter(document=putuo.dept_2024).delete()
    call_command("migrate", verbosity=0)
    assert DocumentSummary.objects.filter(document=putuo.dept_2024).exists()


def test_the_migration_fills_the_region_classes_from_the_kept_document_rows(putuo):
    """The migration that made ``RegionClassSummary`` fills it for databases kept before."""
    fill = import_module("budgets.summaries.migrations.0005_region_class_totals").fill
    expected = kept_region_classes()
    assert expected == expected_region_classes() and expected
    RegionClassSummary.objects.all().delete()
    fill(django_apps, SimpleNamespace(connection=connection))
    assert kept_region_classes() == expected
