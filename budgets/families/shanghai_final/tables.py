"""上海 部门决算: the nine official tables built from a document's facts.

Amounts are what the facts add up to; where the document prints a figure off that sum
(万元 rounding), the printed figure is shown (``PrintedSubtotal``): every cell reads as
printed. Rows that the document lists whether or not they hold figures (the function 类
of the two 收支总表, the economic 款 of the 基本支出 table) come from ``PrintedRow``.
Layout cells carry their (row key, column key) in ``Row.keys`` so that the importer can
compare every printed cell with the cell built from the facts.
"""

from budgets.disclosures import arithmetic
from budgets.disclosures.models import FISCAL_SOURCES
from budgets.disclosures.models import FundingSource as S
from budgets.disclosures.tables.common import (
    TOTAL_ROW,
    Code,
    Column,
    HeaderCell,
    Row,
    function_code,
    new_table,
)
from budgets.disclosures.tables.layout import (
    keyed,
    layout_rows,
    placed_labels,
    printed_cells,
)

SOURCE_SHORT = {S.GENERAL_PUBLIC: "gp", S.GOVERNMENT_FUND: "gf", S.STATE_CAPITAL: "sc"}
FINAL_CODE = Column("功能分类科目编码", "code")
NAME = Column("科目名称")


def extra(facts, name):
    """Carry-overs: an attribute of facts built by the importer, read from the database for
    a stored document."""
    value = getattr(facts, name, None)
    if value is not None:
        return value
    value = list(facts.document.carryovers.select_related("function"))
    setattr(facts, name, value)
    return value


def carry(facts, kind, source="", code=None):
    """The carry-over of ``kind`` for ``source`` ('' all funds) and function ``code`` (None
    the whole document; a prefix sums the codes beneath it)."""
    lines = [
        line
        for line in extra(facts, "carry_overs")
        if line.kind == kind
        and (line.source or "") == source
        and (
            (code is None and line.function_id is None)
            or (code is not None and line.function_id and line.function.code.startswith(code))
        )
    ]
    return arithmetic.total_of(line.amount for line in lines)


COLUMN_KEYS = {
    "final_summary": (["amount"], ["amount"]),
    "final_fiscal_summary": (
        ["amount"],
        ["total", "general_public", "government_fund", "state_capital"],
    ),
    "final_basic_economic": (["amount"], ["amount"]),
}


def by_class(lines, code):
    return arithmetic.total_of(
        line.amount for line in lines if function_code(line).startswith(code)
    )


def build_final_summary(facts):
    """1 收入支出决算总表."""
    sources = arithmetic.by_source(facts.revenue)
    revenue_total = arithmetic.total_of(sources.values())
    spending_total = arithmetic.total_of(line.amount for line in facts.function_lines)

    def value_of(side, key):
        if side == 0:
            if key == "revenue_total":
                return [revenue_total]
            if key in ("opening", "non_fiscal_used"):
                return [carry(facts, key)]
            if key == "total_in":
                return [
                    arithmetic.total_of(
                        [revenue_total, carry(facts, "opening"), carry(facts, "non_fiscal_used")]
                    )
                ]
            return [sources.get(key)]
        if key == "spending_total":
            return [spending_total]
        if key in ("distribution", "closing"):
            return [carry(facts, key)]
        if key == "total_out":
            return [
                arithmetic.total_of(
                    [spending_total, carry(facts, "distribution"), carry(facts, "closing")]
                )
            ]
        return [by_class(facts.function_lines, key)]

    rows = layout_rows(facts, "final_summary", value_of, COLUMN_KEYS["final_summary"])
    columns = [
        Column("收入项目"),
        Column("决算数", "amount", key="amount"),
        Column("支出项目"),
        Column("决算数", "amount", key="amount"),
    ]
    header = [
        [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=2)],
        [HeaderCell("项目"), HeaderCell("决算数"), HeaderCell("项目"), HeaderCell("决算数")],
    ]
    return new_table(columns, rows, header_rows=header, layout=True)


def build_final_fiscal_summary(facts):
    """4 财政拨款收入支出决算总表."""
    rows = layout_rows(
        facts,
        "final_fiscal_summary",
        fiscal_summary_values(facts),
        COLUMN_KEYS["final_fiscal_summary"],
    )
    columns = [
        Column("收入项目"),
        Column("决算数", "amount", key="amount"),
        Column("支出项目"),
        Column("合计", "amount", key="total"),
        Column("一般公共预算财政拨款", "amount", key="general_public"),
        Column("政府性基金预算财政拨款", "amount", key="government_fund"),
        Column("国有资本经营预算财政拨款", "amount", key="state_capital"),
    ]
    header = [
        [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=5)],
        [HeaderCell(column.name) for column in columns[:2]]
        + [HeaderCell("项目")]
        + [HeaderCell(column.name) for column in columns[3:]],
    ]
    return new_table(columns, rows, header_rows=header, layout=True)


def fiscal_summary_values(facts):
    """``value_of(side, key)`` of 表4's rows: 财政拨款 only, its spending split by source."""
    fiscal_revenue = [line for line in facts.revenue if line.source in FISCAL_SOURCES]
    fiscal_lines = [line for line in facts.function_lines if line.source in FISCAL_SOURCES]
    sources = arithmetic.by_source(fiscal_revenue)
    revenue_total = arithmetic.total_of(sources.values())
    opening_total = arithmetic.total_of(
        carry(facts, "opening", source) for source in FISCAL_SOURCES
    )

    def spent(source, code=""):
        return arithmetic.total_of(
            line.amount
            for line in fiscal_lines
            if line.source == source and function_code(line).startswith(code)
        )

    def revenue_side(key):
        if key == "revenue_total":
            return revenue_total
        if key == "opening":
            return opening_total
        if key.startswith("opening:"):
            source = next(s for s, short in SOURCE_SHORT.items() if key.endswith(short))
            return carry(facts, "opening", source)
        if key == "total_in":
            return arithmetic.total_of([revenue_total, opening_total])
        return sources.get(key)

    def spending_side(key, source):
        if key == "spending_total":
            return spent(source)
        if key == "closing":
            return carry(facts, "closing", source)
        if key == "total_out":
            return arithmetic.total_of([spent(source), carry(facts, "closing", source)])
        return spent(source, key)

    def value_of(side, key):
        if side == 0:
            return [revenue_side(key)]
        parts = [spending_side(key, source) for source in FISCAL_SOURCES]
        return [arithmetic.total_of(parts), *parts]

    return value_of


def code_rows(facts, codes, amounts_of, total_first):
    """Rows of a code table: 类/款/项 codes in code order, each with ``amounts_of(code)``
    (``""`` for the 合计 row)."""
    rows = []
    for code in sorted(codes):
        depth = {3: 0, 5: 1, 7: 2}.get(len(code), 0)
        rows.append(
            Row(
                [Code(code, "function"), facts.name("function", code), *amounts_of(code)],
                kind="group" if len(code) < 7 else "item",
                depth=depth,
            )
        )
    total = Row([TOTAL_ROW, "", *amounts_of("")], kind="total")
    return [total, *rows] if total_first else [*rows, total]


def prefixes(codes):
    return {code[:length] for code in codes for length in (3, 5, 7) if length <= len(code)}


def build_final_revenue(facts):
    """2 收入决算表: revenue by function code and source."""
    keys = [
        ("fiscal", "财政拨款收入"),
        (S.HIGHER_LEVEL_SUBSIDY, "上级补助收入"),
        (S.OPERATING, "事业收入"),
        (S.BUSINESS, "经营收入"),
        (S.AFFILIATED, "附属单位上缴收入"),
        (S.OTHER, "其他收入"),
    ]
    lines = [line for line in facts.revenue if line.function_id]

    def amounts_of(code):
        mine = [line for line in lines if function_code(line).startswith(code)]
        values = []
        for key, _label in keys:
            wanted = FISCAL_SOURCES if key == "fiscal" else (key,)
            values.append(
                arithmetic.total_of(line.amount for line in mine if line.source in wanted)
            )
        return [arithmetic.total_of(values), *values]

    rows = code_rows(facts, prefixes(function_code(line) for line in lines), amounts_of, True)
    columns = [
        FINAL_CODE,
        NAME,
        Column("本年收入合计", "amount", key="total"),
        *[Column(label, "amount", key=str(key)) for key, label in keys],
    ]
    return new_table(columns, rows)


def build_final_expenditure(facts):
    """3 支出决算表: spending by function code, 基本/项目."""
    lines = facts.function_lines

    def amounts_of(code):
        split = arithmetic.split_of(
            [line for line in lines if function_code(line).startswith(code)]
        )
        return [split.total, split.basic, split.project, None, None, None]

    rows = code_rows(facts, prefixes(function_code(line) for line in lines), amounts_of, True)
    columns = [
        FINAL_CODE,
        NAME,
        Column("本年支出合计", "amount", key="total"),
        Column("基本支出", "amount", key="basic"),
        Column("项目支出", "amount", key="project"),
        Column("上缴上级支出", "amount"),
        Column("经营支出", "amount"),
        Column("对附属单位补助支出", "amount"),
    ]
    return new_table(columns, rows)


def build_final_general_public(facts):
    """5 一般公共预算财政拨款支出决算表."""
    lines = [line for line in facts.function_lines if line.source == S.GENERAL_PUBLIC]

    def amounts_of(code):
        split = arithmetic.split_of(
            [line for line in lines if function_code(line).startswith(code)]
        )
        return [split.total, split.basic, split.project]

    rows = code_rows(facts, prefixes(function_code(line) for line in lines), amounts_of, False)
    columns = [
        FINAL_CODE,
        NAME,
        Column("合计", "amount", key="total"),
        Column("基本支出", "amount", key="basic"),
        Column("项目支出", "amount", key="project"),
    ]
    return new_table(columns, rows)


def build_final_basic_economic(facts):
    """6 一般公共预算财政拨款基本支出决算表: economic 款 as printed, 人员/公用 totals."""
    lines = [line for line in facts.economic_lines if line.source == S.GENERAL_PUBLIC]

    def value_of(side, key):
        if key in ("personnel_total", "running_total"):
            wanted = "personnel" if key == "personnel_total" else "running"
            return [arithmetic.total_of(li.amount for li in lines if li.expense_type == wanted)]
        return [
            arithmetic.total_of(
                line.amount for line in lines if line.dept_economic.code.startswith(key)
            )
        ]

    placed = placed_labels(facts, "final_basic_economic")
    printed = printed_cells(facts, "final_basic_economic")
    rows = []
    for position in sorted({position for position, _side in placed}):
        cells, keys, is_total = [], [], False
        for side in (0, 1):
            code, label = placed.get((position, side), ("", ""))
            if code.isdigit():
                cells += [Code(code, "dept_economic"), label, value_of(side, code)[0]]
            elif code:
                cells += [label, "", value_of(side, code)[0]]
                is_total = True
            else:
                cells += ["", "", None]
            keys += [None, None, (code, "amount") if code else None]
        rows.append(keyed(cells, keys, printed, "total" if is_total else "item"))
    columns = [
        # No column key: the rows show their printed figures themselves (``keyed``); a
        # key would let ``put_printed`` give both sides the left code's figure.
        Column("经济分类科目编码", "code"),
        Column("科目名称"),
        Column("决算数", "amount"),
        Column("经济分类科目编码", "code"),
        Column("科目名称"),
        Column("决算数", "amount"),
    ]
    return new_table(columns, rows, layout=True)


THREE_PUBLIC_PARTS = (
    ("total", "合计"),
    ("outbound_travel", "因公出国（境）费"),
    ("vehicle_total", "小计"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
)


def three_public(row, part):
    if row is None:
        return None
    if part == "total":
        return arithmetic.three_public_total(row)
    if part == "vehicle_total":
        return arithmetic.vehicle_total(row)
    return getattr(row, part)


def build_final_three_public(facts):
    """7 财政拨款“三公”经费支出决算表: 预算数 and 决算数 of each part."""
    budget, final = facts.restricted.get("budget"), facts.restricted.get("final")
    cells, keys = [], []
    for part, _label in THREE_PUBLIC_PARTS:
        for period, row in (("budget", budget), ("final", final)):
            cells.append(three_public(row, part))
            keys.append(("", f"{period}:{part}"))
    columns = [
        Column(f"{label}{'预算数' if period == 'budget' else '决算数'}", "amount")
        for _part, label in THREE_PUBLIC_PARTS
        for period in ("budget", "final")
    ]
    header = [
        [HeaderCell("财政拨款“三公”经费", colspan=12)],
        [
            HeaderCell("合计", colspan=2, rowspan=2),
            HeaderCell("因公出国（境）费", colspan=2, rowspan=2),
            HeaderCell("公务用车购置及运行维护费", colspan=6),
            HeaderCell("公务接待费", colspan=2, rowspan=2),
        ],
        [
            HeaderCell("小计", colspan=2),
            HeaderCell("公务用车购置费", colspan=2),
            HeaderCell("公务用车运行维护费", colspan=2),
        ],
        [HeaderCell(name) for _part in THREE_PUBLIC_PARTS for name in ("预算数", "决算数")],
    ]
    row = keyed(cells, keys, {})
    return new_table(columns, [row], header_rows=header)


def fund_table(source):
    def build(facts):
        revenue = [line for line in facts.revenue if line.source == source and line.function_id]
        spending = [line for line in facts.function_lines if line.source == source]
        carried = [
            line
            for line in extra(facts, "carry_overs")
            if line.source == source and line.function_id
        ]
        codes = prefixes(
            [function_code(line) for line in revenue + spending]
            + [line.function.code for line in carried]
        )

        def amounts_of(code):
            split = arithmetic.split_of(
                [line for line in spending if function_code(line).startswith(code)]
            )
            return [
                carry(facts, "opening", source, code),
                arithmetic.total_of(
                    line.amount for line in revenue if function_code(line).startswith(code)
                ),
                split.total,
                split.basic,
                split.project,
                carry(facts, "closing", source, code),
            ]

        rows = code_rows(facts, codes, amounts_of, True)
        columns = [
            FINAL_CODE,
            NAME,
            Column("年初结转和结余", "amount", key="opening"),
            Column("本年收入", "amount", key="revenue"),
            Column("本年支出合计", "amount", key="total"),
            Column("基本支出", "amount", key="basic"),
            Column("项目支出", "amount", key="project"),
            Column("年末结转和结余", "amount", key="closing"),
        ]
        return new_table(columns, rows)

    return build


BUILDERS = {
    "final_summary": build_final_summary,
    "final_revenue": build_final_revenue,
    "final_expenditure": build_final_expenditure,
    "final_fiscal_summary": build_final_fiscal_summary,
    "final_general_public": build_final_general_public,
    "final_basic_economic": build_final_basic_economic,
    "final_three_public": build_final_three_public,
    "final_government_fund": fund_table(S.GOVERNMENT_FUND),
    "final_state_capital": fund_table(S.STATE_CAPITAL),
}
