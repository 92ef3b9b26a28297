"""What the public pages show, assembled from published documents' facts.

Views stay thin: they call these functions and render. Sums go through
``disclosures.arithmetic``; tables through ``disclosures.tables``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
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
    PrintedSubtotal,
    Statement,
)
from budgets.disclosures.tables import TOTAL_ROW, dept_code, function_code, gov_code
from budgets.organisations.models import Organisation, Profile, Region


@dataclass(frozen=True)
class Scheme:
    """A classification the public can drill down: its URL slug, lengths, names."""

    slug: str
    key: str  # the scheme key in DocumentFacts.names and tables.Code
    label: str
    lengths: tuple
    #: The table kind printing these same totals by code, whose printed subtotals the
    #: pages show (whole-元 documents print some 1 元 off the sum of their rows).
    printed_kind: str = ""

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


def document_or_404(organisation_id, year):
    """The published budget of an organisation and year (the budget before final accounts)."""
    id_or_404(organisation_id)
    document = (
        published_documents()
        .filter(organisation_id=organisation_id, year=year)
        .order_by("stage")
        .first()
    )
    if document is None:
        raise Http404(_("没有找到已公开的预算文件。"))
    return document


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


#: Longer than any name, code or title stored (Organisation.name, Document.title: 200).
LONGEST_QUERY = 200


def search(query):
    """Published documents whose organisation's name or code contains ``query``.

    A query no stored text can contain finds nothing without asking the database: one
    longer than any name, or holding NUL, which PostgreSQL text cannot hold (psycopg
    refuses to send it at all, so ``?q=%00`` was a 500)."""
    query = query.strip()
    if not query or "\x00" in query or len(query) > LONGEST_QUERY:
        return []
    return list(
        published_documents()
        .filter(
            Q(organisation__name__icontains=query)
            | Q(organisation__code__startswith=query)
            | Q(organisation__parent__name__icontains=query)
            | Q(title__icontains=query)
        )
        .order_by("organisation__region__code", "organisation__code", "-year")
    )


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
    current = facts.restricted.get("current")
    prior = facts.restricted.get("prior")
    current_total = arithmetic.three_public_total(current) if current else None
    prior_total = arithmetic.three_public_total(prior) if prior else None
    uses = {}
    if split.unsplit is not None:
        # Spending printed by function without its type (江苏): 基本/项目/预留/结转 are
        # what the document prints by type alone.
        uses = {
            row.expense_type: row.amount
            for row in ExpenditureByType.objects.filter(
                document=facts.document, coverage=ExpenditureByType.Coverage.ALL
            )
        }
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


#: The table kinds printing 一般公共预算 spending by function with its 合计 (上海 5, 陕西 表5).
GENERAL_PUBLIC_BY_FUNCTION = (
    "general_public_basic_project_by_function",
    "general_public_by_function",
)


def document_figures(facts):
    """A document's figures by narrative topic, with the subtotals it prints."""
    general_public = {}
    for kind in GENERAL_PUBLIC_BY_FUNCTION:
        general_public.update(tables.printed_rows(facts, kind))
    printed = {
        "revenue": tables.printed_rows(facts, tables.REVENUE_BY_FUNCTION),
        "spending": tables.printed_rows(facts, tables.SPENDING_BY_FUNCTION),
        "general_public": general_public,
    }
    return arithmetic.DocumentFigures(facts, printed)


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
    base_years = {
        statement.pk: arithmetic.budget_base_year(statement.comparison, document.year)
        if document.stage == Document.Stage.BUDGET
        else None
        for statement in statements
    }
    prior_figures = {}
    wanted = {year for year in base_years.values() if year}
    if wanted:
        for prior in published_documents().filter(
            organisation=document.organisation,
            stage=document.stage,
            scope=document.scope,
            year__in=wanted,
        ):
            prior_figures[prior.year] = document_figures(tables.load_facts(prior))
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
        .prefetch_related("items", "vehicle_counts")
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
    items = [
        ChartItem(
            code,
            facts.name(scheme.key, code) or code,
            split.total,
            drill_url(document, scheme, code),
        )
        for code, split in splits.items()
    ]
    return sorted(items, key=lambda item: -(item.amount or 0))


def drill_url(document, scheme, code=""):
    kwargs = {"organisation": document.organisation_id, "year": document.year}
    kwargs["scheme"] = scheme.slug
    if code:
        kwargs["code"] = code
        return reverse("browse:drill_code", kwargs=kwargs)
    return reverse("browse:drill", kwargs=kwargs)


def year_totals(organisation):
    """[(document, total expenditure)] of an organisation's published budgets, by year."""
    documents = list(
        published_documents().filter(organisation=organisation, stage="budget").order_by("year")
    )
    lines = FunctionExpenditure.objects.filter(document__in=documents).only(
        "document_id", "expense_type", "amount"
    )
    by_document = defaultdict(list)
    for line in lines:
        by_document[line.document_id].append(line)
    printed = printed_by_document(documents, tables.SPENDING_BY_FUNCTION, rows=[TOTAL_ROW])
    return [
        (document, spending_total(by_document[document.pk], printed[document.pk]))
        for document in documents
    ]


def printed_by_document(documents, kind, rows=None):
    """{document pk: {row key: {column key: amount}}}: the subtotals each document prints
    in its table of ``kind`` (only ``rows`` if given), in one query."""
    printed = {document.pk: {} for document in documents}
    subtotals = PrintedSubtotal.objects.filter(document__in=documents, table__kind=kind)
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
                has_children = depth + 1 < len(scheme.lengths)
                items.append(
                    DrillItem(
                        code=child,
                        name=facts.name(scheme.key, child),
                        total=split.total,
                        basic=split.basic,
                        project=split.project,
                        share=arithmetic.share(split.total, current.total),
                        url=drill_url(document, scheme, child) if has_children else "",
                    )
                )
    crumbs = [Crumb(str(scheme.label), drill_url(document, scheme))]
    for length in scheme.lengths:
        if code and length <= len(code):
            prefix = code[:length]
            crumbs.append(
                Crumb(
                    f"{prefix} {facts.name(scheme.key, prefix)}",
                    drill_url(document, scheme, prefix),
                )
            )
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
    """Function spending of an organisation by code (of ``length``) in each year."""
    documents = list(
        published_documents().filter(organisation=organisation, stage="budget").order_by("year")
    )
    rolled, document_totals = rollup_documents(documents, (length,))
    codes = sorted({code for splits in rolled.values() for code in splits})
    names = names_for([(document.year, code) for document in documents for code in codes])
    rows = []
    for code in codes:
        amounts = [
            rolled[document.pk][code].total if code in rolled[document.pk] else None
            for document in documents
        ]
        name = next(
            (names[(d.year, code)] for d in reversed(documents) if (d.year, code) in names), ""
        )
        row = ComparisonRow(code, name, amounts)
        if len(amounts) >= 2:
            row.change = arithmetic.change(amounts[-2], amounts[-1])
            row.percent = arithmetic.percent_change(amounts[-2], amounts[-1])
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


def ranking(scheme, year, code):
    """Every published document of ``year`` that budgets under ``code``, largest first."""
    if not code.isdigit() or len(code) not in scheme.lengths:
        raise Http404(_("科目编码无效。"))
    documents = {document.pk: document for document in published_documents().filter(year=year)}
    if scheme.key == "function":
        lines = FunctionExpenditure.objects.filter(
            document__in=list(documents), function__code__startswith=code
        )
    elif scheme.key == "dept_economic":
        lines = EconomicExpenditure.objects.filter(
            document__in=list(documents), dept_economic__code__startswith=code
        )
    else:
        lines = EconomicExpenditure.objects.filter(
            document__in=list(documents), gov_economic__code__startswith=code
        )
    by_document = defaultdict(list)
    for line in lines.only("document_id", "expense_type", "amount"):
        by_document[line.document_id].append(line)
    amounts = {pk: arithmetic.split_of(group).total for pk, group in by_document.items()}
    if scheme.printed_kind:
        printed = printed_by_document(
            [documents[pk] for pk in amounts], scheme.printed_kind, rows=[code]
        )
        for pk in amounts:
            amounts[pk] = printed[pk].get(code, {}).get("total", amounts[pk])
    grand_total = arithmetic.total_of(amounts.values())
    entries = []
    for position, (pk, amount) in enumerate(arithmetic.rank(amounts), start=1):
        document = documents[pk]
        entries.append(
            RankedEntry(
                position,
                document,
                amount,
                arithmetic.share(amount, grand_total),
                drill_url(document, scheme, code),
            )
        )
    name = (
        CODE_MODELS[scheme.key]
        .objects.filter(year=year, code=code)
        .values_list("name", flat=True)
        .first()
    )
    return entries, name or "", grand_total
