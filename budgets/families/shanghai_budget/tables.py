"""上海 区级部门/单位预算: the nine official tables built from a document's facts.

The two 收支总表 (表1, 表4) print their rows as the document prints them (``PrintedRow``:
“1.一般公共预算资金”, a 类 under the name and number the document gives it), each cell
keyed so that a figure the document prints off the sum of the facts shows as printed.
"""

from types import SimpleNamespace

from budgets.disclosures import arithmetic
from budgets.disclosures.models import FISCAL_SOURCES
from budgets.disclosures.models import FundingSource as S
from budgets.disclosures.tables.common import (
    Code,
    Column,
    HeaderCell,
    Row,
    chinese_number,
    dept_code,
    function_code,
    new_table,
)
from budgets.disclosures.tables.layout import placed_labels, placed_rows, printed_cells

# 上海's nine tables.

SHANGHAI_CODE = Column("功能分类科目编码", "code", code_parts=(3, 2, 2))


def shanghai_function_classes(lines):
    """{function 类: Split} of the 类 present in ``lines``, in code order."""
    return arithmetic.rollup(lines, function_code, (3,))


#: The revenue side of 表1 as the template names it: (label, row key).
SUMMARY_REVENUE = [
    ("一、财政拨款收入", "fiscal"),
    ("1、一般公共预算资金", S.GENERAL_PUBLIC),
    ("2、政府性基金", S.GOVERNMENT_FUND),
    ("3、国有资本经营预算", S.STATE_CAPITAL),
    ("二、事业收入", S.OPERATING),
    ("三、事业单位经营收入", S.BUSINESS),
    ("四、其他收入", S.OTHER),
]
#: The revenue side of 表4 as the template names it.
FISCAL_REVENUE = [
    ("一、一般公共预算资金", S.GENERAL_PUBLIC),
    ("二、政府性基金", S.GOVERNMENT_FUND),
    ("三、国有资本经营预算", S.STATE_CAPITAL),
]


def template_rows(facts, revenue, classes):
    """{(position, side): (key, label)} of a 收支总表 the document's printed rows do not
    give: the template's ``revenue`` rows beside the 类 of ``classes`` (numbered 一、二、…
    and named as the document names them), totals last."""
    placed = {(position, 0): (key, label) for position, (label, key) in enumerate(revenue)}
    for position, code in enumerate(classes):
        label = f"{chinese_number(position + 1)}、{facts.name('function', code)}"
        placed[(position, 1)] = (code, label)
    last = max(len(revenue), len(classes))
    placed[(last, 0)] = ("revenue_total", "收入总计")
    placed[(last, 1)] = ("spending_total", "支出总计")
    return placed


def side_by_side(facts, kind, revenue, classes, value_of, columns):
    """The rows of a 收支总表: as the document prints them (``PrintedRow``), else as the
    template lays them out (``template_rows``)."""
    placed = placed_labels(facts, kind) or template_rows(facts, revenue, classes)
    return placed_rows(placed, printed_cells(facts, kind), value_of, columns)


def revenue_amount(sources, key):
    """The revenue side's figure of row ``key`` from revenue ``sources`` ({source: amount})."""
    if key == "fiscal":
        return arithmetic.fiscal_total(sources)
    if key == "revenue_total":
        return arithmetic.total_of(sources.values())
    return sources.get(key)


def build_shanghai_summary(facts):
    """上海 1 财务收支预算总表; with 人员/公用/项目 columns where the document prints them."""
    sources = arithmetic.by_source(facts.revenue)
    classes = shanghai_function_classes(facts.function_lines)
    with_split = bool(facts.basic_splits)
    splits = {split.function.code: split for split in facts.basic_splits}

    def spending(split, published):
        if not with_split:
            return [split.total]
        return [split.total, published.personnel, published.running, split.project]

    def value_of(side, key):
        if side == 0:
            return [revenue_amount(sources, key)]
        if key == "spending_total":
            basic = SimpleNamespace(
                personnel=arithmetic.total_of(split.personnel for split in facts.basic_splits),
                running=arithmetic.total_of(split.running for split in facts.basic_splits),
            )
            return spending(arithmetic.split_of(facts.function_lines), basic)
        if key not in classes:
            return [None] * (4 if with_split else 1)
        blank = SimpleNamespace(personnel=None, running=None)
        return spending(classes[key], splits.get(key, blank))

    right = ["total", "personnel", "running", "project"] if with_split else ["total"]
    rows = side_by_side(
        facts, "shanghai_summary", SUMMARY_REVENUE, classes, value_of, (["total"], right)
    )
    columns, header = summary_layout(with_split)
    return new_table(columns, rows, header_rows=header, layout=True)


def summary_layout(with_split):
    """(columns, header rows) of 表1, with or without 人员/公用/项目 columns."""
    columns = [Column("收入项目"), Column("收入预算数", "amount"), Column("支出项目")]
    if not with_split:
        columns.append(Column("支出预算数", "amount"))
        header = [
            [HeaderCell("本年收入", colspan=2), HeaderCell("本年支出", colspan=2)],
            [HeaderCell("项目"), HeaderCell("预算数"), HeaderCell("项目"), HeaderCell("预算数")],
        ]
        return columns, header
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
    return columns, header


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
    lines = arithmetic.only(facts.function_lines, sources=FISCAL_SOURCES)

    def value_of(side, key):
        if side == 0:
            return [revenue_amount(sources, key)]
        of_key = (
            lines
            if key == "spending_total"
            else [line for line in lines if line.function.code.startswith(key)]
        )
        totals = arithmetic.by_source(of_key)
        return [arithmetic.total_of(totals.values())] + [
            totals.get(source) for source in FISCAL_SOURCES
        ]

    columns = [
        Column("财政拨款收入项目"),
        Column("财政拨款收入预算数", "amount"),
        Column("财政拨款支出项目"),
        Column("合计", "amount"),
        Column("一般公共预算", "amount"),
        Column("政府性基金预算", "amount"),
        Column("国有资本经营预算", "amount"),
    ]
    rows = side_by_side(
        facts,
        "shanghai_fiscal_summary",
        FISCAL_REVENUE,
        shanghai_function_classes(lines),
        value_of,
        (["total"], ["total", *map(str, FISCAL_SOURCES)]),
    )
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
