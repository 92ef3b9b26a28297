"""江苏省省级部门预算: the twelve 公开表 built from a document's facts, in 万元 as printed.

Codes are printed whole (2013101), so no 类/款/项 split columns. Function tables print one
amount per code (the facts hold no 基本/项目 split there); 支出用途 (基本/项目/预留/结转)
comes from ``ExpenditureByType``.
"""

from itertools import groupby

from budgets.disclosures import arithmetic
from budgets.disclosures.models import ExpenditureByType, ExpenseType
from budgets.disclosures.models import FundingSource as S
from budgets.disclosures.tables.common import (
    Code,
    Column,
    HeaderCell,
    Row,
    by_type,
    chinese_number,
    dept_code,
    function_code,
    new_table,
)
from budgets.disclosures.tables.layout import placed_labels

USES = [
    ("基本支出", ExpenseType.BASIC),
    ("项目支出", ExpenseType.PROJECT),
    ("单位预留机动经费", ExpenseType.RESERVE),
]
OTHER_FUNDS = (S.OPERATING, S.BUSINESS, S.OTHER)


def sources_of(facts):
    return arithmetic.by_source(facts.revenue)


def numbered(entries):
    """[(key, “一、label”)] of [(key, label)], numbered from 一."""
    return [
        (key, f"{chinese_number(index)}、{label}")
        for index, (key, label) in enumerate(entries, start=1)
    ]


def stacked(sides, footer):
    """{(position, side): (key, label)} of a 收支 table whose printed rows are not stored:
    each side's rows from the top, the totals (pairs of rows by side) below them."""
    placed = {}
    body = max(len(rows) for rows in sides)
    for side, rows in enumerate(sides):
        placed.update({(position, side): row for position, row in enumerate(rows, start=1)})
    for position, pair in enumerate(footer, start=body + 1):
        placed.update({(position, side): row for side, row in enumerate(pair)})
    return placed


#: Spending totals printed across the function and use panels (their figure in the last
#: amount column), and the keys of the rows printed as totals.
SPANNING = ("spending_subtotal", "carryforward", "spending_total")
TOTAL_KEYS = ("income_subtotal", "income_total")
INCOME_ROWS = [
    ("fiscal", "一、财政拨款"),
    ("general_public", "1.一般公共预算"),
    ("government_fund", "2.政府性基金预算"),
    ("special_account", "二、财政专户管理资金"),
    ("other_funds", "三、其他资金"),
]
USE_ROWS = [("basic", "基本支出"), ("project", "项目支出"), ("reserve", "单位预留机动经费")]
FOOTER = [
    (("income_subtotal", "当年收入小计"), ("spending_subtotal", "当年支出小计")),
    (("carried_over", "上年结转资金"), ("carryforward", "结转下年资金")),
    (("income_total", "收入合计"), ("spending_total", "支出合计")),
]


def layout_rows(placed, values, sides):
    """Rows of a side-by-side 收支 table: each printed label, with the amount ``values``
    holds for its key beside it (a spending total's in the last amount column)."""
    rows = []
    for position in sorted({position for position, _side in placed}):
        cells, kind = ["", None] * sides, "item"
        for side in range(sides):
            key, label = placed.get((position, side), ("", ""))
            cells[2 * side] = label
            if values.get(key) is not None:
                cells[2 * sides - 1 if key in SPANNING else 2 * side + 1] = values[key]
            kind = "total" if key in TOTAL_KEYS else kind
        rows.append(Row(cells, kind=kind))
    return rows


def use_values(uses):
    """{row key: amount} of the spending uses (基本支出 …)."""
    return {
        key: uses.get(expense_type)
        for (key, _label), (_name, expense_type) in zip(USE_ROWS, USES, strict=True)
    }


def other_funds(sources):
    return arithmetic.total_of(sources.get(source) for source in OTHER_FUNDS)


def income_values(sources):
    """{row key: amount} of the income side of 收支预算总表."""
    return {
        "fiscal": arithmetic.fiscal_total(sources),
        "general_public": sources.get(S.GENERAL_PUBLIC),
        "government_fund": sources.get(S.GOVERNMENT_FUND),
        "special_account": sources.get(S.SPECIAL_ACCOUNT),
        "other_funds": other_funds(sources),
    }


def build_summary(facts):
    """收支预算总表: revenue by source | spending by function 类 | spending by use, every
    row as the document prints it (every 类, numbered as printed)."""
    sources = sources_of(facts)
    uses = by_type(facts, ExpenditureByType.Coverage.ALL)
    classes = arithmetic.rollup(facts.function_lines, function_code, (3,))
    income = income_values(sources)
    in_year = arithmetic.total_of(
        [income["fiscal"], income["special_account"], income["other_funds"]]
    )
    spent = arithmetic.split_of(facts.function_lines).total
    values = {
        **income,
        **use_values(uses),
        **{code: split.total for code, split in classes.items()},
        "income_subtotal": in_year,
        "carried_over": sources.get(S.CARRIED_OVER),
        "income_total": arithmetic.total_of([in_year, sources.get(S.CARRIED_OVER)]),
        "spending_subtotal": spent,
        "carryforward": uses.get(ExpenseType.CARRYFORWARD),
        "spending_total": arithmetic.total_of([spent, uses.get(ExpenseType.CARRYFORWARD)]),
    }
    functions = [(code, facts.name("function", code)) for code in classes]
    placed = placed_labels(facts, "jiangsu_summary") or stacked(
        [INCOME_ROWS, numbered(functions), numbered(USE_ROWS)], FOOTER
    )
    columns = [
        Column("收入项目名称"),
        Column("收入金额", "amount"),
        Column("功能科目名称"),
        Column("功能分类金额", "amount"),
        Column("支出用途项目名称"),
        Column("支出用途金额", "amount"),
    ]
    header = [
        [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=4)],
        [
            HeaderCell("项目名称", rowspan=2),
            HeaderCell("金额", rowspan=2),
            HeaderCell("功能分类", colspan=2),
            HeaderCell("支出用途", colspan=2),
        ],
        [
            HeaderCell("功能科目名称"),
            HeaderCell("金额"),
            HeaderCell("项目名称"),
            HeaderCell("金额"),
        ],
    ]
    rows = layout_rows(placed, values, 3)
    return new_table(columns, rows, header_rows=header, layout=True)


#: 收入预算总表's groups (the key its printed rows carry) and the sources each holds.
REVENUE_GROUPS = {
    "general_public": ("一般公共预算资金", (S.GENERAL_PUBLIC,)),
    "government_fund": ("政府性基金", (S.GOVERNMENT_FUND,)),
    "special_account": ("财政专户管理资金", (S.SPECIAL_ACCOUNT,)),
    "other_funds": ("其他资金", OTHER_FUNDS),
    "carried_over": ("上年结转和结余资金", (S.CARRIED_OVER,)),
}


def revenue_layout(facts):
    """{(position, side): (group key, label)} of 收入预算总表 where its printed rows are not
    stored: 收入总计, then each group's 小计 and the items its revenue is stored under."""
    rows = [(("revenue_total", "收入总计"),)]
    for key, (name, sources) in REVENUE_GROUPS.items():
        items = [line.item for line in facts.revenue if line.source in sources and line.item]
        rows.append(((key, name), (key, "小计")))
        rows += [(None, (key, item)) for item in dict.fromkeys(items)]
    return {
        (position, side): row
        for position, pair in enumerate(rows, start=1)
        for side, row in enumerate(pair)
        if row
    }


def revenue_row(revenue, name, key, item):
    """One row of 收入预算总表: a group's 小计, or an item of the group (a “其中” row holds
    no figure of its own)."""
    if key == "revenue_total":
        return Row([name, "", arithmetic.total_of(line.amount for line in revenue)], kind="total")
    sources = REVENUE_GROUPS.get(key, ("", ()))[1]
    lines = [line for line in revenue if line.source in sources]
    if item == "小计":
        return Row([name, item, arithmetic.total_of(line.amount for line in lines)], kind="group")
    figure = arithmetic.total_of(line.amount for line in lines if item and line.item == item)
    return Row([name, item, figure], depth=1)


def build_revenue(facts):
    """收入预算总表: 收入总计, then by group its 小计 and items, every row as printed."""
    placed = placed_labels(facts, "jiangsu_revenue") or revenue_layout(facts)
    rows = []
    for position in sorted({position for position, _side in placed}):
        key, name = placed.get((position, 0), ("", ""))
        key, item = placed.get((position, 1), (key, ""))
        rows.append(revenue_row(facts.revenue, name, key, item))
    columns = [Column("项目名称"), Column("明细"), Column("金额", "amount", key="total")]
    return new_table(columns, rows)


def build_expenditure(facts):
    """支出预算总表: 合计 = 基本 + 项目 + 单位预留机动经费 + 结转下年资金."""
    uses = by_type(facts, ExpenditureByType.Coverage.ALL)
    parts = [
        uses.get(ExpenseType.BASIC),
        uses.get(ExpenseType.PROJECT),
        uses.get(ExpenseType.RESERVE),
        uses.get(ExpenseType.CARRYFORWARD),
    ]
    columns = [
        Column("合计", "amount", key="total"),
        Column("基本支出", "amount", key="basic"),
        Column("项目支出", "amount", key="project"),
        Column("单位预留机动经费", "amount"),
        Column("结转下年资金", "amount"),
    ]
    return new_table(columns, [Row([arithmetic.total_of(parts)] + parts)])


def build_fiscal_summary(facts):
    """财政拨款收支预算总表: 财政拨款 by source | by use, every row as printed."""
    sources = sources_of(facts)
    uses = by_type(facts, ExpenditureByType.Coverage.FISCAL)
    values = {
        "general_public": sources.get(S.GENERAL_PUBLIC),
        "government_fund": sources.get(S.GOVERNMENT_FUND),
        **use_values(uses),
        "income_total": arithmetic.fiscal_total(sources),
        "spending_total": arithmetic.total_of(uses.values()),
    }
    income = [("general_public", "一般公共预算"), ("government_fund", "政府性基金预算")]
    placed = placed_labels(facts, "jiangsu_fiscal_summary") or stacked(
        [numbered(income), numbered(USE_ROWS)], [FOOTER[-1]]
    )
    columns = [
        Column("收入项目名称"),
        Column("收入金额", "amount"),
        Column("支出项目名称"),
        Column("支出金额", "amount"),
    ]
    header = [
        [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=2)],
        [HeaderCell("项目名称"), HeaderCell("金额"), HeaderCell("项目名称"), HeaderCell("金额")],
    ]
    rows = layout_rows(placed, values, 2)
    return new_table(columns, rows, header_rows=header, layout=True)


FUNCTION_COLUMNS = [
    Column("功能科目编码", "code"),
    Column("功能科目名称"),
    Column("金额", "amount", key="total"),
]
ECONOMIC_COLUMNS = [
    Column("科目编码", "code"),
    Column("科目名称"),
    Column("金额", "amount", key="total"),
]


def code_table(facts, lines, code_of, lengths, scheme, columns):
    """合计 first, then every code at every level with one amount, as 江苏 prints them."""
    splits = arithmetic.rollup(lines, code_of, lengths)
    rows = [Row(["合计", "", arithmetic.split_of(lines).total], kind="total")]
    for code, split in splits.items():
        depth = lengths.index(len(code))
        rows.append(
            Row(
                [Code(code, scheme), facts.name(scheme, code), split.total],
                kind="group" if depth < len(lengths) - 1 else "item",
                depth=depth,
            )
        )
    return new_table(columns, rows)


def function_table(facts, sources):
    lines = arithmetic.only(facts.function_lines, sources=sources)
    lines = [line for line in lines if len(line.function.code) == 7]
    return code_table(facts, lines, function_code, (3, 5, 7), "function", FUNCTION_COLUMNS)


def build_fiscal_by_function(facts):
    """财政拨款支出预算表（功能科目）."""
    return function_table(facts, (S.GENERAL_PUBLIC, S.GOVERNMENT_FUND))


def build_general_public_by_function(facts):
    """一般公共预算支出预算表（功能科目）."""
    return function_table(facts, (S.GENERAL_PUBLIC,))


def build_government_fund_by_function(facts):
    """财政拨款政府性基金支出预算表."""
    return function_table(facts, (S.GOVERNMENT_FUND,))


def economic_table(facts, sources):
    lines = arithmetic.basic_only(arithmetic.only(facts.economic_lines, sources=sources))
    return code_table(facts, lines, dept_code, (3, 5), "dept_economic", ECONOMIC_COLUMNS)


def build_fiscal_basic_by_economic(facts):
    """财政拨款基本支出预算表（经济科目）."""
    return economic_table(facts, (S.GENERAL_PUBLIC, S.GOVERNMENT_FUND))


def build_general_public_basic_by_economic(facts):
    """一般公共预算基本支出预算表（经济科目）."""
    return economic_table(facts, (S.GENERAL_PUBLIC,))


def build_restricted(facts):
    """“三公”经费、会议费、培训费支出预算表."""
    row = facts.restricted.get("current")
    columns = [
        Column("合计", "amount"),
        Column("“三公”经费小计", "amount"),
        Column("因公出国（境）费", "amount"),
        Column("公务用车购置及运行维护费小计", "amount"),
        Column("公务用车购置费", "amount"),
        Column("公务用车运行维护费", "amount"),
        Column("公务接待费", "amount"),
        Column("会议费", "amount"),
        Column("培训费", "amount"),
    ]
    header = [
        [
            HeaderCell("合计", rowspan=3),
            HeaderCell("“三公”经费", colspan=6),
            HeaderCell("会议费", rowspan=3),
            HeaderCell("培训费", rowspan=3),
        ],
        [
            HeaderCell("小计", rowspan=2),
            HeaderCell("因公出国（境）费", rowspan=2),
            HeaderCell("公务用车购置及运行维护费", colspan=3),
            HeaderCell("公务接待费", rowspan=2),
        ],
        [HeaderCell("小计"), HeaderCell("公务用车购置费"), HeaderCell("公务用车运行维护费")],
    ]
    rows = []
    if row is not None:
        rows.append(
            Row(
                [
                    arithmetic.restricted_total(row),
                    arithmetic.three_public_total(row),
                    row.outbound_travel,
                    arithmetic.vehicle_total(row),
                    row.vehicle_purchase,
                    row.vehicle_operation,
                    row.reception,
                    row.meetings,
                    row.training,
                ]
            )
        )
    return new_table(columns, rows, header_rows=header)


def running_lines(facts):
    """The document's 机关运行经费 by economic 款 (``AdministrativeRunningLine``), read when
    this table is built."""
    if facts.running_lines is None:
        facts.running_lines = list(
            facts.document.administrativerunninglines.select_related("dept_economic")
        )
    return facts.running_lines


RUNNING_COLUMNS = [
    Column("科目编码", "code"),
    Column("科目名称"),
    Column("机关运行经费支出", "amount", key="total"),
]


def build_administrative_running(facts):
    """一般公共预算机关运行经费支出预算表: 合计, then every economic 类 and 款 as printed;
    the total alone where the 款 are not stored."""
    lines = running_lines(facts)
    if lines:
        return code_table(facts, lines, dept_code, (3, 5), "dept_economic", RUNNING_COLUMNS)
    row = facts.restricted.get("current")
    figure = row.administrative_running if row is not None else None
    return new_table(RUNNING_COLUMNS, [Row(["合计", "", figure], kind="total")])


#: 政府采购预算表's categories as printed.
CATEGORIES = {"goods": "一、货物A", "works": "二、工程B", "services": "三、服务C"}
PROCUREMENT_COLUMNS = [
    Column("采购品目大类"),
    Column("专项名称"),
    Column("经济科目"),
    Column("采购物品名称"),
    Column("采购组织形式"),
    Column("总计", "amount", key="total"),
]


def build_procurement(facts):
    """政府采购预算表: 合计, each category, each project's 经济科目 and its items, as printed
    (a name printed once over the rows it spans shown on its first row); 合计 and its
    categories alone where no items are stored."""
    items = facts.procurement_items
    if not items:
        return procurement_totals(facts.document.procurements.first())
    total = arithmetic.total_of(item.amount for item in items)
    rows = [Row(["合计", "", "", "", "", total], kind="total")]
    for category, label in CATEGORIES.items():
        within = [item for item in items if item.category == category]
        if within:
            figure = arithmetic.total_of(item.amount for item in within)
            rows.append(Row([label, "", "", "", "", figure], kind="group"))
            rows += project_rows(within)
    return new_table(PROCUREMENT_COLUMNS, rows)


def project_rows(items):
    """The rows of one category's items: each project's 经济科目 with its sum, then its
    items."""
    rows, project = [], None
    for (name, economic), group in groupby(items, key=lambda item: (item.item, item.economic_name)):
        group = list(group)
        figure = arithmetic.total_of(item.amount for item in group)
        shown = name if name != project else ""
        rows.append(Row(["", shown, economic, "", "", figure], kind="group", depth=1))
        project, catalogue = name, None
        for item in group:
            shown = item.catalogue if item.catalogue != catalogue else ""
            rows.append(Row(["", "", "", shown, item.organisation_form, item.amount], depth=2))
            catalogue = item.catalogue
    return rows


def procurement_totals(procurement):
    rows = []
    if procurement is not None:
        rows.append(Row(["合计", "", "", "", "", procurement.total], kind="total"))
        for key, label in CATEGORIES.items():
            value = getattr(procurement, key)
            if value is not None:
                rows.append(Row([label, "", "", "", "", value], kind="group"))
    return new_table(PROCUREMENT_COLUMNS, rows)


BUILDERS = {
    "jiangsu_summary": build_summary,
    "jiangsu_revenue": build_revenue,
    "jiangsu_expenditure": build_expenditure,
    "jiangsu_fiscal_summary": build_fiscal_summary,
    "jiangsu_fiscal_by_function": build_fiscal_by_function,
    "jiangsu_fiscal_basic_by_economic": build_fiscal_basic_by_economic,
    "jiangsu_general_public_by_function": build_general_public_by_function,
    "jiangsu_general_public_basic_by_economic": build_general_public_basic_by_economic,
    "jiangsu_restricted": build_restricted,
    "jiangsu_government_fund_by_function": build_government_fund_by_function,
    "jiangsu_administrative_running": build_administrative_running,
    "jiangsu_procurement": build_procurement,
}
