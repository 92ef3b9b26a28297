"""What the public pages show, assembled from published documents' facts.

Views stay thin: they call these functions and render. Sums go through
``disclosures.arithmetic``; tables through ``disclosures.tables``.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from budgets.classifications.models import SCHEMES as CODE_MODELS
from budgets.classifications.models import FunctionCode
from budgets.disclosures import arithmetic, tables
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    ExpenditureByType,
    ExpenseType,
    FunctionExpenditure,
    FundingSource,
    PrintedSubtotal,
    Project,
    Statement,
)
from budgets.disclosures.tables import TOTAL_ROW, dept_code, function_code, gov_code
from budgets.organisations.models import Organisation, Profile, Region
from budgets.performance.models import TargetSet
from budgets.summaries.models import (
    ClassSummary,
    DocumentSummary,
    RankingSummary,
    RegionSummary,
)
from budgets.web.pages import document_kwargs

from . import names as localised  # names in the reader's language


@dataclass(frozen=True)
class Scheme:
    """A classification the public can drill down: its URL slug, lengths, names."""

    slug: str
    key: str  # the scheme key in DocumentFacts.names and tables.Code
    label: str
    lengths: tuple
    #: The table kinds printing these same totals by code, whose printed subtotals the
    #: pages show (whole-元 documents print some 1 元 off the sum of their rows).
    printed_kind: tuple = ()

    def lines(self, facts):
        if self.key == "function":
            return facts.function_lines
        if self.key == "dept_economic":
            return facts.economic_lines
        return [line for line in facts.economic_lines if line.gov_economic_id]

    def code_of(self, line):
        return {"function": function_code, "dept_economic": dept_code}.get(self.key, gov_code)(line)

    def printed(self, facts):
        """{code or 合计: {column key: amount}} as the document prints them."""
        return tables.printed_rows(facts, self.printed_kind) if self.printed_kind else {}

    def rollup(self, facts, lengths):
        """{code: Split} of the scheme's lines at ``lengths``, with printed subtotals put in."""
        splits = arithmetic.rollup(self.lines(facts), self.code_of, lengths)
        return arithmetic.rollup_as_printed(splits, self.printed(facts))

    def whole(self, facts):
        """The Split of all the scheme's lines, as the document prints its 合计."""
        split = arithmetic.split_of(self.lines(facts))
        return arithmetic.as_printed(split, self.printed(facts).get(TOTAL_ROW))

    def level_name(self, length):
        return {3: _("类"), 5: _("款"), 7: _("项")}[length]


SCHEMES = {
    "function": Scheme(
        "function", "function", _("支出功能分类"), (3, 5, 7), tables.SPENDING_BY_FUNCTION
    ),
    "dept-economic": Scheme("dept-economic", "dept_economic", _("部门预算支出经济分类"), (3, 5)),
    "gov-economic": Scheme("gov-economic", "gov_economic", _("政府预算支出经济分类"), (3, 5)),
}


def scheme_or_404(slug):
    try:
        return SCHEMES[slug]
    except KeyError:
        raise Http404(_("没有这种分类。")) from None


#: The largest id (BigAutoField) the database can hold. The URL's <int:…> matches any run
#: of digits; Django finds nothing for a larger pk or year, but a larger foreign key
#: (``organisation_id``) reaches the database, which refuses it (SQLite: OverflowError).
LARGEST_ID = 2**63 - 1


def id_or_404(value):
    """``value`` if a row could have it as its id, else Http404."""
    if not 0 <= value <= LARGEST_ID:
        raise Http404(_("没有找到该部门或单位。"))
    return value


def published_documents():
    return Document.published.select_related(
        "organisation__region", "organisation__parent", "template"
    )


def document_or_404(organisation_id, year, stage=Document.Stage.BUDGET):
    """The published document of an organisation, year and stage (its budget unless the
    URL says ``final/``)."""
    id_or_404(organisation_id)
    document = (
        published_documents()
        .filter(organisation_id=organisation_id, year=year, stage=stage)
        .order_by("scope")
        .first()
    )
    if document is None:
        raise not_published(stage)
    return document


def not_published(stage):
    """The 404 of an organisation-year without a published document of ``stage``."""
    if stage == Document.Stage.FINAL_ACCOUNTS:
        return Http404(_("没有找到已公开的决算文件。"))
    return Http404(_("没有找到已公开的预算文件。"))


class OrganisationDocuments:
    """An organisation's published documents of every year and stage, with their kept
    totals, in one query: what its pages take a year's document, its other stage's and the
    years' totals from."""

    def __init__(self, organisation_id):
        id_or_404(organisation_id)
        self.documents = list(
            published_documents()
            .filter(organisation_id=organisation_id)
            .annotate(total=F("summary__total"))
            .order_by("year", "scope")
        )

    def find(self, year, stage):
        """The document of ``year`` and ``stage`` (a department's before a unit's), or None."""
        return next((d for d in self.documents if d.year == year and d.stage == stage), None)

    def other_stage(self, document):
        """The published document of ``document``'s year at the other stage (a budget's
        决算, a 决算's budget), or None."""
        budget = Document.Stage.BUDGET
        other = Document.Stage.FINAL_ACCOUNTS if document.stage == budget else budget
        return self.find(document.year, other)

    def year_totals(self, stage=Document.Stage.BUDGET):
        """[(document, total expenditure as printed)] of ``stage``'s documents, by year."""
        return [
            (document, document.total) for document in self.documents if document.stage == stage
        ]


def organisation_or_404(organisation_id):
    """An organisation that has at least one published document (itself or its units)."""
    organisation = (
        Organisation.objects.select_related("region", "parent")
        .filter(pk=organisation_id)
        .filter(Q(documents__status="published") | Q(units__documents__status="published"))
        .first()
    )
    if organisation is None:
        raise Http404(_("没有找到该部门或单位。"))
    return organisation


# ---------------------------------------------------------------------------
# Home and search.


@dataclass
class OrganisationEntry:
    organisation: Organisation
    documents: list = field(default_factory=list)
    units: list = field(default_factory=list)


@dataclass
class RegionEntry:
    region: Region
    departments: list = field(default_factory=list)


def directory(documents=None):
    """Regions → departments → units, each with its published documents (years)."""
    documents = list(documents if documents is not None else published_documents())
    entries = {}
    regions = {}
    for document in documents:
        organisation = document.organisation
        entry = entries.setdefault(organisation.pk, OrganisationEntry(organisation))
        entry.documents.append(document)
        if organisation.parent_id and organisation.parent_id not in entries:
            entries[organisation.parent_id] = OrganisationEntry(organisation.parent)
    for entry in entries.values():
        entry.documents.sort(key=lambda document: -document.year)
    for entry in sorted(entries.values(), key=lambda e: (e.organisation.code, e.organisation.name)):
        organisation = entry.organisation
        if organisation.parent_id:
            entries[organisation.parent_id].units.append(entry)
            continue
        region_entry = regions.setdefault(organisation.region_id, RegionEntry(organisation.region))
        region_entry.departments.append(entry)
    return sorted(regions.values(), key=lambda entry: entry.region.code)


#: Departments per page of a region on the home page.
HOME_PAGE_SIZE = 20


@dataclass(frozen=True)
class YearLink:
    """One published year of an organisation, as the years' links need it (no document
    is loaded for it)."""

    organisation_id: int
    organisation: object
    year: int
    stage: str


@dataclass
class RegionCount:
    """A region on the home page's map (``summaries.RegionSummary``)."""

    region: Region
    #: Its own documents (child regions apart) and their departments: its directory.
    departments: int
    documents: int
    #: With its child regions': documents, the latest year, the latest budget total.
    family_documents: int = 0
    latest_year: int = 0
    budget_year: int | None = None
    budget_count: int | None = None
    budget_total: object = None


@dataclass
class HomePage:
    regions: list
    region: object = None
    departments: list = field(default_factory=list)
    number: int = 1
    num_pages: int = 1

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


def publishing_departments(region):
    """Q of the region's departments that publish, themselves or through a unit (a unit is
    in its department's region: ``Organisation.clean``), from the region's kept document
    rows by index: the region's documents only, however many the database holds."""
    return Q(pk__in=DocumentSummary.objects.filter(region=region).values("department"))


def home_page(region_code=None, page_number=1):
    """The home page's map and directory, each part one query or one page in SQL: every
    region holding documents, itself or below it, with its counts and latest budget total
    (kept at publication, ``summaries.RegionSummary``); the chosen region's departments
    one page at a time (ordered and cut in SQL); and the page's departments and units with
    their years (one query over the page's organisations only)."""
    regions = [
        RegionCount(
            kept.region,
            kept.departments,
            kept.documents,
            kept.family_documents,
            kept.latest_year,
            kept.budget_year,
            kept.budget_count,
            kept.budget_total,
        )
        for kept in RegionSummary.objects.select_related("region__parent__parent").order_by(
            "region__code"
        )
    ]
    result = HomePage(regions=regions)
    with_directory = [entry for entry in regions if entry.documents]
    if not with_directory:
        return result
    chosen = next(
        (entry for entry in with_directory if entry.region.code == region_code),
        with_directory[0],
    )
    result.region = chosen.region
    result.num_pages = max(1, -(-chosen.departments // HOME_PAGE_SIZE))
    result.number = min(max(1, page_number), result.num_pages)
    start = (result.number - 1) * HOME_PAGE_SIZE
    departments = list(
        Organisation.objects.filter(region=chosen.region, parent__isnull=True)
        .filter(publishing_departments(chosen.region))
        .order_by("code", "name", "pk")[start : start + HOME_PAGE_SIZE]
    )
    entries = {department.pk: OrganisationEntry(department) for department in departments}
    years = (
        # the organisations first (their primary key and parent indexes), then their documents
        Document.published.filter(
            organisation__in=Organisation.objects.filter(
                Q(pk__in=entries) | Q(parent__in=entries)
            ).values("pk")
        )
        .values_list(
            "organisation_id",
            "organisation__parent_id",
            "organisation__code",
            "organisation__name",
            "year",
            "stage",
        )
        .distinct()
        .order_by("organisation__code", "organisation__name", "organisation_id", "-year", "stage")
    )
    units = {}
    for organisation_id, parent_id, code, name, year, stage in years:
        if parent_id is None:
            entry = entries[organisation_id]
        else:
            entry = units.get(organisation_id)
            if entry is None:
                unit = Organisation(pk=organisation_id, parent_id=parent_id, code=code, name=name)
                entry = units[organisation_id] = OrganisationEntry(unit)
                entries[parent_id].units.append(entry)
        entry.documents.append(YearLink(organisation_id, entry.organisation, year, stage))
    result.departments = list(entries.values())
    return result


# ---------------------------------------------------------------------------
# The organisation-year page.


@dataclass
class Headline:
    revenue: object
    expenditure: object
    basic: object
    project: object
    three_public: object
    three_public_prior: object
    three_public_change: object
    #: 江苏: 单位预留机动经费 and 结转下年资金 (None where the document prints none).
    reserve: object = None
    carryforward: object = None


HEADLINE_TOPICS = (
    "revenue",
    "fiscal_revenue",
    "general_public_revenue",
    "expenditure",
    "fiscal_expenditure",
    "general_public_expenditure",
)


def headline(facts):
    split = SCHEMES["function"].whole(facts)
    printed_revenue = tables.printed_rows(facts, tables.REVENUE_BY_FUNCTION).get(TOTAL_ROW, {})
    # A budget's 当年 (beside its 上年); a 决算's 决算数.
    current = facts.restricted.get("current") or facts.restricted.get("final")
    prior = facts.restricted.get("prior")
    current_total = arithmetic.three_public_total(current) if current else None
    prior_total = arithmetic.three_public_total(prior) if prior else None
    # Spending printed by function without its type (江苏): 基本/项目/预留/结转 are what
    # the document prints by type alone.
    uses = spending_by_type(facts)
    return Headline(
        revenue=printed_revenue.get(
            "total", arithmetic.total_of(arithmetic.by_source(facts.revenue).values())
        ),
        expenditure=split.total,
        basic=uses.get(ExpenseType.BASIC) if uses else split.basic,
        project=uses.get(ExpenseType.PROJECT) if uses else split.project,
        reserve=uses.get(ExpenseType.RESERVE) if uses else split.reserve,
        carryforward=uses.get(ExpenseType.CARRYFORWARD) if uses else split.carryforward,
        three_public=current_total,
        three_public_prior=prior_total,
        three_public_change=arithmetic.change(prior_total, current_total)
        if prior is not None
        else None,
    )


def statements_of(document):
    return list(Statement.objects.filter(document=document))


#: The table kinds printing 一般公共预算 spending by function with its 合计 (上海 5, 陕西 表5,
#: 上海 决算 5).
GENERAL_PUBLIC_BY_FUNCTION = (
    "general_public_basic_project_by_function",
    "general_public_by_function",
    "final_general_public",
)


def document_figures(facts):
    """A document's figures by narrative topic, with the subtotals it prints."""
    fiscal_summary = tables.printed_rows(facts, ("shanghai_fiscal_summary",))
    printed = {
        "revenue": tables.printed_rows(facts, tables.REVENUE_BY_FUNCTION),
        "spending": tables.printed_rows(facts, tables.SPENDING_BY_FUNCTION),
        "general_public": tables.printed_rows(facts, GENERAL_PUBLIC_BY_FUNCTION),
        # 上海 财政拨款收支总表's 支出总计, and 财务收支总表's revenue by source.
        "fiscal": {TOTAL_ROW: fiscal_summary.get("spending_total", {})},
        "sources": tables.printed_rows(facts, ("shanghai_summary",)),
        "by_type": spending_by_type(facts),
    }
    return arithmetic.DocumentFigures(facts, printed)


def spending_by_type(facts):
    """{expense type: amount} of all spending where the document prints its function
    spending without its type (江苏) and its types alone; {} otherwise (no query)."""
    if arithmetic.split_of(facts.function_lines).unsplit is None:
        return {}
    return tables.by_type(facts, ExpenditureByType.Coverage.ALL)


@dataclass
class CheckedStatement:
    statement: Statement
    check: arithmetic.StatementCheck


@dataclass
class CheckedStatements:
    changes: list  # CheckedStatement of the statements with a stated change
    figures: list  # CheckedStatement of the other statements that state an amount

    def figures_where(self, agreements):
        return [item for item in self.figures if item.check.figure_agreement in agreements]

    @property
    def figures_agreeing(self):
        return self.figures_where({arithmetic.EXACT, arithmetic.ROUNDED})

    @property
    def figures_differing(self):
        return self.figures_where({arithmetic.DIFFERS, arithmetic.ABSENT})

    @property
    def figures_unchecked(self):
        return self.figures_where({""})


def checked_statements(facts, statements):
    """The narrative's statements that state a change or an amount, each checked (see
    ``check_statements``)."""
    checked = check_statements(
        facts,
        [
            statement
            for statement in statements
            if statement.direction or statement.amount is not None
        ],
    )
    return CheckedStatements(
        changes=[item for item in checked if item.statement.direction],
        figures=[item for item in checked if not item.statement.direction],
    )


def check_statements(facts, statements):
    """Each statement with its check against the document's tables and, where it compares
    with the budget of a year whose budget of the same organisation, stage and scope is
    published, against that document (one more document's facts per such year)."""
    document = facts.document
    figures = document_figures(facts)
    precision = arithmetic.table_precision(document)
    # only a stated change is checked against another year (``arithmetic.check_statement``)
    base_years = {
        statement.pk: arithmetic.budget_base_year(statement.comparison, document.year)
        if document.stage == Document.Stage.BUDGET and statement.direction
        else None
        for statement in statements
    }
    prior_figures = {}
    wanted = {year for year in base_years.values() if year}
    if wanted:
        for prior in Document.published.filter(
            organisation=document.organisation,
            stage=document.stage,
            scope=document.scope,
            year__in=wanted,
        ):
            if prior.template_id == document.template_id:
                prior.template = document.template  # with its tables, loaded already
            prior_figures[prior.year] = document_figures(tables.load_figure_facts(prior))
    checked = []
    for statement in statements:
        base_year = base_years[statement.pk]
        prior = prior_figures.get(base_year)
        check = arithmetic.check_statement(
            statement,
            figures.of(statement.topic, statement.subject),
            precision,
            prior.of(statement.topic, statement.subject) if prior else None,
            base_year,
        )
        checked.append(CheckedStatement(statement, check))
    return checked


def profile_of(document):
    return (
        Profile.objects.filter(organisation=document.organisation, year=document.year)
        .prefetch_related("items")
        .first()
    )


@dataclass
class ChartItem:
    code: str
    label: str
    amount: object
    url: str = ""


def composition(facts, scheme, document):
    """Top-level (类) totals of a scheme, largest first, each linking to its drill-down."""
    splits = scheme.rollup(facts, scheme.lengths[:1])
    english = localised.english_names(scheme.key, document.year, splits)
    items = [
        ChartItem(
            code,
            localised.make_name(facts.name(scheme.key, code), english.get(code, "")) or code,
            split.total,
            drill_url(document, scheme, code),
        )
        for code, split in splits.items()
    ]
    return sorted(items, key=lambda item: -(item.amount or 0))


def drill_url(document, scheme, code=""):
    kwargs = document_kwargs(document, scheme=scheme.slug)
    if code:
        kwargs["code"] = code
        return reverse("browse:drill_code", kwargs=kwargs)
    return reverse("browse:drill", kwargs=kwargs)


def printed_by_document(documents, kinds, rows=None):
    """{document pk: {row key: {column key: amount}}}: the subtotals each document prints
    in its table of one of ``kinds`` (only ``rows`` if given), in one query."""
    printed = {document.pk: {} for document in documents}
    subtotals = PrintedSubtotal.objects.filter(document__in=documents, table__kind__in=kinds)
    if rows is not None:
        subtotals = subtotals.filter(row__in=rows)
    for subtotal in subtotals:
        row = printed[subtotal.document_id].setdefault(subtotal.row, {})
        row[subtotal.column] = subtotal.amount
    return printed


def spending_total(lines, printed_rows):
    """A document's total function spending as it prints it."""
    return arithmetic.as_printed(arithmetic.split_of(lines), printed_rows.get(TOTAL_ROW)).total


# ---------------------------------------------------------------------------
# Drill-down.


@dataclass
class DrillItem:
    code: str
    name: str
    total: object
    basic: object
    project: object
    share: object
    url: str


@dataclass
class Crumb:
    label: str
    url: str


def drill(facts, scheme, code):
    """The items one level below ``code`` ("" for the top), with breadcrumbs."""
    document = facts.document
    if code and (not code.isdigit() or len(code) not in scheme.lengths):
        raise Http404(_("科目编码无效。"))
    splits = scheme.rollup(facts, scheme.lengths)
    if code and code not in splits:
        raise Http404(_("本文件没有该科目的支出。"))
    depth = scheme.lengths.index(len(code)) + 1 if code else 0
    current = splits[code] if code else scheme.whole(facts)
    items = []
    if depth < len(scheme.lengths):
        length = scheme.lengths[depth]
        for child, split in splits.items():
            if len(child) == length and child.startswith(code):
                items.append(
                    DrillItem(
                        code=child,
                        name=facts.name(scheme.key, child),
                        total=split.total,
                        basic=split.basic,
                        project=split.project,
                        share=arithmetic.share(split.total, current.total),
                        url=drill_url(document, scheme, child),
                    )
                )
    crumbs = [Crumb(str(scheme.label), drill_url(document, scheme))]
    prefixes = [code[:length] for length in scheme.lengths if code and length <= len(code)]
    english = localised.english_names(scheme.key, document.year, prefixes)
    for prefix in prefixes:
        name = localised.make_name(facts.name(scheme.key, prefix), english.get(prefix, ""))
        crumbs.append(Crumb(f"{prefix} {name}", drill_url(document, scheme, prefix)))
    return current, items, crumbs, depth


# ---------------------------------------------------------------------------
# Comparisons.


def names_for(year_codes, model=FunctionCode):
    """{(year, code): name} for the given pairs, in one query."""
    years = {year for year, _code in year_codes}
    codes = {code for _year, code in year_codes}
    if not codes:
        return {}
    return {
        (year, code): name
        for year, code, name in model.objects.filter(year__in=years, code__in=codes).values_list(
            "year", "code", "name"
        )
    }


@dataclass
class ComparisonRow:
    code: str
    name: str
    amounts: list  # one per column
    change: object = None
    percent: object = None
    url: str = ""
    #: A department's row on its units page: the units' sum and department − units.
    units_sum: object = None
    difference: object = None


def rollup_documents(documents, lengths):
    """{document pk: {code: Split}} of function spending and {document pk: total}, as
    each document prints them, in two queries."""
    lines = FunctionExpenditure.objects.filter(document__in=documents).select_related("function")
    by_document = defaultdict(list)
    for line in lines:
        by_document[line.document_id].append(line)
    printed = printed_by_document(documents, tables.SPENDING_BY_FUNCTION)
    rolled = {
        document.pk: arithmetic.rollup_as_printed(
            arithmetic.rollup(by_document[document.pk], function_code, lengths),
            printed[document.pk],
        )
        for document in documents
    }
    totals = {
        document.pk: spending_total(by_document[document.pk], printed[document.pk])
        for document in documents
    }
    return rolled, totals


def across_years(organisation, length):
    """Function spending of an organisation by code (of ``length``) in each published
    document, year by year, a year's final accounts (决算) after its budget: the two series
    side by side. The change is between the two latest budgets."""
    documents = list(
        published_documents()
        .filter(organisation=organisation)
        .order_by("year", "-stage")  # "budget" before "final_accounts"
    )
    rolled, document_totals = rollup_documents(documents, (length,))
    codes = sorted({code for splits in rolled.values() for code in splits})
    names = names_for([(document.year, code) for document in documents for code in codes])
    english = localised.english_names("function", documents[-1].year, codes) if documents else {}
    rows = []
    for code in codes:
        amounts = [
            rolled[document.pk][code].total if code in rolled[document.pk] else None
            for document in documents
        ]
        name = next(
            (names[(d.year, code)] for d in reversed(documents) if (d.year, code) in names), ""
        )
        row = ComparisonRow(code, localised.make_name(name, english.get(code, "")), amounts)
        budgets = [
            amount
            for document, amount in zip(documents, amounts, strict=True)
            if document.stage == "budget"
        ]
        if len(budgets) >= 2:
            row.change = arithmetic.change(budgets[-2], budgets[-1])
            row.percent = arithmetic.percent_change(budgets[-2], budgets[-1])
        rows.append(row)
    totals = [document_totals[document.pk] for document in documents]
    return documents, rows, totals


def department_units(department, year):
    """A department's own document (if published) and its units' side by side, by 类,
    with the department checked against the sum of its units (see
    ``arithmetic.department_against_units``): each row's ``units_sum`` and
    ``difference``, and the check itself."""
    documents = list(
        published_documents()
        .filter(Q(organisation=department) | Q(organisation__parent=department), year=year)
        .filter(stage="budget")
        .order_by("scope", "organisation__code", "organisation__name")
    )
    if not documents:
        raise Http404(_("该部门本年没有已公开的预算。"))
    rolled, document_totals = rollup_documents(documents, (3,))
    codes = sorted({code for splits in rolled.values() for code in splits})
    names = names_for([(year, code) for code in codes])

    def by_code(document):
        return {code: split.total for code, split in rolled[document.pk].items()}

    department_document = next(
        (
            document
            for document in documents
            if document.organisation_id == department.pk
            and document.scope == Document.Scope.DEPARTMENT
        ),
        None,
    )
    unit_documents = [
        document
        for document in documents
        if document.organisation.parent_id == department.pk
        and document.organisation.kind == Organisation.Kind.UNIT
        and document.scope == Document.Scope.UNIT
    ]
    checked = [department_document, *unit_documents] if department_document else unit_documents
    check = arithmetic.department_against_units(
        (by_code(department_document), document_totals[department_document.pk])
        if department_document
        else None,
        [(by_code(document), document_totals[document.pk]) for document in unit_documents],
        department.units.filter(kind=Organisation.Kind.UNIT).count(),
        rounded_figures=sum(1 for document in checked if document.amount_places == 0),
    )
    rows = [
        ComparisonRow(
            code,
            names.get((year, code), ""),
            [
                rolled[document.pk][code].total if code in rolled[document.pk] else None
                for document in documents
            ],
            units_sum=check.unit_sums.get(code),
            difference=check.differences.get(code),
        )
        for code in codes
    ]
    totals = [document_totals[document.pk] for document in documents]
    return documents, rows, totals, check


@dataclass
class RankedEntry:
    rank: int
    document: Document
    amount: object
    share: object
    url: str
    drill_url: str = ""


#: The scopes a ranking lists, one at a time: a department's budget already holds its
#: units', so ranking both together would count the same money twice.
RANKING_SCOPES = {"department": Document.Scope.DEPARTMENT, "unit": Document.Scope.UNIT}
RANKING_PAGE_SIZE = 20

#: (line model, code field) of each scheme's lines.
LINE_MODELS = {
    "function": (FunctionExpenditure, "function"),
    "dept_economic": (EconomicExpenditure, "dept_economic"),
    "gov_economic": (EconomicExpenditure, "gov_economic"),
}


def amount_under(scheme, code):
    """An expression of a document's spending under ``code`` (a prefix), as it prints it:
    its printed subtotal for that code where it prints one (whole-元 documents print some
    1 元 off the sum of their lines), else the sum of its lines; NULL where it has none."""
    model, field_name = LINE_MODELS[scheme.key]
    summed = Subquery(
        model.objects.filter(document=OuterRef("pk"), **{f"{field_name}__code__startswith": code})
        .order_by()
        .values("document")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    if not scheme.printed_kind:
        return summed
    return Coalesce(printed_under(scheme, code, "pk"), summed)


def printed_under(scheme, code, ref):
    """SQL: the subtotal the document ``OuterRef(ref)`` prints for ``code``, if any."""
    return Subquery(
        PrintedSubtotal.objects.filter(
            document=OuterRef(ref),
            table__kind__in=scheme.printed_kind,
            row=code,
            column=PrintedSubtotal.Column.TOTAL,
        )
        # the template's first such table; the model's ordering would join three more
        .order_by("table__position")
        .values("amount")[:1]
    )


def check_code(scheme, code):
    if not code.isdigit() or len(code) not in scheme.lengths:
        raise Http404(_("科目编码无效。"))


def ranked_amounts(scheme, year, code, scope):
    """[(document pk, amount)] of the published budgets of ``year`` and ``scope`` with
    spending under ``code``, largest first (ties by organisation name): one GROUP BY over
    their lines under the code, each amount as ``amount_under`` gives it. Taken from the
    lines' side, not as a subquery per document: at 3,700 budgets 35 ms, not 250.

    A document prints a subtotal only above lines of its own, so every ranked one has
    lines under the code."""
    check_code(scheme, code)
    model, field_name = LINE_MODELS[scheme.key]
    documents = Document.published.filter(
        year=year, stage=Document.Stage.BUDGET, scope=RANKING_SCOPES[scope]
    )
    amount = Sum("amount")
    if scheme.printed_kind:
        amount = Coalesce(printed_under(scheme, code, "document"), amount)
    return (
        model.objects.filter(document__in=documents, **{f"{field_name}__code__startswith": code})
        .values("document")
        .annotate(amount=amount)
        .order_by("-amount", "document__organisation__name", "document")
        .values_list("document", "amount")
    )


def kept_ranking(scheme, code):
    """Whether the ranking of ``code`` is kept (``summaries.ClassSummary``): a 类 of the
    function or departmental economic classification."""
    return len(code) == 3 and scheme.key in ClassSummary.Scheme.values


class KeptRanking:
    """A kept ranking, sliced by the Paginator: a page read from the index
    ``class_summary_ranking`` with a LIMIT; its count and total from ``RankingSummary``."""

    def __init__(self, scheme, year, code, scope):
        where = ranking_key(scheme, year, code, scope)
        self.rows = (
            ClassSummary.objects.filter(**where)
            .order_by("-amount", "organisation_name", "document")
            .values_list("document", "amount")
        )
        kept = RankingSummary.objects.filter(**where).values_list("document_count", "total")
        self.size, self.total = kept.first() or (0, Decimal(0))

    def count(self):
        return self.size

    def __getitem__(self, index):
        return list(self.rows[index])


class ComputedRanking(list):
    """Any other code's ranking: every amount read (``ranked_amounts``)."""

    @cached_property
    def total(self):
        return sum((amount for _pk, amount in self), Decimal(0))


def ranking_key(scheme, year, code, scope):
    return {
        "scheme": scheme.key,
        "klass": code,
        "year": year,
        "stage": Document.Stage.BUDGET,
        "scope": RANKING_SCOPES[scope],
    }


def ranked_budgets(scheme, year, code, scope):
    """[(document pk, amount)] of the ranking, largest first, with its ``total``."""
    if kept_ranking(scheme, code):
        return KeptRanking(scheme, year, code, scope)
    return ComputedRanking(ranked_amounts(scheme, year, code, scope))


def ranking_size(scheme, year, code, scope):
    if kept_ranking(scheme, code):
        kept = RankingSummary.objects.filter(**ranking_key(scheme, year, code, scope))
        return kept.values_list("document_count", flat=True).first() or 0
    return ranked_amounts(scheme, year, code, scope).count()


@dataclass
class Ranking:
    entries: list
    page: object  # django Paginator page
    total: object
    count: int
    other_count: int  # how many the other scope lists
    name: str


def ranking(scheme, year, code, scope="department", page_number=1):
    """One scope's published budgets of ``year`` under ``code``, largest first, a page of
    them, with each one's share of everything the ranking lists (rounded one by one:
    exact shares adding up to 100.00% would read every amount for each page; a 类's
    ranking reads only its page, from kept figures)."""
    check_code(scheme, code)
    ranked = ranked_budgets(scheme, year, code, scope)
    other = "unit" if scope == "department" else "department"
    paginator = Paginator(ranked, RANKING_PAGE_SIZE, allow_empty_first_page=True)
    page = paginator.get_page(page_number)
    documents = published_documents().in_bulk([pk for pk, _amount in page.object_list])
    entries = [
        RankedEntry(
            page.start_index() + offset,
            documents[pk],
            amount,
            arithmetic.share(amount, ranked.total),
            reverse(
                "browse:document",
                kwargs={"organisation": documents[pk].organisation_id, "year": year},
            ),
            drill_url(documents[pk], scheme, code),
        )
        for offset, (pk, amount) in enumerate(page.object_list)
    ]
    name = (
        CODE_MODELS[scheme.key]
        .objects.filter(year=year, code=code)
        .values_list("name", flat=True)
        .first()
    )
    return Ranking(
        entries=entries,
        page=page,
        total=ranked.total,
        count=paginator.count,
        other_count=ranking_size(scheme, year, code, other),
        name=name or "",
    )


# ---------------------------------------------------------------------------
# The last level of a classification (项 of function, 款 of economic): every split the
# document publishes for it, what its narrative says of it, and the same code in the
# organisation's other years.


@dataclass
class SplitRow:
    label: str
    amounts: list  # one per expense type column
    total: object


@dataclass
class LeafDetail:
    columns: list  # expense type labels
    by_source: list  # SplitRow per funding source
    totals: SplitRow
    statements: list
    years: list  # YearAmount of this code in every published budget of the organisation
    #: Basic spending printed without its 人员/公用 split (上海, 江苏).
    basic_unsplit: bool = False


@dataclass
class YearAmount:
    document: Document
    amount: object
    url: str
    current: bool


#: The order expense types are shown in.
EXPENSE_ORDER = [choice for choice, _label in ExpenseType.choices]


def leaf_detail(facts, scheme, code, current):
    """What the document publishes for the last-level code ``code`` (``current``: its
    Split as printed), split by expense type and funding source exactly at the grain of
    its lines, never finer."""
    document = facts.document
    lines = [line for line in scheme.lines(facts) if scheme.code_of(line) == code]
    types = sorted({line.expense_type for line in lines}, key=EXPENSE_ORDER.index)
    cells = defaultdict(dict)
    for line in lines:
        cell = cells[line.source]
        cell[line.expense_type] = arithmetic.add(cell.get(line.expense_type), line.amount)
    sources = [source for source, _label in FundingSource.choices if source in cells]
    by_source = [
        SplitRow(
            FundingSource(source).label,
            [cells[source].get(expense_type) for expense_type in types],
            arithmetic.total_of(cells[source].values()),
        )
        for source in sources
    ]
    column_totals = [
        arithmetic.total_of(
            [cells[source][expense_type] for source in sources if expense_type in cells[source]]
        )
        for expense_type in types
    ]
    statements = []
    if scheme.key == "function":
        statements = list(Statement.objects.filter(document=document, topic=f"function:{code}"))
    years = [
        YearAmount(
            other,
            other.amount,
            drill_url(other, scheme, code),
            other.pk == document.pk,
        )
        for other in published_documents()
        .filter(organisation=document.organisation, stage=document.stage, scope=document.scope)
        .annotate(amount=amount_under(scheme, code))
        .order_by("year")
    ]
    return LeafDetail(
        columns=[ExpenseType(expense_type).label for expense_type in types],
        by_source=by_source,
        totals=SplitRow(_("合计"), column_totals, current.total),
        statements=statements,
        years=years,
        basic_unsplit=ExpenseType.BASIC in types or ExpenseType.UNSPLIT in types,
    )


# ---------------------------------------------------------------------------
# The glossary (名词解释) a document prints.


@dataclass
class GlossaryEntry:
    number: int
    term: str
    definition: str

    @property
    def anchor(self):
        return f"term-{self.number}"

    @cached_property
    def pattern(self):
        """The term as it may appear in the document's other text: with or without its
        quotation marks (“三公”经费 / 三公经费), and without a trailing 预算 (基本支出预算 is
        defined, 基本支出 appears). Compiled once: a page looks for every term in every
        statement."""
        plain = re.sub(r"[“”\"]", "", self.term)
        forms = [plain]
        if plain.endswith("预算") and len(plain) > 4:
            forms.append(plain[: -len("预算")])
        quotes = '[“”"]?'
        return re.compile(
            "|".join(quotes + quotes.join(re.escape(char) for char in form) for form in forms)
        )


@dataclass
class Glossary:
    entries: list
    url: str


GLOSSARY_NUMBER = re.compile(
    r"^\s*(?:\d+\s*[\.．、]|[（(][一二三四五六七八九十\d]+[)）]、?|[一二三四五六七八九十]+、)\s*"
)
GLOSSARY_SPLIT = re.compile(r"[：:]")


#: Where a numbered term starts inside a line: after a sentence, “五、” or “（五）”.
GLOSSARY_INLINE = re.compile(
    r"(?<=[。”])\s*(?=[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)"
)


def glossary_lines(text):
    """The glossary's lines, a line that runs several numbered terms together (a 决算 prints
    its eleven terms as one paragraph) cut before each."""
    return [part for line in text.splitlines() for part in GLOSSARY_INLINE.split(line)]


def glossary_of(document):
    """The document's 名词解释 as terms and definitions (a numbered line starts a term, the
    text before its first colon; an unnumbered line continues the definition before it)."""
    entries = []
    for line in glossary_lines(document.glossary):
        line = line.strip()
        if not line:
            continue
        numbered = GLOSSARY_NUMBER.match(line)
        body = line[numbered.end() :] if numbered else line
        parts = GLOSSARY_SPLIT.split(body, maxsplit=1)
        if (numbered or not entries) and len(parts) == 2 and 0 < len(parts[0].strip()) <= 30:
            entries.append(GlossaryEntry(len(entries) + 1, parts[0].strip(), parts[1].strip()))
        elif entries:
            entries[-1].definition += "\n" + line
    url = reverse("browse:glossary", kwargs=document_kwargs(document))
    return Glossary(entries, url)


# ---------------------------------------------------------------------------
# Projects and their performance targets.


@dataclass
class ProjectEntry:
    """A project with the 绩效目标 the document prints for it (None where it prints none)."""

    position: int
    project: Project
    targets: object = None

    @property
    def goals(self):
        if self.targets is None:
            return {}
        return {goal.horizon: goal.text for goal in self.targets.goals.all()}


def projects_of(document):
    """The document's projects in printed order, each numbered from 1 and with its targets."""
    projects = list(
        Project.objects.filter(document=document)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "targetset_set",
                queryset=TargetSet.objects.prefetch_related("goals", "indicators"),
                to_attr="target_sets",
            )
        )
        .order_by("position", "pk")
    )
    return [
        ProjectEntry(number, project, next(iter(project.target_sets), None))
        for number, project in enumerate(projects, start=1)
    ]


def project_coverage(document, listed):
    """(项目支出 as the document's tables give it, the share of it the listed projects'
    ``listed`` amount makes), or None where the tables give no 项目支出."""
    facts = tables.load_figure_facts(document)
    spending = arithmetic.split_of(facts.function_lines).project
    if not spending:
        return None
    return spending, arithmetic.share(listed, spending).quantize(Decimal("0.1"))
