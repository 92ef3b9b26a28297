"""The checks of a 部门决算's tables: every printed cell against the same cell built from
the facts (``tables``), the 决算 balance of each 收支总表 and fund table, and what no
built cell covers (表6 against 表5, the 三公 parts).

A difference that rounding each printed figure to 0.01 万元 explains is a warning and the
printed figure is kept (``printed_subtotals``); any other is an error naming the table,
the row and the column.
"""

from types import SimpleNamespace

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.models import FundingSource
from budgets.disclosures.tables import DocumentFacts, row_key

from . import tables as builders
from .figures import differ, wan_text
from .layout import FINAL_ACCOUNTS
from .parsed import FISCAL, FUND_KINDS, ZERO

COLUMN_NAMES = {
    "amount": "决算数",
    "total": "合计",
    "fiscal": "财政拨款收入",
    "basic": "基本支出",
    "project": "项目支出",
    "opening": "年初结转和结余",
    "revenue": "本年收入",
    "closing": "年末结转和结余",
}


def check_identities(document):
    """收入 + 年初结转和结余 (+ 使用非财政拨款结余) = 总计 = 支出 + 结余分配 + 年末结转和结余."""
    for kind, column in (("final_summary", "amount"), ("final_fiscal_summary", "total")):
        table = document.table(kind)
        document.errors.extend(
            arithmetic.carry_over_identity(
                table.title,
                "总计",
                revenue=table.get("revenue_total", "amount"),
                opening=table.get("opening", "amount"),
                used=table.get("non_fiscal_used", "amount"),
                total_in=table.get("total_in", "amount"),
                spending=table.get("spending_total", column),
                distribution=table.get("distribution", column),
                closing=table.get("closing", column),
                total_out=table.get("total_out", column),
            )
        )
    four = document.table("final_fiscal_summary")
    for source in FISCAL:
        document.errors.extend(
            arithmetic.carry_over_identity(
                four.title,
                f"总计（{FundingSource(source).label}）",
                revenue=four.get(str(source), "amount"),
                opening=four.get(f"opening:{builders.SOURCE_SHORT[source]}", "amount"),
                spending=four.get("spending_total", str(source)),
                closing=four.get("closing", str(source)),
                total_out=four.get("total_out", str(source)),
            )
        )
    for kind in FUND_KINDS:
        table = document.table(kind)
        for key in [builders.TOTAL_ROW, *table.codes]:
            document.errors.extend(
                arithmetic.carry_over_identity(
                    table.title,
                    table.label(key),
                    revenue=table.get(key, "revenue"),
                    opening=table.get(key, "opening"),
                    spending=table.get(key, "total"),
                    closing=table.get(key, "closing"),
                )
            )


def facts_for_builders(document):
    """The document's facts as the table builders read them from the database."""

    def fact(line, **codes):
        return SimpleNamespace(
            source=line.source, amount=line.amount, expense_type=line.expense_type, **codes
        )

    def function_fact(line):
        return fact(line, function=SimpleNamespace(code=line.code), function_id=line.code)

    facts = DocumentFacts(
        document=None,
        revenue=[function_fact(line) for line in document.revenue],
        function_lines=[function_fact(line) for line in document.expenditure],
        economic_lines=[
            fact(
                line,
                dept_economic=SimpleNamespace(code=line.code),
                gov_economic=None,
                gov_economic_id=None,
            )
            for line in document.economic
        ],
        basic_splits=[],
        projects=[],
        restricted={
            period: SimpleNamespace(**values)
            for period, values in document.restricted_periods.items()
        },
        procurement_items=[],
        target_sets=[],
        notes={},
        template_tables=[
            SimpleNamespace(id=table.number, kind=table.kind) for table in FINAL_ACCOUNTS.tables
        ],
        names={
            "function": document.function_names,
            "dept_economic": document.economic_names,
            "gov_economic": {},
        },
    )
    facts.carry_overs = carry_over_facts(document)
    facts.printed_rows = printed_row_facts(document)
    return facts


def carry_over_facts(document):
    return [
        SimpleNamespace(
            kind=kind,
            source=source,
            function_id=code,
            function=SimpleNamespace(code=code) if code else None,
            amount=value,
        )
        for kind, source, code, value in document.carry_overs
    ]


def printed_row_facts(document):
    """{table number: [PrintedRow-like]}; a row without a code is keyed “-position”."""
    rows = {}
    for number, position, side, code, label in document.printed_rows:
        rows.setdefault(number, []).append(
            SimpleNamespace(
                position=position,
                side=side,
                code=code if not code.startswith("-") else "",
                label=label,
            )
        )
    return rows


def leaves_under(document, key, kind=""):
    """How many printed 项 (or economic 款) figures a cell of row ``key`` adds up (for its
    rounding bound)."""
    if kind == "final_basic_economic":
        codes = {code for _side, code in document.table(kind).codes}
        prefix = key if key.isdigit() else ""
        count = sum(1 for code in codes if len(code) == 5 and code.startswith(prefix))
        return max(count, 1)
    codes = set(document.table("final_expenditure").codes)
    codes |= set(document.table("final_revenue").codes)
    prefix = "" if not key.isdigit() else key
    count = sum(1 for code in codes if len(code) == 7 and code.startswith(prefix))
    return max(count, 1) * 2


def check_cells(document):
    """Every printed cell against the same cell built from the facts."""
    facts = facts_for_builders(document)
    for layout in FINAL_ACCOUNTS.tables:
        if layout.kind not in builders.BUILDERS:
            continue
        built = builders.BUILDERS[layout.kind](facts)
        for row in built.rows:
            for cell, key in zip(row.cells, cell_keys(built, row), strict=True):
                if key is not None and not key[0].startswith("-"):
                    check_cell(document, layout, key, cell)


def cell_keys(built, row):
    """(row key, column key) of each cell of a built row; None for a cell of no figure."""
    keys = getattr(row, "keys", None)
    if keys is None:
        key = row_key(built, row)
        keys = [(key, column.key) if column.key else None for column in built.columns]
    return keys


def check_cell(document, layout, key, cell):
    printed = document.tables[layout.number]
    figure = printed.get(*key)
    if figure is None and cell in (None, ZERO):
        return
    if figure is None:
        document.errors.append(
            Disagreement(
                printed.title,
                printed.label(key[0]),
                f"{column_name(key[1])}印为空白，但各项之和为 {wan_text(cell)} 万元",
            )
        )
        return
    if figure == cell:
        return
    problem = differ(
        printed.title,
        printed.label(key[0]),
        f"{column_name(key[1])}印出",
        figure,
        "按各项计算",
        cell,
        leaves_under(document, key[0], layout.kind),
    )
    document.printed_subtotals.append((layout.number, key[0], key[1], figure))
    if problem:
        document.errors.append(problem)


def column_name(key):
    if key in COLUMN_NAMES:
        return COLUMN_NAMES[key]
    if ":" in key:
        period, part = key.split(":")
        label = dict(builders.THREE_PUBLIC_PARTS)[part]
        return f"{label}{'预算数' if period == 'budget' else '决算数'}"
    try:
        return str(FundingSource(key).label)
    except ValueError:
        return key


def check_cross(document):
    """What no built cell covers: 表6 against 表5's 基本支出, 三公 parts."""
    six, five = document.table("final_basic_economic"), document.table("final_general_public")
    problem = differ(
        six.title,
        "人员经费合计+公用经费合计",
        "表6",
        arithmetic.total_of(
            [six.get("personnel_total", "amount"), six.get("running_total", "amount")]
        ),
        five.title + "基本支出",
        five.get(builders.TOTAL_ROW, "basic"),
        leaves_under(document, "", "final_basic_economic"),
    )
    if problem:
        document.errors.append(problem)
    seven = document.table("final_three_public")
    for period in ("budget", "final"):
        for whole, parts in (
            ("total", ["outbound_travel", "reception", "vehicle_total"]),
            ("vehicle_total", ["vehicle_purchase", "vehicle_operation"]),
        ):
            printed = [seven.get("", f"{period}:{part}") for part in parts]
            if all(value is None for value in printed):
                continue
            problem = differ(
                seven.title,
                column_name(f"{period}:{whole}"),
                "印出",
                seven.get("", f"{period}:{whole}"),
                "各项之和",
                arithmetic.total_of(printed),
                len(parts),
            )
            if problem:
                document.errors.append(problem)
