"""The documents and facts the execution pages pair: an organisation-year's 决算 and its
budget, a region's 决算 by department. The arithmetic is in ``execution.arithmetic``."""

from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from budgets.browse import data
from budgets.browse import names as localised
from budgets.disclosures import arithmetic as sums
from budgets.disclosures.models import (
    Document,
    FunctionExpenditure,
    FundingSource,
    PrintedSubtotal,
    Statement,
)
from budgets.disclosures.tables import TOTAL_ROW
from budgets.disclosures.totals import ZERO, document_total
from budgets.regions import queries as regions

from . import arithmetic

BUDGET = Document.Stage.BUDGET
FINAL = Document.Stage.FINAL_ACCOUNTS
LENGTHS = (3, 5, 7)
#: The function code of a row of ``general_public_by_code``'s query.
line_code = attrgetter("function__code")


def general_public_by_code(documents, lengths=LENGTHS):
    """{document pk: {code: amount}} of each document's 一般公共预算财政拨款 spending by
    function code at 类, 款 and 项 (or the ``lengths`` asked for; one query for all
    documents)."""
    lines = defaultdict(list)
    # plain rows, not model instances: a region's page reads every line of its 决算s
    for line in FunctionExpenditure.objects.filter(
        document__in=documents, source=FundingSource.GENERAL_PUBLIC
    ).values_list("document_id", "function__code", "expense_type", "amount", named=True):
        lines[line.document_id].append(line)
    found = {
        document.pk: {
            code: split.total
            for code, split in sums.rollup(lines[document.pk], line_code, lengths).items()
        }
        for document in documents
    }
    # What the documents print where it differs from the sum of their facts (a 决算's
    # 万元 rounding, a whole-元 budget's): their 一般公共预算 table's 合计 and subtotals.
    for document_id, row, amount in PrintedSubtotal.objects.filter(
        document__in=documents,
        table__kind__in=GENERAL_PUBLIC_KINDS,
        column=PrintedSubtotal.Column.TOTAL,
    ).values_list("document_id", "row", "amount"):
        found[document_id][row] = amount
    return found


#: The tables printing 一般公共预算财政拨款 spending by function with its 合计.
GENERAL_PUBLIC_KINDS = ("final_general_public", *data.GENERAL_PUBLIC_BY_FUNCTION)


def pick(documents, scope=None):
    """The document of ``scope`` if there is one, else the department's, else any."""
    for wanted in (scope, Document.Scope.DEPARTMENT):
        for document in documents:
            if document.scope == wanted:
                return document
    return documents[0] if documents else None


@dataclass
class OrganisationExecution:
    final_document: Document
    budget_document: Document | None
    execution: arithmetic.Execution


def code_names(year, codes):
    """{code: name} in the reader's language."""
    chinese = {
        code: name for (_year, code), name in data.names_for([(year, c) for c in codes]).items()
    }
    english = localised.english_names("function", year, codes)
    return {
        code: localised.make_name(chinese.get(code, ""), english.get(code, "")) for code in codes
    }


def organisation_execution(organisation_id, year, *, budget_only=False):
    """An organisation's 决算 of ``year`` against its budget of the same year (or, without
    one, the 年初预算数 the 决算 prints). Http404 without a published 决算, unless
    ``budget_only`` (the API: a budget whose 决算 is not published yet, 决算数 null)."""
    data.id_or_404(organisation_id)
    documents = list(data.published_documents().filter(organisation_id=organisation_id, year=year))
    final_document = pick([d for d in documents if d.stage == FINAL])
    budget_document = pick(
        [d for d in documents if d.stage == BUDGET],
        final_document.scope if final_document else None,
    )
    if final_document is None and not (budget_only and budget_document):
        raise Http404(_("没有找到已公开的决算文件。"))
    paired = [d for d in (final_document, budget_document) if d is not None]
    amounts = general_public_by_code(paired)
    statements = list(Statement.objects.filter(document=final_document)) if final_document else []
    final_by_code = amounts[final_document.pk] if final_document else None
    budget_by_code = amounts[budget_document.pk] if budget_document else None
    stated_codes = {arithmetic.function_code_of(statement.topic) for statement in statements}
    codes = arithmetic.pair_codes(
        budget_by_code or {}, {**(final_by_code or {}), **dict.fromkeys(stated_codes)}
    )
    found = arithmetic.execution(
        budget_by_code,
        final_by_code,
        statements,
        code_names(year, _prefixes(codes)),
        budget_total=(budget_by_code or {}).get(TOTAL_ROW),
        final_total=(final_by_code or {}).get(TOTAL_ROW),
    )
    return OrganisationExecution(final_document, budget_document, found)


def _prefixes(codes):
    return sorted({code[:length] for code in codes for length in LENGTHS if len(code) >= length})


@dataclass
class DepartmentExecution:
    document: Document  # the 决算
    budget_document: Document | None
    execution: arithmetic.Execution

    @property
    def organisation(self):
        return self.document.organisation


@dataclass
class RegionExecution:
    entries: list  # DepartmentExecution, the page's
    page: object  # django Paginator page
    amount_units: list  # of every counted 决算 (``regions.amount_units``)


#: The statement fields ``arithmetic.execution`` reads.
STATED_FIELDS = (
    "document_id",
    "topic",
    "subject",
    "comparison",
    "comparison_amount",
    "completion_percent",
    "reason",
)

#: Departments per page of a region's execution table.
PAGE_SIZE = regions.PAGE_SIZE


def general_public_total():
    """SQL: the 一般公共预算财政拨款 spending of the outer query's document, its printed 合计
    (a 决算 prints one), else the sum of its lines of that source; 0 without either. It
    orders a region's 决算; the figures shown are ``arithmetic.execution``'s, for the rows
    shown."""
    return Coalesce(
        document_total(kinds=GENERAL_PUBLIC_KINDS, source=FundingSource.GENERAL_PUBLIC), ZERO
    )


def region_execution(region, year, page_number=1):
    """Each counted 决算 of the region's year (a department's, or a unit's whose department
    published none) against its budget, largest 决算数 first, one page at a time: the order
    and the page are taken in SQL, the budgets paired and the arithmetic done for the page's
    rows only."""
    finals = regions.counted_documents(region, year, stage=FINAL)
    ordered = (
        finals.select_related("organisation__region", "organisation__parent")
        .annotate(general_public=general_public_total())
        .order_by("-general_public", "organisation__code", "organisation__name", "pk")
    )
    paginator = Paginator(ordered, PAGE_SIZE)
    if not paginator.count:
        raise Http404(_("该地区本年没有已公开的决算。"))
    page = paginator.get_page(page_number)
    shown = list(page.object_list)
    budgets = defaultdict(list)
    for document in Document.published.filter(
        stage=BUDGET, year=year, organisation__in={final.organisation_id for final in shown}
    ):
        budgets[document.organisation_id].append(document)
    pairs = [(final, pick(budgets[final.organisation_id], final.scope)) for final in shown]
    paired = [d for pair in pairs for d in pair if d is not None]
    # The page shows each 决算's whole figures, which are its printed 合计 or the sum of
    # its 类: its codes are added up to 类 only, and only the statements on a code or on
    # the whole are read.
    amounts = general_public_by_code(paired, lengths=LENGTHS[:1])
    statements = defaultdict(list)
    for statement in Statement.objects.filter(
        Q(topic__startswith="function:") | Q(topic="expenditure", subject=arithmetic.TOTAL_SUBJECT),
        document__in=shown,
    ).only(*STATED_FIELDS):
        statements[statement.document_id].append(statement)
    entries = [
        DepartmentExecution(
            final,
            budget,
            arithmetic.execution(
                amounts[budget.pk] if budget else None,
                amounts[final.pk],
                statements[final.pk],
                {},
                budget_total=amounts[budget.pk].get(TOTAL_ROW) if budget else None,
                final_total=amounts[final.pk].get(TOTAL_ROW),
            ),
        )
        for final, budget in pairs
    ]
    return RegionExecution(entries, page, regions.amount_units(finals))


def stated_quote(document):
    """The 情况说明's own sentence on the whole 一般公共预算财政拨款支出 against the budget
    (“…年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%”)."""
    statement = document.statements.filter(
        topic="expenditure", subject=arithmetic.TOTAL_SUBJECT
    ).first()
    return statement.quote if statement else ""
