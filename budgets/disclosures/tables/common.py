"""The structure every official table shares, the facts it is built from, and the helpers
every template's builders use. No HTTP here; all sums go through ``arithmetic``."""

from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import prefetch_related_objects

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.organisations.models import Organisation

from ..models import Document, ExpenditureByType

# ---------------------------------------------------------------------------
# The structure every renderer shares.


@dataclass(frozen=True)
class Code:
    """A classification code in a cell: one full code (``2011301``), whatever the print."""

    code: str
    scheme: str  # "function", "dept_economic" or "gov_economic"

    def __str__(self):
        return self.code


@dataclass(frozen=True)
class Column:
    """A leaf column. ``code_parts`` (e.g. (3, 2, 2)) means the document prints the code
    split into 类/款/项 columns; the HTML shows it so, the data keeps one full code."""

    name: str
    kind: str = "text"  # text, code, amount
    code_parts: tuple = ()
    #: What an amount column holds (“total”, “basic” …): the key a PrintedSubtotal names it by.
    key: str = ""


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    """One printed row. ``kind``: total, group, item, heading (a section title spanning the
    table) or field (a label and a value, as in the performance target forms)."""

    cells: list
    kind: str = "item"
    depth: int = 0


@dataclass
class PublishedTable:
    number: str
    title: str
    kind: str
    amount_unit: str
    columns: list
    rows: list
    note: str = ""
    header_rows: list = field(default_factory=list)
    #: True where the form is a layout (side-by-side 收支总表, target forms), not a list.
    layout: bool = False
    #: True for the performance target forms, whose rows carry their own labels.
    form: bool = False
    position: int = 0
    #: Decimal places the document prints in ``amount_unit`` (0 for whole 元).
    amount_places: int = 2

    def places_in(self, unit):
        """Decimal places to show amounts with in ``unit``: the document's own in its own
        unit, two in the other."""
        return self.amount_places if unit == self.amount_unit else 2

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    @property
    def has_figures(self):
        return any(
            isinstance(cell, Decimal) for row in self.rows for cell in row.cells if cell is not None
        )

    def header(self):
        """The header rows to print: the multi-row header where given, else one row.

        A code column printed as 类/款/项 gets a second header row of its parts.
        """
        if self.header_rows:
            return self.header_rows
        split = [column for column in self.columns if column.code_parts]
        if not split:
            return [[HeaderCell(column.name) for column in self.columns]]
        top, parts = [], []
        for column in self.columns:
            if column.code_parts:
                top.append(HeaderCell(column.name, colspan=len(column.code_parts)))
                parts += [HeaderCell(name) for name in CODE_PART_NAMES[: len(column.code_parts)]]
            else:
                top.append(HeaderCell(column.name, rowspan=2))
        return [top, parts]


CODE_PART_NAMES = ("类", "款", "项")


def split_code(code, parts):
    """``2010301`` with parts (3, 2, 2) → ["201", "03", "01"]; missing parts are ""."""
    pieces, start = [], 0
    for length in parts:
        pieces.append(code[start : start + length])
        start += length
    return pieces


# ---------------------------------------------------------------------------
# Loading a document's facts.


@dataclass
class DocumentFacts:
    document: Document
    revenue: list
    function_lines: list
    economic_lines: list
    basic_splits: list
    projects: list
    restricted: dict
    procurement_items: list
    target_sets: list
    notes: dict
    template_tables: list
    names: dict  # {scheme: {code: name}}
    #: {template table id: {(row key, column key): amount}}: subtotals as printed (see
    #: ``PrintedSubtotal``), where they differ from the sums of the facts beneath them.
    printed: dict = field(default_factory=dict)
    #: {template table id: [PrintedRow]}: the rows a table prints whatever their figures,
    #: with their labels as printed (the two 收支总表).
    printed_rows: dict = field(default_factory=dict)
    #: 江苏's 机关运行经费 by economic 款 (``AdministrativeRunningLine``); None until the one
    #: table that prints them reads them.
    running_lines: list | None = None

    def name(self, scheme, code):
        return self.names[scheme].get(code, "")


CODE_MODELS = {
    "function": FunctionCode,
    "dept_economic": DepartmentEconomicCode,
    "gov_economic": GovernmentEconomicCode,
}


def prefixes(codes, lengths):
    return {code[:length] for code in codes for length in lengths if length <= len(code)}


@dataclass
class FigureFacts:
    """The facts ``arithmetic.DocumentFigures`` reads of a document: what a narrative's
    figures are checked against (``load_figure_facts``)."""

    document: Document
    revenue: list
    function_lines: list
    economic_lines: list
    restricted: dict
    template_tables: list
    #: {template table id: {(row key, column key): amount}}, as ``DocumentFacts.printed``.
    printed: dict


def load_figure_facts(document):
    """The facts a document's figures are read from, in six queries: what another year's
    document contributes to this one's checks, without the rest of its facts."""
    printed = {}
    for subtotal in document.printedsubtotals.all():
        printed.setdefault(subtotal.table_id, {})[subtotal.row, subtotal.column] = subtotal.amount
    return FigureFacts(
        document=document,
        revenue=list(document.revenuelines.select_related("function")),
        function_lines=list(document.functionexpenditures.select_related("function")),
        economic_lines=list(
            document.economicexpenditures.select_related("dept_economic", "gov_economic")
        ),
        restricted={row.period: row for row in document.restrictedspendings.all()},
        template_tables=list(document.template.tables.all()),
        printed=printed,
    )


def with_relations(document):
    """``document`` with its organisation (region, parent) and its template's tables: the
    same object where a page has loaded the relations already (``published_documents``),
    so that only the tables are fetched; else the document loaded again with them."""
    organisation = Document._meta.get_field("organisation")
    loaded = (
        organisation.is_cached(document)
        and Document._meta.get_field("template").is_cached(document)
        and all(
            Organisation._meta.get_field(name).is_cached(document.organisation)
            for name in ("region", "parent")
        )
    )
    if not loaded:
        return (
            Document.objects.select_related(
                "organisation__region", "organisation__parent", "template"
            )
            .prefetch_related("template__tables")
            .get(pk=document.pk)
        )
    prefetch_related_objects([document], "template__tables")
    return document


def load_facts(document):
    """All facts of one document, in a fixed small number of queries."""
    document = with_relations(document)
    figures = load_figure_facts(document)
    revenue, function_lines, economic_lines = (
        figures.revenue,
        figures.function_lines,
        figures.economic_lines,
    )
    basic_splits = list(document.basicexpendituresplits.select_related("function"))
    target_sets = list(
        document.target_sets.select_related("project").prefetch_related(
            "goals", "tasks", "indicators"
        )
    )
    wanted = wanted_codes(revenue, function_lines, economic_lines, basic_splits)
    return DocumentFacts(
        document=document,
        revenue=revenue,
        function_lines=function_lines,
        economic_lines=economic_lines,
        basic_splits=basic_splits,
        projects=list(document.projects.select_related("organisation")),
        restricted=figures.restricted,
        procurement_items=list(
            document.procurementitems.select_related("function", "dept_economic", "gov_economic")
        ),
        target_sets=target_sets,
        notes={note.table_id: note for note in document.tablenotes.all()},
        template_tables=figures.template_tables,
        names=code_names(document, wanted),
        printed=figures.printed,
        printed_rows=rows_by_table(document.printedrows.all()),
    )


def wanted_codes(revenue, function_lines, economic_lines, basic_splits=()):
    """{scheme: codes} whose names the facts' rows show: each code and its 类 and 款."""
    function_codes = [line.function.code for line in function_lines]
    function_codes += [line.function.code for line in revenue if line.function_id]
    function_codes += [split.function.code for split in basic_splits]
    dept_codes = [line.dept_economic.code for line in economic_lines]
    gov_codes = [line.gov_economic.code for line in economic_lines if line.gov_economic_id]
    return {
        "function": prefixes(function_codes, (3, 5, 7)),
        "dept_economic": prefixes(dept_codes, (3, 5)),
        "gov_economic": prefixes(gov_codes, (3, 5)),
    }


@dataclass
class OverviewFacts(FigureFacts):
    """What a document's overview page reads: the facts its figures come from, their codes'
    names and the number of its projects. Less than ``DocumentFacts``: no projects,
    performance targets, procurement, notes or printed rows, which only its tables show
    (an attribute missing here fails loudly, never reads as empty)."""

    names: dict
    project_count: int

    def name(self, scheme, code):
        return self.names[scheme].get(code, "")


def load_overview_facts(document):
    """A document's ``OverviewFacts``: up to eight queries fewer than ``load_facts`` (the
    tables' facts left out, a count for the projects)."""
    document = with_relations(document)
    figures = load_figure_facts(document)
    wanted = wanted_codes(figures.revenue, figures.function_lines, figures.economic_lines)
    return OverviewFacts(
        **{item.name: getattr(figures, item.name) for item in fields(FigureFacts)},
        names=code_names(document, wanted),
        project_count=document.projects.count(),
    )


def rows_by_table(printed_rows):
    """{template table id: [PrintedRow]} of a document's printed rows."""
    rows = {}
    for row in printed_rows:
        rows.setdefault(row.table_id, []).append(row)
    return rows


def code_names(document, wanted):
    """{scheme: {code: name}} of the ``wanted`` codes: as the document prints them
    (``PrintedName``), else as the year's catalogue names them."""
    names = {}
    for scheme, codes in wanted.items():
        names[scheme] = (
            dict(
                CODE_MODELS[scheme]
                .objects.filter(year=document.year, code__in=codes)
                .values_list("code", "name")
            )
            if codes
            else {}
        )
    return with_printed_names(names, document.printednames.all())


def with_printed_names(names, printed_names):
    """``names`` ({scheme: {code: name}}) with the names the document prints instead."""
    for printed in printed_names:
        names.setdefault(printed.scheme, {})[printed.code] = printed.name
    return names


TOTAL_ROW = "合计"


def row_key(table, row):
    """The key a printed subtotal names a row by: the row's code, or 合计 for the total row
    of a list (not of a side-by-side layout, whose total rows hold several totals)."""
    for cell in row.cells:
        if isinstance(cell, Code):
            return cell.code
    if row.kind == "total" and not table.layout:
        return TOTAL_ROW
    return ""


#: The table kinds that print a document's whole spending by function 类/款/项 (上海
#: 支出预算总表, 支出决算表): pages that show those totals (drill-down, comparisons,
#: rankings) show the subtotals they print.
SPENDING_BY_FUNCTION = ("expenditure_by_function", "final_expenditure")
#: The table kinds that print revenue by function code (上海 收入预算总表, 收入决算表).
REVENUE_BY_FUNCTION = ("revenue_by_function", "final_revenue")


def printed_rows(facts, kinds):
    """{row key: {column key: amount}}: the subtotals printed in the table of one of
    ``kinds`` (a document's template has at most one of them)."""
    rows = {}
    for table in facts.template_tables:
        if table.kind in kinds:
            for (row, column), amount in facts.printed.get(table.id, {}).items():
                rows.setdefault(row, {})[column] = amount
    return rows


def put_printed(table, printed):
    """Show the figure the document prints where it differs from the sum of the facts
    (``printed``: {(row key, column key): amount}), in whatever table holds that cell."""
    if not printed:
        return
    for row in table.rows:
        key = row_key(table, row)
        for index, column in enumerate(table.columns):
            amount = printed.get((key, column.key)) if key and column.key else None
            if amount is not None:
                row.cells[index] = amount


def new_table(columns, rows, **kwargs):
    """A table whose number, title, unit and note ``build`` fills in."""
    return PublishedTable(
        number="", title="", kind="", amount_unit="", columns=columns, rows=rows, **kwargs
    )


def function_code(line):
    return line.function.code


def dept_code(line):
    return line.dept_economic.code


def gov_code(line):
    return line.gov_economic.code if line.gov_economic_id else ""


# Fixed row lists of 陕西's 收支总表 (表1, 表4): the layout prints every one, even empty.

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n):
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (as printed in row labels)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return prefix + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def by_type(facts, coverage):
    """{expense type: amount} of the document's spending by type alone, where it prints
    that apart from its spending by function (江苏)."""
    return {
        row.expense_type: row.amount
        for row in ExpenditureByType.objects.filter(document=facts.document, coverage=coverage)
    }
