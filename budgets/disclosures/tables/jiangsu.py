"""江苏省省级部门预算: the twelve 公开表 built from a document's facts, in 万元 as printed.

Codes are printed whole (2013101), so no 类/款/项 split columns. Function tables print one
amount per code (the facts hold no 基本/项目 split there); 支出用途 (基本/项目/预留/结转)
comes from ``ExpenditureByType``.
"""

from .. import arithmetic
from ..models import ExpenditureByType, ExpenseType
from ..models import FundingSource as S
from .common import (
    Code,
    Column,
    HeaderCell,
    Row,
    chinese_number,
    dept_code,
    function_code,
    new_table,
)

USES = [
    ("基本支出", ExpenseType.BASIC),
    ("项目支出", ExpenseType.PROJECT),
    ("单位预留机动经费", ExpenseType.RESERVE),
]
OTHER_FUNDS = (S.OPERATING, S.BUSINESS, S.OTHER)


def by_type(facts, coverage):
    """{expense type: amount} of the document's spending by type alone."""
    return {
        row.expense_type: row.amount
        for row in ExpenditureByType.objects.filter(document=facts.document, coverage=coverage)
    }


def sources_of(facts):
    return arithmetic.by_source(facts.revenue)


def side_by_side(left, right, width):
    rows = []
    for index in range(max(len(left), len(right))):
        label, amount = left[index] if index < len(left) else ("", None)
        other = right[index] if index < len(right) else [""] + [None] * (width - 1)
        rows.append(Row([label, amount] + list(other)))
    return rows


def build_summary(facts):
    """收支预算总表: revenue by source | spending by function 类 | spending by use."""
    sources = sources_of(facts)
    uses = by_type(facts, ExpenditureByType.Coverage.ALL)
    fiscal = arithmetic.fiscal_total(sources)
    other = arithmetic.total_of(sources.get(source) for source in OTHER_FUNDS)
    revenue = [
        ("一、财政拨款", fiscal),
        ("1.一般公共预算", sources.get(S.GENERAL_PUBLIC)),
        ("2.政府性基金预算", sources.get(S.GOVERNMENT_FUND)),
        ("二、财政专户管理资金", sources.get(S.SPECIAL_ACCOUNT)),
        ("三、其他资金", other),
    ]
    classes = arithmetic.rollup(facts.function_lines, function_code, (3,))
    functions = [
        (f"{chinese_number(index)}、{facts.name('function', code)}", split.total)
        for index, (code, split) in enumerate(classes.items(), start=1)
    ]
    used = [
        (f"{chinese_number(index)}、{label}", uses.get(expense_type))
        for index, (label, expense_type) in enumerate(USES, start=1)
    ]
    rows = []
    for index in range(max(len(revenue), len(functions), len(used))):
        cells = []
        for side in (revenue, functions, used):
            label, amount = side[index] if index < len(side) else ("", None)
            cells += [label, amount]
        rows.append(Row(cells))
    in_year = arithmetic.total_of([fiscal, sources.get(S.SPECIAL_ACCOUNT), other])
    spent = arithmetic.split_of(facts.function_lines).total
    carried = sources.get(S.CARRIED_OVER)
    forward = uses.get(ExpenseType.CARRYFORWARD)
    rows.append(Row(["当年收入小计", in_year, "当年支出小计", None, "", spent], kind="total"))
    rows.append(Row(["上年结转资金", carried, "结转下年资金", None, "", forward]))
    rows.append(
        Row(
            [
                "收入合计",
                arithmetic.total_of([in_year, carried]),
                "支出合计",
                None,
                "",
                arithmetic.total_of([spent, forward]),
            ],
            kind="total",
        )
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
    return new_table(columns, rows, header_rows=header, layout=True)


def build_revenue(facts):
    """收入预算总表: revenue by source, each group with its 小计."""
    sources = sources_of(facts)
    other = arithmetic.total_of(sources.get(source) for source in OTHER_FUNDS)
    rows = [
        Row(["收入总计", "", arithmetic.total_of(sources.values())], kind="total"),
        Row(["一般公共预算资金", "小计", sources.get(S.GENERAL_PUBLIC)], kind="group"),
        Row(["政府性基金", "小计", sources.get(S.GOVERNMENT_FUND)], kind="group"),
        Row(["财政专户管理资金", "小计", sources.get(S.SPECIAL_ACCOUNT)], kind="group"),
        Row(["其他资金", "小计", other], kind="group"),
        Row(["", "事业收入", sources.get(S.OPERATING)], depth=1),
        Row(["", "经营收入", sources.get(S.BUSINESS)], depth=1),
        Row(["", "其他收入", sources.get(S.OTHER)], depth=1),
        Row(["上年结转和结余资金", "小计", sources.get(S.CARRIED_OVER)], kind="group"),
    ]
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
    """财政拨款收支预算总表: 财政拨款 by source | by use."""
    sources = sources_of(facts)
    uses = by_type(facts, ExpenditureByType.Coverage.FISCAL)
    left = [
        ("一、一般公共预算", sources.get(S.GENERAL_PUBLIC)),
        ("二、政府性基金预算", sources.get(S.GOVERNMENT_FUND)),
    ]
    right = [
        [f"{chinese_number(index)}、{label}", uses.get(expense_type)]
        for index, (label, expense_type) in enumerate(USES, start=1)
    ]
    rows = side_by_side(left, right, 2)
    rows.append(
        Row(
            [
                "收入合计",
                arithmetic.fiscal_total(sources),
                "支出合计",
                arithmetic.total_of(uses.values()),
            ],
            kind="total",
        )
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


def build_administrative_running(facts):
    """一般公共预算机关运行经费支出预算表: its total (the 款 rows are not stored)."""
    row = facts.restricted.get("current")
    figure = row.administrative_running if row is not None else None
    columns = [Column("科目编码", "code"), Column("科目名称"), Column("机关运行经费支出", "amount")]
    return new_table(columns, [Row(["合计", "", figure], kind="total")])


def build_procurement(facts):
    """政府采购预算表: 合计 and its parts (goods A, works B, services C)."""
    procurement = facts.document.procurements.first()
    rows = []
    if procurement is not None:
        rows.append(Row(["合计", procurement.total], kind="total"))
        for label, value in (
            ("一、货物A", procurement.goods),
            ("二、工程B", procurement.works),
            ("三、服务C", procurement.services),
        ):
            if value is not None:
                rows.append(Row([label, value], kind="group"))
    return new_table([Column("采购品目大类"), Column("总计", "amount", key="total")], rows)


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
