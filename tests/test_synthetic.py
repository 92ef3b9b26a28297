"""The synthetic province (``generate_synthetic``) holds what real documents hold: five
years of budgets and, where the template family publishes them (上海), five years of 决算
beside them, with every projects' and performance targets' row of their prototypes; each
copy is its prototype with its amounts times a whole number, so the project's checks find
on the copy what they find on the prototype. Runs on SQLite and on PostgreSQL."""

from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from budgets.browse.data import check_statements
from budgets.disclosures import tables as published
from budgets.disclosures.management.commands.load_initial_data import fixture_names
from budgets.disclosures.models import Document, FunctionExpenditure, Project, Statement
from budgets.execution import queries as execution
from budgets.performance.models import Goal, Indicator, TargetSet, Task
from budgets.review import checks
from budgets.synthetic.generate import CODE_MODELS, delete_seed

pytestmark = pytest.mark.django_db

YEARS = 5
FINAL = Document.Stage.FINAL_ACCOUNTS
BUDGET = Document.Stage.BUDGET


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """The fixtures' real documents and a synthetic province of seed 71 beside them,
    committed for the module (and flushed after it, as test_scale.py does)."""
    with django_db_blocker.unblock():
        call_command("loaddata", *fixture_names(), verbosity=0)
        call_command(
            "generate_synthetic", organisations=40, years=YEARS, regions=2, seed=71, verbosity=0
        )
        yield pairs()
        call_command("flush", interactive=False, verbosity=0)


def fingerprint(document, factor=1):
    return sorted(
        (line.function.code, line.source, line.expense_type, line.amount * factor)
        for line in FunctionExpenditure.objects.filter(document=document).select_related("function")
    )


def pairs():
    """[(synthetic document, its prototype, the multiplier)]: the prototype is the real
    document of the same template whose function lines times 1, 2 or 3 are the copy's."""
    real = list(Document.published.filter(organisation__synthetic=False))
    prints = {(d.pk, factor): fingerprint(d, factor) for d in real for factor in (1, 2, 3)}
    found = []
    for copy in Document.published.filter(organisation__synthetic=True).order_by("pk"):
        own = fingerprint(copy)
        match = [
            (prototype, factor)
            for prototype in real
            if (prototype.template_id, prototype.stage, prototype.scope)
            == (copy.template_id, copy.stage, copy.scope)
            for factor in (1, 2, 3)
            if prints[prototype.pk, factor] == own
        ]
        assert match, f"no prototype for {copy}"
        found.append((copy, *match[0]))
    return found


def test_departments_publish_five_years_of_budgets_and_final_accounts(province):
    finals = [(copy, prototype) for copy, prototype, _factor in province if copy.stage == FINAL]
    assert {prototype.pk for _copy, prototype in finals} == set(
        Document.published.filter(organisation__synthetic=False, stage=FINAL).values_list(
            "pk", flat=True
        )
    ), "both 决算 prototypes (上海 普陀区 2024) are copied"
    years = {}
    for copy, _prototype, _factor in province:
        years.setdefault((copy.organisation_id, copy.stage, copy.scope), []).append(copy.year)
    departments = {org for org, stage, _scope in years if stage == FINAL}
    assert departments
    for department in departments:
        budgets = sorted(years[department, BUDGET, Document.Scope.DEPARTMENT])
        final = sorted(years[department, FINAL, Document.Scope.DEPARTMENT])
        assert len(budgets) == len(final) == YEARS
        # the 决算 of each year before a budget's: published the year after
        assert final == [year - 1 for year in budgets]
    budget_series = [key for key in years if key[1] == BUDGET]
    assert all(len(years[key]) == YEARS for key in budget_series)


def counts(document):
    return (
        Project.objects.filter(document=document).count(),
        TargetSet.objects.filter(document=document).count(),
        TargetSet.objects.filter(document=document, project__isnull=False).count(),
        Goal.objects.filter(target_set__document=document).count(),
        Task.objects.filter(target_set__document=document).count(),
        Indicator.objects.filter(target_set__document=document).count(),
    )


def test_projects_and_targets_are_those_of_the_prototype(province):
    copied = Counter()
    for copy, prototype, factor in province:
        assert counts(copy) == counts(prototype), copy
        projects = Project.objects.filter(document=copy).order_by("position", "name")
        originals = Project.objects.filter(document=prototype).order_by("position", "name")
        for project, original in zip(projects, originals, strict=True):
            assert project.amount == (
                original.amount * factor if original.amount is not None else None
            )
        for target in TargetSet.objects.filter(document=copy, project__isnull=False):
            assert target.project.document_id == copy.pk
        copied.update(
            projects=len(projects), targets=TargetSet.objects.filter(document=copy).count()
        )
    assert copied["projects"] > 0 and copied["targets"] > 0


def errors(document):
    """The errors the checks find in the document's figures and codes (``checks.check``
    without the findings its import stored: a copy keeps the warnings among them only)."""
    facts = published.load_facts(document)
    found = (
        checks.arithmetic_problems(facts)
        + checks.completeness_problems(facts)
        + checks.code_problems(facts)
    )
    return sorted((problem.table, problem.row, problem.message) for problem in found)


def statement_checks(document):
    statements = Statement.objects.filter(document=document).order_by("pk")
    return [
        (item.check.figure_agreement, item.check.change_agreement)
        for item in check_statements(published.load_facts(document), statements)
    ]


def test_the_checks_find_on_a_copy_what_they_find_on_its_prototype(province):
    """None where the prototype has none (every 决算 and 上海 budget); a 江苏 budget, which
    no fixture passes (see read_prototypes), the same. The narrative's statements agree
    with the copy's tables as with the prototype's."""
    seen = set()
    for copy, prototype, _factor in province:
        if (prototype.pk, copy.year == prototype.year) in seen:
            continue
        seen.add((prototype.pk, copy.year == prototype.year))
        assert errors(copy) == errors(prototype), copy
        if copy.stage == FINAL:
            assert errors(copy) == []
            assert statement_checks(copy) == statement_checks(prototype), copy
    assert any(copy.stage == FINAL for copy, _p, _f in province)


def test_a_synthetic_final_accounts_is_its_prototype_times_its_multiplier(province, client):
    for copy, prototype, factor in province:
        if copy.stage != FINAL:
            continue
        ours = execution.general_public_by_code([copy])[copy.pk]
        theirs = execution.general_public_by_code([prototype])[prototype.pk]
        assert ours == {code: amount * factor for code, amount in theirs.items()}
        assert ours and all(isinstance(amount, Decimal) for amount in ours.values())
        response = client.get(
            reverse(
                "execution:organisation_year",
                kwargs={"organisation": copy.organisation_id, "year": copy.year},
            )
        )
        assert response.status_code == 200
    region = copy.organisation.region
    response = client.get(reverse("execution:region_year", args=[region.code, copy.year]))
    assert response.status_code == 200


def row_counts():
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.db_table in tables and model not in CODE_MODELS
    }


def test_delete_seed_removes_every_row_the_province_added(db):
    """Every table but the code catalogues (shared by every document of a year, kept for
    the next run) holds what it held before."""
    call_command("loaddata", *fixture_names(), verbosity=0)
    before = row_counts()
    call_command("generate_synthetic", organisations=15, years=2, seed=72, verbosity=0)
    assert Document.objects.filter(organisation__synthetic=True, stage=FINAL).exists()
    assert row_counts() != before
    delete_seed(72)
    assert row_counts() == before
