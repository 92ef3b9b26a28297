"""Every official table of a document, derived from its facts.

A template table's ``kind`` names a builder here. Each builder returns a
``PublishedTable``: a plain structure that the HTML page, the CSV and XLSX downloads
and the JSON API all render, so the four can never disagree. Amounts in it are Decimal
元 (or None for a blank cell); renderers convert them with ``money.from_yuan``. All
sums go through ``arithmetic``.

Row labels such as “一、部门预算” or “24、其他支出” are part of the template's layout
(陕西 prints fixed rows even when they are empty), so they live in the builders.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)

from . import arithmetic
from .models import FISCAL_SOURCES, Document, ExpenseType
from .models import FundingSource as S

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

    def name(self, scheme, code):
        return self.names[scheme].get(code, "")


CODE_MODELS = {
    "function": FunctionCode,
    "dept_economic": DepartmentEconomicCode,
    "gov_economic": GovernmentEconomicCode,
}


def prefixes(codes, lengths):
    return {code[:length] for code in codes for length in lengths if length <= len(code)}


def load_facts(document):
    """All facts of one document, in a fixed small number of queries."""
    document = (
        Document.objects.select_related("organisation__region", "organisation__parent", "template")
        .prefetch_related("template__tables")
        .get(pk=document.pk)
    )
    revenue = list(document.revenuelines.select_related("function"))
    function_lines = list(document.functionexpenditures.select_related("function"))
    economic_lines = list(
        document.economicexpenditures.select_related("dept_economic", "gov_economic")
    )
    basic_splits = list(document.basicexpendituresplits.select_related("function"))
    projects = list(document.projects.select_related("organisation"))
    restricted = {row.period: row for row in document.restrictedspendings.all()}
    procurement_items = list(
        document.procurementitems.select_related("function", "dept_economic", "gov_economic")
    )
    target_sets = list(
        document.target_sets.select_related("project").prefetch_related(
            "goals", "tasks", "indicators"
        )
    )
    notes = {note.table_id: note for note in document.tablenotes.all()}
    printed = {}
    for subtotal in document.printedsubtotals.all():
        printed.setdefault(subtotal.table_id, {})[subtotal.row, subtotal.column] = subtotal.amount
    function_codes = [line.function.code for line in function_lines]
    function_codes += [line.function.code for line in revenue if line.function_id]
    function_codes += [split.function.code for split in basic_splits]
    dept_codes = [line.dept_economic.code for line in economic_lines]
    gov_codes = [line.gov_economic.code for line in economic_lines if line.gov_economic_id]
    wanted = {
        "function": prefixes(function_codes, (3, 5, 7)),
        "dept_economic": prefixes(dept_codes, (3, 5)),
        "gov_economic": prefixes(gov_codes, (3, 5)),
    }
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
    return DocumentFacts(
        document=document,
        revenue=revenue,
        function_lines=function_lines,
        economic_lines=economic_lines,
        basic_splits=basic_splits,
        projects=projects,
        restricted=restricted,
        procurement_items=procurement_items,
        target_sets=target_sets,
        notes=notes,
        template_tables=list(document.template.tables.all()),
        names=names,
        printed=printed,
    )


# ---------------------------------------------------------------------------
# Building.


def published_tables(facts):
    """Every table of the document's template, in published order."""
    return [build(facts, table) for table in facts.template_tables]


def published_table(facts, position):
    """The table at ``position`` (1-based) of the template, or None."""
    for table in facts.template_tables:
        if table.position == position:
            return build(facts, table)
    return None


def build(facts, template_table):
    note = facts.notes.get(template_table.id)
    builder = BUILDERS[template_table.kind]
    # An official table is the public record: it reads as printed (Chinese labels such as
    # 产出指标 come from model choices) whatever language the reader chose for the site.
    with translation.override(None):
        table = builder(facts)
    table.number = template_table.number
    table.title = (note.title if note and note.title else "") or template_table.title
    table.kind = template_table.kind
    table.position = template_table.position
    table.amount_unit = template_table.amount_unit or facts.document.amount_unit
    if table.amount_unit == facts.document.amount_unit:
        table.amount_places = facts.document.amount_places
    table.note = note.note if note else ""
    put_printed(table, facts.printed.get(template_table.id, {}))
    return table


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


#: The table kind that prints a document's whole spending by function 类/款/项 (上海
#: 支出预算总表): pages that show those totals (drill-down, comparisons, rankings) show
#: the subtotals it prints.
SPENDING_BY_FUNCTION = "expenditure_by_function"
#: The table kind that prints revenue by function code (上海 收入预算总表).
REVENUE_BY_FUNCTION = "revenue_by_function"


def printed_rows(facts, kind):
    """{row key: {column key: amount}}: the subtotals printed in the table of ``kind``."""
    rows = {}
    for table in facts.template_tables:
        if table.kind == kind:
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

SHAANXI_FUNCTION_CLASSES = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
]

SHAANXI_BASIC_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "资本性支出"),
]

SHAANXI_PROJECT_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭补助"),
    ("307", "债务利息及费用支出"),
    ("309", "资本性支出(基本建设)"),
    ("310", "资本性支出"),
    ("311", "对企业补助(基本建设)"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
]

SHAANXI_GOVERNMENT_ECONOMIC = [
    ("501", "机关工资福利支出"),
    ("502", "机关商品和服务支出"),
    ("503", "机关资本性支出（一）"),
    ("504", "机关资本性支出（二）"),
    ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"),
    ("507", "对企业补助"),
    ("508", "对企业资本性支出"),
    ("509", "对个人和家庭的补助"),
    ("510", "对社会保障基金补助"),
    ("599", "其他支出"),
]

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n):
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (as printed in row labels)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return prefix + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def sum_by_prefix(lines, code_of, prefix):
    return arithmetic.split_by_prefix(lines, code_of, prefix).total


def side_by_side(columns_of_rows, footer):
    """Lay four (label, amount) lists side by side as 陕西's 收支总表 prints them.

    ``columns_of_rows`` is a list of lists of (label, amount); shorter lists are padded
    with empty cells. ``footer`` rows are lists of (label, amount) pairs, one per column.
    """
    height = max(len(column) for column in columns_of_rows)
    rows = []
    for index in range(height):
        cells = []
        for column in columns_of_rows:
            label, amount = column[index] if index < len(column) else ("", None)
            cells += [label, amount]
        rows.append(Row(cells, kind="total" if index == 0 else "item"))
    for pairs in footer:
        cells = []
        for label, amount in pairs:
            cells += [label, amount]
        rows.append(Row(cells, kind="total"))
    return rows


SUMMARY_COLUMNS = [
    Column("收入项目"),
    Column("收入预算数", "amount"),
    Column("支出功能分类科目（按大类）"),
    Column("功能分类预算数", "amount"),
    Column("部门预算支出经济分类科目（按大类）"),
    Column("部门经济分类预算数", "amount"),
    Column("政府预算支出经济分类科目（按大类）"),
    Column("政府经济分类预算数", "amount"),
]

SUMMARY_HEADER = [
    [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=6)],
    [
        HeaderCell("项目"),
        HeaderCell("预算数"),
        HeaderCell("支出功能分类科目（按大类）"),
        HeaderCell("预算数"),
        HeaderCell("部门预算支出经济分类科目（按大类）"),
        HeaderCell("预算数"),
        HeaderCell("政府预算支出经济分类科目（按大类）"),
        HeaderCell("预算数"),
    ],
]


def expenditure_sides(function_lines, economic_lines, top_label):
    """The three expenditure columns of 陕西's 收支总表 for the given facts."""
    total = arithmetic.split_of(function_lines).total
    functions = [(top_label, total)]
    for index, (code, name) in enumerate(SHAANXI_FUNCTION_CLASSES, start=1):
        functions.append((f"  {index}、{name}", sum_by_prefix(function_lines, function_code, code)))
    basic_lines = arithmetic.basic_only(economic_lines)
    project_lines = arithmetic.only(economic_lines, expense_types=(ExpenseType.PROJECT,))
    economic = [(top_label, arithmetic.split_of(economic_lines).total)]
    economic.append(("  1、人员经费和公用经费支出", arithmetic.split_of(basic_lines).total))
    for index, (code, name) in enumerate(SHAANXI_BASIC_ECONOMIC, start=1):
        economic.append((f"    ({index}){name}", sum_by_prefix(basic_lines, dept_code, code)))
    economic.append(("  2、专项业务经费支出", arithmetic.split_of(project_lines).total))
    for index, (code, name) in enumerate(SHAANXI_PROJECT_ECONOMIC, start=1):
        economic.append((f"    ({index}){name}", sum_by_prefix(project_lines, dept_code, code)))
    economic += [("  3、上缴上级支出", None), ("  4、事业单位经营支出", None)]
    economic.append(("  5、对附属单位补助支出", None))
    government = [(top_label, arithmetic.split_of(economic_lines).total)]
    for index, (code, name) in enumerate(SHAANXI_GOVERNMENT_ECONOMIC, start=1):
        government.append((f"  {index}、{name}", sum_by_prefix(economic_lines, gov_code, code)))
    return total, functions, economic, government


def build_summary(facts):
    """陕西 表1 单位综合预算收支总表."""
    sources = arithmetic.by_source(facts.revenue)
    in_year = arithmetic.in_year_revenue(sources)
    revenue = [
        ("一、部门预算", in_year),
        ("  1、财政拨款", arithmetic.fiscal_total(sources)),
        ("    (1)一般公共预算拨款", sources.get(S.GENERAL_PUBLIC)),
        ("       其中：专项资金列入部门预算的项目", None),
        ("    (2)政府性基金拨款", sources.get(S.GOVERNMENT_FUND)),
        ("    (3)国有资本经营预算收入", sources.get(S.STATE_CAPITAL)),
        ("  2、上级补助收入", sources.get(S.HIGHER_LEVEL_SUBSIDY)),
        ("  3、事业收入", sources.get(S.OPERATING)),
        ("      其中：纳入财政专户管理的收费", None),
        ("  4、事业单位经营收入", sources.get(S.BUSINESS)),
        ("  5、附属单位上缴收入", sources.get(S.AFFILIATED)),
        ("  6、其他收入", sources.get(S.OTHER)),
    ]
    total, functions, economic, government = expenditure_sides(
        facts.function_lines, facts.economic_lines, "一、部门预算"
    )
    footer = [
        [("本年收入合计", in_year)] + [("本年支出合计", total)] * 3,
        [("用事业基金弥补收支差额", sources.get(S.RESERVE_FUND))] + [("结转下年", None)] * 3,
        [("上年实户资金余额", sources.get(S.ACCOUNT_BALANCE))]
        + [("未安排支出的实户资金", None)] * 3,
        [("上年结转", sources.get(S.CARRIED_OVER))] + [("", None)] * 3,
        [("收入总计", arithmetic.total_of(sources.values()))] + [("支出总计", total)] * 3,
    ]
    rows = side_by_side([revenue, functions, economic, government], footer)
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def build_fiscal_summary(facts):
    """陕西 表4 单位综合预算财政拨款收支总表: as 表1, 财政拨款 only."""
    revenue_lines = arithmetic.only(facts.revenue, sources=FISCAL_SOURCES)
    sources = arithmetic.by_source(revenue_lines)
    fiscal = arithmetic.fiscal_total(sources)
    revenue = [
        ("一、财政拨款", fiscal),
        ("  1、一般公共预算拨款", sources.get(S.GENERAL_PUBLIC)),
        ("     其中：专项资金列入部门预算的项目", None),
        ("  2、政府性基金拨款", sources.get(S.GOVERNMENT_FUND)),
        ("  3、国有资本经营预算收入", sources.get(S.STATE_CAPITAL)),
    ]
    total, functions, economic, government = expenditure_sides(
        arithmetic.only(facts.function_lines, sources=FISCAL_SOURCES),
        arithmetic.only(facts.economic_lines, sources=FISCAL_SOURCES),
        "一、财政拨款",
    )
    footer = [
        [("本年收入合计", fiscal)] + [("本年支出合计", total)] * 3,
        [("上年结转", None)] + [("结转下年", None)] * 3,
        [("收入总计", fiscal)] + [("支出总计", total)] * 3,
    ]
    rows = side_by_side([revenue, functions, economic, government], footer)
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def organisation_rows(facts, amounts_of_row):
    """合计, then the department, then the unit (陕西 表2, 表3, 表12)."""
    organisation = facts.document.organisation
    department = organisation.parent if organisation.parent_id else None
    rows = [Row(["合计", ""] + amounts_of_row, kind="total")]
    if department is not None:
        rows.append(Row([department.code, department.name] + amounts_of_row, kind="group"))
        rows.append(Row([organisation.code, organisation.name] + amounts_of_row, depth=1))
    else:
        rows.append(Row([organisation.code, organisation.name] + amounts_of_row, kind="group"))
    return rows


def build_revenue_by_organisation(facts):
    """陕西 表2 单位综合预算收入总表."""
    sources = arithmetic.by_source(facts.revenue)
    columns = [
        Column("单位编码"),
        Column("单位名称"),
        Column("合计", "amount"),
        Column("一般公共预算拨款小计", "amount"),
        Column("其中：专项资金列入部门预算项目", "amount"),
        Column("政府性基金拨款", "amount"),
        Column("上级补助收入", "amount"),
        Column("事业收入", "amount"),
        Column("事业单位经营收入", "amount"),
        Column("对附属单位上缴收入", "amount"),
        Column("用事业基金弥补收支差额", "amount"),
        Column("上年结转", "amount"),
        Column("上年实户资金余额", "amount"),
        Column("其他收入", "amount"),
    ]
    amounts = [
        arithmetic.total_of(sources.values()),
        sources.get(S.GENERAL_PUBLIC),
        None,
        sources.get(S.GOVERNMENT_FUND),
        sources.get(S.HIGHER_LEVEL_SUBSIDY),
        sources.get(S.OPERATING),
        sources.get(S.BUSINESS),
        sources.get(S.AFFILIATED),
        sources.get(S.RESERVE_FUND),
        sources.get(S.CARRIED_OVER),
        sources.get(S.ACCOUNT_BALANCE),
        sources.get(S.OTHER),
    ]
    header = [
        [HeaderCell("单位编码", rowspan=3), HeaderCell("单位名称", rowspan=3)]
        + [HeaderCell("部门预算", colspan=12)],
        [HeaderCell("合计", rowspan=2), HeaderCell("一般公共预算拨款", colspan=2)]
        + [HeaderCell(column.name, rowspan=2) for column in columns[5:]],
        [HeaderCell("小计"), HeaderCell("其中：专项资金列入部门预算项目")],
    ]
    return new_table(columns, organisation_rows(facts, amounts), header_rows=header)


def build_expenditure_by_organisation(facts):
    """陕西 表3 单位综合预算支出总表: expenditure by funding source."""
    sources = arithmetic.by_source(facts.function_lines)
    columns = [
        Column("单位编码"),
        Column("单位名称"),
        Column("合计", "amount"),
        Column("公共预算拨款小计", "amount"),
        Column("其中：专项资金列入部门预算的项目", "amount"),
        Column("政府性基金拨款", "amount"),
        Column("事业收入", "amount"),
        Column("事业单位经营收入", "amount"),
        Column("对附属单位上缴收入", "amount"),
        Column("上年实户资金余额", "amount"),
        Column("其他收入", "amount"),
        Column("上年结转", "amount"),
    ]
    amounts = [
        arithmetic.total_of(sources.values()),
        sources.get(S.GENERAL_PUBLIC),
        None,
        sources.get(S.GOVERNMENT_FUND),
        sources.get(S.OPERATING),
        sources.get(S.BUSINESS),
        sources.get(S.AFFILIATED),
        sources.get(S.ACCOUNT_BALANCE),
        sources.get(S.OTHER),
        sources.get(S.CARRIED_OVER),
    ]
    header = [
        [HeaderCell("单位编码", rowspan=3), HeaderCell("单位名称", rowspan=3)]
        + [HeaderCell("部门预算", colspan=10)],
        [HeaderCell("合计", rowspan=2), HeaderCell("公共预算拨款", colspan=2)]
        + [HeaderCell(column.name, rowspan=2) for column in columns[5:]],
        [HeaderCell("小计"), HeaderCell("其中：专项资金列入部门预算的项目")],
    ]
    return new_table(columns, organisation_rows(facts, amounts), header_rows=header)


TOTAL_COLUMN = Column("合计", "amount", key="total")
PERSONNEL_COLUMN = Column("人员经费支出", "amount", key="personnel")
RUNNING_COLUMN = Column("公用经费支出", "amount", key="running")
SPECIAL_PROJECT_COLUMN = Column("专项业务经费支出", "amount", key="project")


def split_amounts(split, *, with_project=True):
    amounts = [split.total if with_project else split.basic, split.personnel, split.running]
    if with_project:
        amounts.append(split.project)
    return amounts


def shaanxi_function_detail(facts, *, basic):
    """陕西 表5 / 表7: 一般公共预算 by function 类/款/项 × 人员/公用(/专项)."""
    lines = arithmetic.general_public(facts.function_lines)
    shown = arithmetic.basic_only(lines) if basic else lines
    codes = arithmetic.rollup(lines, function_code, (3, 5, 7))
    splits = arithmetic.rollup(shown, function_code, (3, 5, 7))
    columns = [Column("功能科目编码", "code"), Column("功能科目名称"), TOTAL_COLUMN]
    columns += [PERSONNEL_COLUMN, RUNNING_COLUMN]
    if not basic:
        columns.append(SPECIAL_PROJECT_COLUMN)
    columns.append(Column("备注"))
    total = arithmetic.split_of(shown)
    rows = [Row(["合计", ""] + split_amounts(total, with_project=not basic) + [""], "total")]
    for code in codes:
        split = splits.get(code, arithmetic.Split())
        depth = (3, 5, 7).index(len(code))
        rows.append(
            Row(
                [Code(code, "function"), facts.name("function", code)]
                + split_amounts(split, with_project=not basic)
                + [""],
                kind="group" if depth < 2 else "item",
                depth=depth,
            )
        )
    return new_table(columns, rows)


def build_general_public_by_function(facts):
    return shaanxi_function_detail(facts, basic=False)


def build_general_public_basic_by_function(facts):
    return shaanxi_function_detail(facts, basic=True)


def shaanxi_economic_detail(facts, *, basic):
    """陕西 表6 / 表8: 一般公共预算 by department economic 类/款, government code beside."""
    lines = arithmetic.general_public(facts.economic_lines)
    shown = arithmetic.basic_only(lines) if basic else lines
    codes = arithmetic.rollup(lines, dept_code, (3, 5))
    splits = arithmetic.rollup(shown, dept_code, (3, 5))
    government_of = {}
    for line in lines:
        if line.gov_economic_id:
            government_of.setdefault(line.dept_economic.code, line.gov_economic.code)
    columns = [
        Column("部门经济科目编码", "code"),
        Column("部门经济科目名称"),
        Column("政府经济科目编码", "code"),
        Column("政府经济科目名称"),
        TOTAL_COLUMN,
        PERSONNEL_COLUMN,
        RUNNING_COLUMN,
    ]
    if not basic:
        columns.append(SPECIAL_PROJECT_COLUMN)
    columns.append(Column("备注"))
    total = arithmetic.split_of(shown)
    amounts = split_amounts(total, with_project=not basic)
    rows = [Row(["合计", "", "", ""] + amounts + [""], "total")]
    for code in codes:
        split = splits.get(code, arithmetic.Split())
        government = government_of.get(code)
        rows.append(
            Row(
                [
                    Code(code, "dept_economic"),
                    facts.name("dept_economic", code),
                    Code(government, "gov_economic") if government else "",
                    facts.name("gov_economic", government) if government else "",
                ]
                + split_amounts(split, with_project=not basic)
                + [""],
                kind="group" if len(code) == 3 else "item",
                depth=0 if len(code) == 3 else 1,
            )
        )
    return new_table(columns, rows)


def build_general_public_by_economic(facts):
    return shaanxi_economic_detail(facts, basic=False)


def build_general_public_basic_by_economic(facts):
    return shaanxi_economic_detail(facts, basic=True)


GOVERNMENT_FUND_FUNCTIONS = [
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("217", "金融支出"),
    ("229", "其他支出"),
]

GOVERNMENT_FUND_BASIC_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "其他资本性支出"),
]

GOVERNMENT_FUND_PROJECT_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务付息及费用支出"),
    ("309", "资本性支出(基本建设)"),
    ("310", "资本性支出"),
    ("311", "对企业补助(基本建设）"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
]

GOVERNMENT_FUND_GOVERNMENT_ECONOMIC = [
    ("501", "机关工资福利支出"),
    ("502", "机关商品和服务支出"),
    ("503", "机关资本性支出（一）"),
    ("504", "机关资本性支出（二）"),
    ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"),
    ("507", "对企业补助"),
    ("508", "对企业资本性支出"),
    ("509", "对个人和家庭的补助"),
    ("599", "其他支出"),
]


def build_government_fund_summary(facts):
    """陕西 表9 政府性基金收支表, in the template's fixed layout."""
    fund = (S.GOVERNMENT_FUND,)
    revenue_total = arithmetic.total_of(
        arithmetic.by_source(arithmetic.only(facts.revenue, sources=fund)).values()
    )
    function_lines = arithmetic.only(facts.function_lines, sources=fund)
    economic_lines = arithmetic.only(facts.economic_lines, sources=fund)
    basic_lines = arithmetic.basic_only(economic_lines)
    project_lines = arithmetic.only(economic_lines, expense_types=(ExpenseType.PROJECT,))
    revenue = [("一、政府性基金拨款", revenue_total)]
    functions = [
        (f"{chinese_number(index)}、{name}", sum_by_prefix(function_lines, function_code, code))
        for index, (code, name) in enumerate(GOVERNMENT_FUND_FUNCTIONS, start=1)
    ]
    economic = [("一、人员经费和公用经费支出", arithmetic.split_of(basic_lines).total)]
    economic += [
        (f"    {name}", sum_by_prefix(basic_lines, dept_code, code))
        for code, name in GOVERNMENT_FUND_BASIC_ECONOMIC
    ]
    economic.append(("二、专项业务经费支出", arithmetic.split_of(project_lines).total))
    economic += [
        (f"    {name}", sum_by_prefix(project_lines, dept_code, code))
        for code, name in GOVERNMENT_FUND_PROJECT_ECONOMIC
    ]
    economic += [("三、上缴上级支出", None), ("四、事业单位经营支出", None)]
    economic.append(("五、对附属单位补助支出", None))
    government = [
        (f"{chinese_number(index)}、{name}", sum_by_prefix(economic_lines, gov_code, code))
        for index, (code, name) in enumerate(GOVERNMENT_FUND_GOVERNMENT_ECONOMIC, start=1)
    ]
    total = arithmetic.split_of(function_lines).total
    footer = [[("本年收入合计", revenue_total)] + [("本年支出合计", total)] * 3]
    height = max(len(column) for column in (revenue, functions, economic, government))
    rows = []
    for index in range(height):
        cells = []
        for column in (revenue, functions, economic, government):
            label, amount = column[index] if index < len(column) else ("", None)
            cells += [label, amount]
        rows.append(Row(cells))
    for pairs in footer:
        rows.append(Row([cell for pair in pairs for cell in pair], kind="total"))
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def build_projects(facts):
    """陕西 表10 专项业务经费支出表: department → unit → 专用项目 → 政府履职专项 → project."""
    columns = [
        Column("单位编码"),
        Column("单位（项目）名称"),
        Column("项目金额", "amount"),
        Column("项目简介"),
    ]
    projects = facts.projects
    total = arithmetic.total_of(project.amount for project in projects)
    organisation = facts.document.organisation
    rows = [Row(["合计", "", total, ""], kind="total")]
    depth = 0
    if organisation.parent_id:
        parent = organisation.parent
        rows.append(Row([parent.code, parent.name, total, ""], kind="group"))
        depth = 1
    by_unit = {}
    for project in projects:
        by_unit.setdefault(project.organisation or organisation, []).append(project)
    for unit, unit_projects in by_unit.items():
        unit_total = arithmetic.total_of(project.amount for project in unit_projects)
        rows.append(Row([unit.code, unit.name, unit_total, ""], kind="group", depth=depth))
        categories = {}
        for project in unit_projects:
            categories.setdefault(project.category, {}).setdefault(project.subcategory, []).append(
                project
            )
        for category, subcategories in categories.items():
            category_projects = [p for group in subcategories.values() for p in group]
            if category:
                amount = arithmetic.total_of(p.amount for p in category_projects)
                rows.append(Row(["", category, amount, ""], kind="group", depth=depth + 1))
            for subcategory, group in subcategories.items():
                if subcategory:
                    amount = arithmetic.total_of(p.amount for p in group)
                    rows.append(Row(["", subcategory, amount, ""], kind="group", depth=depth + 2))
                for project in group:
                    rows.append(
                        Row(["", project.name, project.amount, project.summary], depth=depth + 3)
                    )
    return new_table(columns, rows)


def build_procurement_items(facts):
    """陕西 表11 政府采购（资产配置、购买服务）预算表."""
    columns = [
        Column("功能科目编码", "code", code_parts=(3, 2, 2)),
        Column("单位编码"),
        Column("采购项目"),
        Column("采购目录"),
        Column("购买服务内容"),
        Column("规格型号"),
        Column("数量"),
        Column("部门预算支出经济科目编码", "code", code_parts=(3, 2)),
        Column("政府预算支出经济科目编码", "code", code_parts=(3, 2)),
        Column("实施采购时间"),
        Column("预算金额", "amount"),
        Column("说明"),
    ]
    unit_code = facts.document.organisation.code
    rows = []
    for item in facts.procurement_items:
        rows.append(
            Row(
                [
                    Code(item.function.code, "function") if item.function_id else "",
                    unit_code,
                    item.item,
                    item.catalogue,
                    item.service_content,
                    item.specification,
                    "" if item.quantity is None else f"{item.quantity.normalize():f}",
                    Code(item.dept_economic.code, "dept_economic") if item.dept_economic_id else "",
                    Code(item.gov_economic.code, "gov_economic") if item.gov_economic_id else "",
                    item.timing,
                    item.amount,
                    item.note,
                ]
            )
        )
    if rows:
        total = arithmetic.total_of(item.amount for item in facts.procurement_items)
        rows.insert(0, Row(["合计"] + [""] * 9 + [total, ""], kind="total"))
    return new_table(columns, rows)


def restricted_figures(row):
    """One period's 陕西 表12 figures, in printed column order."""
    if row is None:
        return [None] * 9
    return [
        arithmetic.restricted_total(row),
        arithmetic.three_public_total(row),
        row.outbound_travel,
        row.reception,
        arithmetic.vehicle_total(row),
        row.vehicle_purchase,
        row.vehicle_operation,
        row.meetings,
        row.training,
    ]


def build_restricted_spending(facts):
    """陕西 表12 “三公”经费及会议费、培训费支出预算表: 上年, 当年, 增减变化情况."""
    prior = restricted_figures(facts.restricted.get("prior"))
    current = restricted_figures(facts.restricted.get("current"))
    changes = [arithmetic.change(a, b) for a, b in zip(prior, current, strict=True)]
    names = [
        "合计",
        "“三公”经费小计",
        "因公出国（境）费用",
        "公务接待费",
        "公务用车购置及运行维护费小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "会议费",
        "培训费",
    ]
    columns = [Column("单位编码"), Column("单位名称")]
    for period in ("上年", "当年", "增减变化情况"):
        columns += [Column(f"{period}{name}", "amount") for name in names]
    group = [
        HeaderCell("合计", rowspan=3),
        HeaderCell("一般公共预算拨款安排的“三公”经费预算", colspan=6),
        HeaderCell("会议费", rowspan=3),
        HeaderCell("培训费", rowspan=3),
    ]
    second = [
        HeaderCell("小计", rowspan=2),
        HeaderCell("因公出国（境）费用", rowspan=2),
        HeaderCell("公务接待费", rowspan=2),
        HeaderCell("公务用车购置及运行维护费", colspan=3),
    ]
    third = [HeaderCell("小计"), HeaderCell("公务用车购置费"), HeaderCell("公务用车运行维护费")]
    header = [
        [HeaderCell("单位编码", rowspan=4), HeaderCell("单位名称", rowspan=4)]
        + [HeaderCell(period, colspan=9) for period in ("上年", "当年", "增减变化情况")],
        group * 3,
        second * 3,
        third * 3,
    ]
    rows = organisation_rows(facts, prior + current + changes)
    return new_table(columns, rows, header_rows=header)


TARGET_COLUMNS = [
    Column("一级指标"),
    Column("二级指标"),
    Column("指标内容"),
    Column("指标值"),
    Column("备注"),
]


def indicator_rows(target_set):
    from budgets.performance.models import Indicator

    rows = [Row(["一级指标", "二级指标", "指标内容", "指标值", "备注"], kind="heading")]
    order1 = list(Indicator.Level1)
    order2 = list(Indicator.Level2)
    indicators = sorted(
        target_set.indicators.all(),
        key=lambda item: (order1.index(item.level1), order2.index(item.level2), item.number),
    )
    for indicator in indicators:
        rows.append(
            Row(
                [
                    indicator.get_level1_display(),
                    indicator.get_level2_display(),
                    f"指标{indicator.number}：{indicator.content}",
                    indicator.value,
                    indicator.note,
                ]
            )
        )
    return rows


def goal_rows(target_set, horizon, label):
    goals = [goal for goal in target_set.goals.all() if goal.horizon == horizon]
    return [Row([label, f"目标{goal.number}：{goal.text}"], kind="field") for goal in goals]


def funding_rows(target_set, prefix, label):
    return [
        Row([label, f"{label}总额", getattr(target_set, f"{prefix}_total")], kind="field"),
        Row(["", "其中：财政拨款", getattr(target_set, f"{prefix}_fiscal")], kind="field"),
        Row(["", "其他资金", getattr(target_set, f"{prefix}_other")], kind="field"),
    ]


def target_sets_of(facts, kind):
    return [target_set for target_set in facts.target_sets if target_set.kind == kind]


def build_project_targets(facts):
    """陕西 表13 单位预算专项业务经费绩效目标表: one form per project."""
    rows = []
    for target_set in target_sets_of(facts, "project"):
        rows.append(Row(["项目名称", target_set.name], kind="field"))
        rows.append(Row(["主管部门", target_set.competent_department], kind="field"))
        rows += funding_rows(target_set, "period", "实施期资金")
        rows += goal_rows(target_set, "period", "总体目标") or goal_rows(
            target_set, "annual", "总体目标"
        )
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


def build_unit_overall_targets(facts):
    """陕西 表14 单位整体支出绩效目标表: tasks with amounts, goals, indicators."""
    rows = []
    for target_set in target_sets_of(facts, "unit_overall"):
        rows.append(Row(["部门（单位）名称", target_set.name], kind="field"))
        rows.append(
            Row(["年度主要任务", "主要内容", "总额", "财政拨款", "其他资金"], kind="heading")
        )
        tasks = list(target_set.tasks.all())
        for task in tasks:
            rows.append(
                Row(
                    [
                        f"任务{task.number}",
                        f"{task.name}{task.content}",
                        task.total,
                        task.fiscal,
                        task.other,
                    ]
                )
            )
        rows.append(
            Row(
                [
                    "金额合计",
                    "",
                    arithmetic.total_of(task.total for task in tasks),
                    arithmetic.total_of(task.fiscal for task in tasks),
                    arithmetic.total_of(task.other for task in tasks),
                ],
                kind="total",
            )
        )
        rows += goal_rows(target_set, "annual", "年度总体目标")
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


def build_special_fund_targets(facts):
    """陕西 表15 专项资金总体绩效目标表: whole period and year."""
    rows = []
    for target_set in target_sets_of(facts, "special_fund"):
        rows.append(Row(["项目名称", target_set.name], kind="field"))
        rows.append(Row(["主管部门", target_set.competent_department], kind="field"))
        rows.append(Row(["实施期限", target_set.period], kind="field"))
        rows += funding_rows(target_set, "period", "实施期资金")
        rows += funding_rows(target_set, "annual", "年度资金")
        rows += goal_rows(target_set, "period", "实施期总目标")
        rows += goal_rows(target_set, "annual", "年度目标")
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


# 上海's nine tables.

SHANGHAI_CODE = Column("功能分类科目编码", "code", code_parts=(3, 2, 2))


def shanghai_function_classes(lines):
    """{function 类: Split} of the 类 present in ``lines``, in code order."""
    return arithmetic.rollup(lines, function_code, (3,))


def build_shanghai_summary(facts):
    """上海 1 财务收支预算总表; with 人员/公用/项目 columns where the document prints them."""
    sources = arithmetic.by_source(facts.revenue)
    revenue = [
        ("一、财政拨款收入", arithmetic.fiscal_total(sources)),
        ("1、一般公共预算资金", sources.get(S.GENERAL_PUBLIC)),
        ("2、政府性基金", sources.get(S.GOVERNMENT_FUND)),
        ("3、国有资本经营预算", sources.get(S.STATE_CAPITAL)),
        ("二、事业收入", sources.get(S.OPERATING)),
        ("三、事业单位经营收入", sources.get(S.BUSINESS)),
        ("四、其他收入", sources.get(S.OTHER)),
    ]
    classes = shanghai_function_classes(facts.function_lines)
    with_split = bool(facts.basic_splits)
    splits_by_class = {split.function.code: split for split in facts.basic_splits}
    expenditure = []
    for index, (code, split) in enumerate(classes.items(), start=1):
        label = f"{chinese_number(index)}、{facts.name('function', code)}"
        amounts = [split.total]
        if with_split:
            published = splits_by_class.get(code)
            amounts += [
                published.personnel if published else None,
                published.running if published else None,
                split.project,
            ]
        expenditure.append((label, amounts))
    width = 4 if with_split else 1
    rows = []
    for index in range(max(len(revenue), len(expenditure))):
        label, amount = revenue[index] if index < len(revenue) else ("", None)
        other_label, amounts = (
            expenditure[index] if index < len(expenditure) else ("", [None] * width)
        )
        rows.append(Row([label, amount, other_label] + amounts))
    total = arithmetic.split_of(facts.function_lines)
    footer = [total.total]
    if with_split:
        footer += [
            arithmetic.total_of(split.personnel for split in facts.basic_splits),
            arithmetic.total_of(split.running for split in facts.basic_splits),
            total.project,
        ]
    rows.append(
        Row(["收入总计", arithmetic.total_of(sources.values()), "支出总计"] + footer, kind="total")
    )
    columns = [Column("收入项目"), Column("收入预算数", "amount"), Column("支出项目")]
    if with_split:
        columns += [
            Column("预算数合计", "amount"),
            Column("基本支出人员经费", "amount"),
            Column("基本支出公用经费", "amount"),
            Column("项目支出", "amount"),
        ]
        header = [
            [HeaderCell("本年收入", colspan=2), HeaderCell("本年支出", colspan=5)],
            [
                HeaderCell("项目", rowspan=3),
                HeaderCell("预算数", rowspan=3),
                HeaderCell("项目", rowspan=3),
                HeaderCell("预算数", colspan=4),
            ],
            [HeaderCell("合计", rowspan=2), HeaderCell("基本支出", colspan=2)]
            + [HeaderCell("项目支出", rowspan=2)],
            [HeaderCell("人员经费"), HeaderCell("公用经费")],
        ]
    else:
        columns.append(Column("支出预算数", "amount"))
        header = [
            [HeaderCell("本年收入", colspan=2), HeaderCell("本年支出", colspan=2)],
            [HeaderCell("项目"), HeaderCell("预算数"), HeaderCell("项目"), HeaderCell("预算数")],
        ]
    return new_table(columns, rows, header_rows=header, layout=True)


def function_code_rows(facts, codes, amounts_of):
    """Rows for every function code in ``codes`` (类/款/项), as 上海 prints them."""
    rows = []
    for code in codes:
        depth = (3, 5, 7).index(len(code))
        rows.append(
            Row(
                [Code(code, "function"), facts.name("function", code)] + amounts_of(code),
                kind="group" if depth < 2 else "item",
                depth=depth,
            )
        )
    return rows


def build_revenue_by_function(facts):
    """上海 2 收入预算总表: revenue by function × source; 合计 last."""
    with_function = [line for line in facts.revenue if line.function_id]
    totals = arithmetic.rollup_by(with_function, function_code, (3, 5, 7), lambda line: line.source)

    def amounts(by_source):
        return [
            arithmetic.total_of(by_source.values()),
            arithmetic.fiscal_total(by_source),
            by_source.get(S.OPERATING),
            by_source.get(S.BUSINESS),
            by_source.get(S.OTHER),
        ]

    rows = function_code_rows(facts, totals, lambda code: amounts(totals[code]))
    rows.append(Row(["合计", ""] + amounts(arithmetic.by_source(facts.revenue)), kind="total"))
    columns = [
        SHANGHAI_CODE,
        Column("功能分类科目名称"),
        Column("合计", "amount", key="total"),
        Column("财政拨款收入", "amount", key="fiscal"),
        Column("事业收入", "amount", key="operating"),
        Column("事业单位经营收入", "amount", key="business"),
        Column("其他收入", "amount", key="other"),
    ]
    return new_table(columns, rows)


BASIC_PROJECT_COLUMNS = [
    SHANGHAI_CODE,
    Column("功能分类科目名称"),
    Column("合计", "amount", key="total"),
    Column("基本支出", "amount", key="basic"),
    Column("项目支出", "amount", key="project"),
]


def basic_project_table(facts, lines):
    splits = arithmetic.rollup(lines, function_code, (3, 5, 7))
    rows = function_code_rows(
        facts, splits, lambda code: [splits[code].total, splits[code].basic, splits[code].project]
    )
    total = arithmetic.split_of(lines)
    rows.append(Row(["合计", "", total.total, total.basic, total.project], kind="total"))
    return new_table(BASIC_PROJECT_COLUMNS, rows)


def build_expenditure_by_function(facts):
    """上海 3 支出预算总表."""
    return basic_project_table(facts, facts.function_lines)


def build_general_public_basic_project_by_function(facts):
    """上海 5 一般公共预算支出功能分类预算表."""
    return basic_project_table(facts, arithmetic.general_public(facts.function_lines))


def build_government_fund_by_function(facts):
    """上海 6 政府性基金预算支出功能分类预算表."""
    return basic_project_table(
        facts, arithmetic.only(facts.function_lines, sources=(S.GOVERNMENT_FUND,))
    )


def build_state_capital_by_function(facts):
    """上海 7 国有资本经营预算支出功能分类预算表."""
    return basic_project_table(
        facts, arithmetic.only(facts.function_lines, sources=(S.STATE_CAPITAL,))
    )


def build_shanghai_fiscal_summary(facts):
    """上海 4 财政拨款收支预算总表."""
    sources = arithmetic.by_source(arithmetic.only(facts.revenue, sources=FISCAL_SOURCES))
    revenue = [
        ("一、一般公共预算资金", sources.get(S.GENERAL_PUBLIC)),
        ("二、政府性基金", sources.get(S.GOVERNMENT_FUND)),
        ("三、国有资本经营预算", sources.get(S.STATE_CAPITAL)),
    ]
    lines = arithmetic.only(facts.function_lines, sources=FISCAL_SOURCES)

    def by_source_amounts(class_lines):
        totals = arithmetic.by_source(class_lines)
        return [arithmetic.total_of(totals.values())] + [
            totals.get(source) for source in FISCAL_SOURCES
        ]

    expenditure = []
    for index, code in enumerate(shanghai_function_classes(lines), start=1):
        class_lines = [line for line in lines if line.function.code.startswith(code)]
        label = f"{chinese_number(index)}、{facts.name('function', code)}"
        expenditure.append((label, by_source_amounts(class_lines)))
    rows = []
    for index in range(max(len(revenue), len(expenditure))):
        label, amount = revenue[index] if index < len(revenue) else ("", None)
        other, amounts = expenditure[index] if index < len(expenditure) else ("", [None] * 4)
        rows.append(Row([label, amount, other] + amounts))
    rows.append(
        Row(
            ["收入总计", arithmetic.fiscal_total(sources), "支出总计"] + by_source_amounts(lines),
            kind="total",
        )
    )
    columns = [
        Column("财政拨款收入项目"),
        Column("财政拨款收入预算数", "amount"),
        Column("财政拨款支出项目"),
        Column("合计", "amount"),
        Column("一般公共预算", "amount"),
        Column("政府性基金预算", "amount"),
        Column("国有资本经营预算", "amount"),
    ]
    header = [
        [HeaderCell("财政拨款收入", colspan=2), HeaderCell("财政拨款支出", colspan=5)],
        [HeaderCell("项目"), HeaderCell("预算数"), HeaderCell("项目")]
        + [HeaderCell(column.name) for column in columns[3:]],
    ]
    return new_table(columns, rows, header_rows=header, layout=True)


def build_general_public_basic_by_dept_economic(facts):
    """上海 8 一般公共预算基本支出部门预算经济分类预算表."""
    lines = arithmetic.basic_only(arithmetic.general_public(facts.economic_lines))
    splits = arithmetic.rollup(lines, dept_code, (3, 5))
    rows = []
    for code, split in splits.items():
        rows.append(
            Row(
                [Code(code, "dept_economic"), facts.name("dept_economic", code)]
                + [split.basic, split.personnel, split.running],
                kind="group" if len(code) == 3 else "item",
                depth=0 if len(code) == 3 else 1,
            )
        )
    total = arithmetic.split_of(lines)
    rows.append(Row(["合计", "", total.basic, total.personnel, total.running], kind="total"))
    columns = [
        Column("经济分类科目编码", "code", code_parts=(3, 2)),
        Column("部门经济分类科目名称"),
        Column("合计", "amount", key="total"),
        Column("人员经费", "amount", key="personnel"),
        Column("公用经费", "amount", key="running"),
    ]
    return new_table(columns, rows)


def build_restricted_and_administrative(facts):
    """上海 9 “三公”经费和机关运行经费预算表 (in 万元 by the template)."""
    row = facts.restricted.get("current")
    columns = [
        Column("“三公”经费合计", "amount"),
        Column("因公出国(境)费", "amount"),
        Column("公务接待费", "amount"),
        Column("公务用车购置及运行费小计", "amount"),
        Column("公务用车购置费", "amount"),
        Column("公务用车运行费", "amount"),
        Column("机关运行经费预算数", "amount"),
    ]
    header = [
        [HeaderCell("“三公”经费预算数", colspan=6), HeaderCell("机关运行经费预算数", rowspan=3)],
        [
            HeaderCell("合计", rowspan=2),
            HeaderCell("因公出国(境)费", rowspan=2),
            HeaderCell("公务接待费", rowspan=2),
            HeaderCell("公务用车购置及运行费", colspan=3),
        ],
        [HeaderCell("小计"), HeaderCell("购置费"), HeaderCell("运行费")],
    ]
    rows = []
    if row is not None:
        rows.append(
            Row(
                [
                    arithmetic.three_public_total(row),
                    row.outbound_travel,
                    row.reception,
                    arithmetic.vehicle_total(row),
                    row.vehicle_purchase,
                    row.vehicle_operation,
                    row.administrative_running,
                ]
            )
        )
    return new_table(columns, rows, header_rows=header)


BUILDERS = {
    "summary": build_summary,
    "revenue_by_organisation": build_revenue_by_organisation,
    "expenditure_by_organisation": build_expenditure_by_organisation,
    "fiscal_summary": build_fiscal_summary,
    "general_public_by_function": build_general_public_by_function,
    "general_public_by_economic": build_general_public_by_economic,
    "general_public_basic_by_function": build_general_public_basic_by_function,
    "general_public_basic_by_economic": build_general_public_basic_by_economic,
    "government_fund_summary": build_government_fund_summary,
    "projects": build_projects,
    "procurement_items": build_procurement_items,
    "restricted_spending": build_restricted_spending,
    "project_targets": build_project_targets,
    "unit_overall_targets": build_unit_overall_targets,
    "special_fund_targets": build_special_fund_targets,
    "shanghai_summary": build_shanghai_summary,
    "revenue_by_function": build_revenue_by_function,
    "expenditure_by_function": build_expenditure_by_function,
    "shanghai_fiscal_summary": build_shanghai_fiscal_summary,
    "general_public_basic_project_by_function": build_general_public_basic_project_by_function,
    "government_fund_by_function": build_government_fund_by_function,
    "state_capital_by_function": build_state_capital_by_function,
    "general_public_basic_by_dept_economic": build_general_public_basic_by_dept_economic,
    "restricted_and_administrative": build_restricted_and_administrative,
}
