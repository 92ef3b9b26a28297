"""A region's published budgets added up: totals, by function and economic 类, each
department ranked with its change against its prior published year, and “三公”经费.

What is counted (``counted``) — never a department and its own units twice: a department's
document (部门预算) already consolidates its units, so a unit's document (单位预算) is counted
only where its department has no published document that year (or the unit has no
department). A region includes its child regions (上海市 → 普陀区).

Sums run in SQL (GROUP BY document, or document and 类, over the stored facts); where a
document prints a subtotal that differs from the sum of its facts (whole-元 rounding,
``PrintedSubtotal``), the printed figure is the document's, as on its own page; the few
per-document figures are then added through ``disclosures.arithmetic``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures import arithmetic
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    PrintedSubtotal,
    RestrictedSpending,
)
from budgets.disclosures.money import cents
from budgets.disclosures.tables import SPENDING_BY_FUNCTION, TOTAL_ROW
from budgets.organisations.models import Region

DEPARTMENT = Document.Scope.DEPARTMENT

#: The rule, as the pages state it.
RULE = _(
    "合计只计各部门的部门预算（已包含其下属单位）；某单位的单位预算仅在其主管部门当年"
    "没有公开部门预算（或该单位无主管部门）时计入，因此部门与其下属单位不会重复相加。"
    "上级地区包含其下级地区。"
)


def region_or_404(code):
    region = None
    if code.isdigit() and len(code) == 6:
        region = Region.objects.select_related("parent__parent").filter(code=code).first()
    if region is None:
        raise Http404(_("没有这个地区。"))
    return region


def family(region):
    """The region and every region under it, at any depth (one query for all regions)."""
    children = defaultdict(list)
    for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, todo = [], [region.pk]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children[pk])
    return found


def ancestors(region):
    """The region's parents, top first (for breadcrumbs)."""
    chain = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def budget_documents(region):
    """Every published budget (not final accounts) of the region and its children."""
    return list(
        Document.published.filter(
            stage=Document.Stage.BUDGET, organisation__region__in=family(region)
        )
        .select_related("organisation__region", "organisation__parent")
        .order_by("year", "organisation__region__code", "organisation__code", "organisation__name")
    )


def counted(documents):
    """The documents the region's totals count (see the module's docstring)."""
    departments = {(d.organisation_id, d.year) for d in documents if d.scope == DEPARTMENT}
    return [
        d
        for d in documents
        if d.scope == DEPARTMENT or (d.organisation.parent_id, d.year) not in departments
    ]


def prior_of(documents):
    """{document pk: the same organisation's and scope's latest earlier published budget}."""
    latest = {}
    prior = {}
    for document in sorted(documents, key=lambda d: d.year):
        key = (document.organisation_id, document.scope)
        if key in latest:
            prior[document.pk] = latest[key]
        latest[key] = document
    return prior


def printed_figures(documents, rows=None):
    """{(document pk, row): amount} of the totals the documents print in their spending by
    function table where that differs from their facts' sum (one query)."""
    subtotals = PrintedSubtotal.objects.filter(
        document__in=[d.pk for d in documents],
        table__kind__in=SPENDING_BY_FUNCTION,
        column=PrintedSubtotal.Column.TOTAL,
    )
    if rows is not None:
        subtotals = subtotals.filter(row__in=rows)
    return {
        (pk, row): amount
        for pk, row, amount in subtotals.values_list("document_id", "row", "amount")
    }


def document_totals(documents):
    """{document pk: total spending as printed}: SUM by document in SQL, one query, and
    the printed 合计 where a document prints one that differs."""
    sums = dict(
        FunctionExpenditure.objects.filter(document__in=[d.pk for d in documents])
        .values("document_id")
        .annotate(total=cents(Sum("amount")))
        .values_list("document_id", "total")
    )
    printed = printed_figures(documents, rows=[TOTAL_ROW])
    return {d.pk: printed.get((d.pk, TOTAL_ROW), sums.get(d.pk)) for d in documents}


#: The classifications a region page adds up by 类: fact model, code path, catalogue.
CLASS_SCHEMES = {
    "function": (FunctionExpenditure, "function__code", FunctionCode),
    "dept_economic": (EconomicExpenditure, "dept_economic__code", DepartmentEconomicCode),
}


@dataclass
class ClassTotal:
    code: str
    name: str
    amount: object
    share: object = None
    url: str = ""


def class_totals(documents, year, scheme):
    """[ClassTotal] of the documents' spending by 类 (3 digits), largest first: SUM grouped
    by document and 类 in SQL; a function 类 a document prints differently is its printed
    figure (one more query)."""
    model, path, catalogue = CLASS_SCHEMES[scheme]
    rows = (
        model.objects.filter(document__in=[d.pk for d in documents])
        .annotate(klass=Substr(path, 1, 3))
        .values("document_id", "klass")
        .annotate(total=cents(Sum("amount")))
        .values_list("document_id", "klass", "total")
    )
    printed = printed_figures(documents) if scheme == "function" else {}
    amounts = defaultdict(list)
    for pk, klass, total in rows:
        amounts[klass].append(printed.get((pk, klass), total))
    totals = {klass: arithmetic.total_of(parts) for klass, parts in amounts.items()}
    names = dict(
        catalogue.objects.filter(year=year, code__in=list(totals)).values_list("code", "name")
    )
    whole = arithmetic.total_of(totals.values())
    return [
        ClassTotal(klass, names.get(klass, ""), amount, arithmetic.share(amount, whole))
        for klass, amount in arithmetic.rank(totals)
    ]


class DocumentRow:
    """What a region's table shows of a row's document and of the prior year it is
    compared with (``document`` and ``prior`` are the row's fields)."""

    @property
    def organisation(self):
        return self.document.organisation.name

    @property
    def scope(self):
        return self.document.get_scope_display()

    @property
    def prior_year(self):
        return self.prior.year if self.prior else None


@dataclass
class DepartmentEntry(DocumentRow):
    rank: int
    document: Document
    total: object
    prior: Document | None
    prior_total: object
    change: object
    percent: object
    share: object
    url: str = ""


@dataclass
class RegionYear:
    region: Region
    year: int
    documents: list  # counted, this year
    left_out: list  # published unit documents of this year not counted (department has one)
    total: object
    departments: list
    by_function: list
    by_economic: list
    years: list = field(default_factory=list)  # every year with counted documents


def region_year(region, year):
    documents = budget_documents(region)
    chosen = counted(documents)
    this_year = [d for d in chosen if d.year == year]
    if not this_year:
        raise Http404(_("该地区本年没有已公开的预算。"))
    prior = prior_of(documents)
    wanted = this_year + [prior[d.pk] for d in this_year if d.pk in prior]
    totals = document_totals(wanted)
    total = arithmetic.total_of(totals[d.pk] for d in this_year)
    ranked = arithmetic.rank({d.pk: totals[d.pk] for d in this_year})
    by_pk = {d.pk: d for d in this_year}
    departments = []
    for position, (pk, amount) in enumerate(ranked, start=1):
        before = prior.get(pk)
        before_total = totals[before.pk] if before else None
        departments.append(
            DepartmentEntry(
                rank=position,
                document=by_pk[pk],
                total=amount,
                prior=before,
                prior_total=before_total,
                change=arithmetic.change(before_total, amount) if before else None,
                percent=arithmetic.percent_change(before_total, amount) if before else None,
                share=arithmetic.share(amount, total),
            )
        )
    return RegionYear(
        region=region,
        year=year,
        documents=this_year,
        left_out=[d for d in documents if d.year == year and d not in this_year],
        total=total,
        departments=departments,
        by_function=class_totals(this_year, year, "function"),
        by_economic=class_totals(this_year, year, "dept_economic"),
        years=sorted({d.year for d in chosen}),
    )


@dataclass
class YearTotal:
    year: int
    count: int
    total: object


def counted_budgets(region):
    """``counted`` in SQL: the region's published budgets that its totals count (a unit's
    only where its department publishes no department budget that year)."""
    family_pks = family(region)
    department_budget = Document.published.filter(
        stage=Document.Stage.BUDGET,
        scope=DEPARTMENT,
        organisation__region__in=family_pks,
        organisation=OuterRef("organisation__parent"),
        year=OuterRef("year"),
    )
    return Document.published.filter(
        stage=Document.Stage.BUDGET, organisation__region__in=family_pks
    ).filter(Q(scope=DEPARTMENT) | ~Exists(department_budget))


def region_years(region):
    """Each year's number of counted documents and their total, in one query: each
    document's total (its printed 合计 where it prints one, else the SUM of its facts) as
    subqueries, added up by year (GROUP BY year). Nothing is loaded per document."""
    printed = PrintedSubtotal.objects.filter(
        document=OuterRef("pk"),
        table__kind__in=SPENDING_BY_FUNCTION,
        column=PrintedSubtotal.Column.TOTAL,
        row=TOTAL_ROW,
    ).values("amount")[:1]
    summed = (
        FunctionExpenditure.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(total=cents(Sum("amount")))
        .values("total")
    )
    money = DecimalField(max_digits=18, decimal_places=2)
    rows = (
        counted_budgets(region)
        .annotate(document_total=Coalesce(Subquery(printed), Subquery(summed), output_field=money))
        .order_by()
        .values("year")
        .annotate(count=Count("pk"), total=cents(Sum("document_total")))
        .order_by("year")
    )
    return [YearTotal(row["year"], row["count"], row["total"]) for row in rows]


def document_units(region):
    """The distinct (amount_unit, amount_places) of the region's published budgets: what
    the display unit and decimal places are chosen from (one DISTINCT query, a few rows)."""
    return [
        SimpleNamespace(**row)
        for row in Document.published.filter(
            stage=Document.Stage.BUDGET, organisation__region__in=family(region)
        )
        .order_by()
        .values("amount_unit", "amount_places")
        .distinct()
    ]


def child_regions(region):
    return list(region.children.order_by("code"))


# ---------------------------------------------------------------------------
# “三公”经费 across departments.


@dataclass
class ThreePublicRow(DocumentRow):
    document: Document
    three_public: object
    outbound_travel: object
    reception: object
    vehicle_purchase: object
    vehicle_operation: object
    meetings: object
    training: object
    administrative_running: object
    prior: Document | None = None
    prior_three_public: object = None
    change: object = None
    percent: object = None
    url: str = ""


def three_public(region, year):
    """[ThreePublicRow] of the counted documents of ``year`` that publish a current-year
    “三公” table, with the change against the same organisation's prior published budget
    (its current-year figures), and the rows' sum (a ThreePublicRow without document)."""
    documents = budget_documents(region)
    this_year = [d for d in counted(documents) if d.year == year]
    if not this_year:
        raise Http404(_("该地区本年没有已公开的预算。"))
    prior = prior_of(documents)
    wanted = this_year + [prior[d.pk] for d in this_year if d.pk in prior]
    spending = {
        row.document_id: row
        for row in RestrictedSpending.objects.filter(
            document__in=[d.pk for d in wanted], period=RestrictedSpending.Period.CURRENT_YEAR
        )
    }
    rows = []
    for document in this_year:
        current = spending.get(document.pk)
        if current is None:
            continue
        row = ThreePublicRow(
            document,
            arithmetic.three_public_total(current),
            *(getattr(current, name) for name in RestrictedSpending.AMOUNT_FIELDS),
        )
        before = prior.get(document.pk)
        if before is not None and before.pk in spending:
            row.prior = before
            row.prior_three_public = arithmetic.three_public_total(spending[before.pk])
            row.change = arithmetic.change(row.prior_three_public, row.three_public)
            row.percent = arithmetic.percent_change(row.prior_three_public, row.three_public)
        rows.append(row)
    rows.sort(key=lambda row: (row.three_public is None, -(row.three_public or 0)))
    total = ThreePublicRow(
        None,
        *(
            arithmetic.total_of(getattr(row, name) for row in rows)
            for name in ("three_public", *RestrictedSpending.AMOUNT_FIELDS)
        ),
    )
    return rows, total, this_year


THREE_PUBLIC_COLUMNS = (
    ("three_public", _("“三公”经费合计")),
    ("outbound_travel", _("因公出国（境）费")),
    ("reception", _("公务接待费")),
    ("vehicle_purchase", _("公务用车购置费")),
    ("vehicle_operation", _("公务用车运行维护费")),
    ("meetings", _("会议费")),
    ("training", _("培训费")),
    ("administrative_running", _("机关运行经费")),
)
