"""The tables of a 江苏 document turned into facts and checked: each table against itself
(codes against their levels, items against their 小计) and against the others (收支预算总表
against 收入/支出预算总表, 财政拨款 = 一般公共预算 + 政府性基金 code by code …). Every
disagreement goes to ``document.errors``, a remark to ``document.warnings``.
"""

from decimal import Decimal

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement, compare, total_of
from budgets.disclosures.models import (
    ExpenditureByType,
    ExpenseType,
    FundingSource,
    RestrictedSpending,
)
from budgets.importers.facts import Line
from budgets.importers.tables import normalise

from .grids import (
    EXPENSE_COLUMNS,
    OTHER_FUND_SOURCES,
    label_layout,
    read_code_table,
    read_columns,
    read_label_pairs,
    read_procurement,
    read_procurement_items,
    read_restricted,
    read_revenue,
)

ZERO = Decimal(0)

#: The code tables in the order they are read: 财政拨款 before its parts, so that a code's
#: name is the one the broadest table prints (a different name elsewhere is a remark).
FUNCTION_KINDS = (
    "jiangsu_fiscal_by_function",
    "jiangsu_general_public_by_function",
    "jiangsu_government_fund_by_function",
)
ECONOMIC_KINDS = (
    "jiangsu_fiscal_basic_by_economic",
    "jiangsu_general_public_basic_by_economic",
    "jiangsu_administrative_running",
)
#: The code lengths each kind of code table prints (类/款/项 of function, 类/款 of economic).
CODE_LENGTHS = {"function": (3, 5, 7), "economic": (3, 5)}
#: Summary keys of the spending uses, and the expense type each is stored as.
EXPENSE_TYPES = (
    ("basic", ExpenseType.BASIC),
    ("project", ExpenseType.PROJECT),
    ("reserve", ExpenseType.RESERVE),
    ("carryforward", ExpenseType.CARRYFORWARD),
)


def err(document, problem):
    if problem:
        document.errors.append(problem)


def by_code(table, length):
    return {code: figure for code, _name, figure in table.rows if len(code) == length}


def read_facts(document):
    """Every table read, checked against itself and the others, and turned into facts."""
    code_tables = read_code_tables(document)
    check_fiscal_by_function(document, code_tables)
    add_function_lines(document, code_tables)
    add_economic_lines(document, code_tables)
    read_summaries(document, code_tables)
    read_restricted_and_running(document, code_tables)
    read_procurement_facts(document)
    places = set().union(*(block.places for block in document.blocks.values()))
    document.amount_places = 2 if 2 in places else max(places, default=2)


def read_code_tables(document):
    """{kind: CodeTable} of the function and economic tables, each checked by its levels;
    the codes' names kept, a name printed otherwise elsewhere remarked."""
    code_tables = {}
    for kind in FUNCTION_KINDS + ECONOMIC_KINDS:
        block = document.blocks[kind]
        table = read_code_table(block)
        code_tables[kind] = table
        function = kind in FUNCTION_KINDS
        check_code_table(
            document, block, table, CODE_LENGTHS["function" if function else "economic"]
        )
        names = document.function_names if function else document.economic_names
        for code, name, _figure in table.rows:
            known = names.setdefault(code, name)
            if normalise(known) != normalise(name):
                document.warnings.append(
                    Disagreement(
                        block.title,
                        f"{code} {name}",
                        f"提示：科目 {code} 在其他表中名称为“{known}”。",
                    )
                )
    return code_tables


def check_code_table(document, block, table, lengths):
    wrong = [row for row in table.rows if len(row[0]) not in lengths]
    for code, name, _amount in wrong:
        document.errors.append(Disagreement(block.title, f"{code} {name}", "科目编码位数不对"))
    if wrong:
        return
    rows = [(code, f"{code} {name}", {"total": figure}) for code, name, figure in table.rows]
    total = {"total": table.total} if table.total is not None or rows else None
    document.errors.extend(
        arithmetic.level_disagreements(
            block.title, rows, total, ["total"], lengths, {"total": "金额"}
        )
    )


def check_fiscal_by_function(document, code_tables):
    """财政拨款 by function = 一般公共预算 + 政府性基金, code by code."""
    fiscal, general, fund = (code_tables[kind] for kind in FUNCTION_KINDS)
    title = document.blocks["jiangsu_fiscal_by_function"].title
    for length in (3, 5, 7):
        fiscal_codes = by_code(fiscal, length)
        general_codes = by_code(general, length)
        fund_codes = by_code(fund, length)
        for code in sorted(set(fiscal_codes) | set(general_codes) | set(fund_codes)):
            err(
                document,
                compare(
                    title,
                    f"{code} {document.function_names.get(code, '')}",
                    "财政拨款",
                    fiscal_codes.get(code),
                    "一般公共预算+政府性基金",
                    total_of([general_codes.get(code), fund_codes.get(code)]),
                ),
            )


def add_function_lines(document, code_tables):
    """The 项 of 一般公共预算 and of 政府性基金, each a Line of its source."""
    for source, kind in (
        (FundingSource.GENERAL_PUBLIC, "jiangsu_general_public_by_function"),
        (FundingSource.GOVERNMENT_FUND, "jiangsu_government_fund_by_function"),
    ):
        for code, figure in by_code(code_tables[kind], 7).items():
            if figure:
                document.expenditure.append(Line(source, figure, ExpenseType.UNSPLIT, code, code))


def add_economic_lines(document, code_tables):
    """一般公共预算 basic by 款; 政府性基金's share is what 财政拨款 prints beyond it."""
    fiscal_basic = code_tables["jiangsu_fiscal_basic_by_economic"]
    general_basic = code_tables["jiangsu_general_public_basic_by_economic"]
    fund = code_tables["jiangsu_government_fund_by_function"]
    fund_total = fund.total or total_of(by_code(fund, 3).values())
    for code, figure in by_code(general_basic, 5).items():
        if figure:
            document.economic.append(
                Line(FundingSource.GENERAL_PUBLIC, figure, ExpenseType.BASIC, code=code)
            )
    fiscal_items, general_items = by_code(fiscal_basic, 5), by_code(general_basic, 5)
    for code in sorted(set(fiscal_items) | set(general_items)):
        difference = (fiscal_items.get(code) or ZERO) - (general_items.get(code) or ZERO)
        if difference > 0 and fund_total:
            document.economic.append(
                Line(FundingSource.GOVERNMENT_FUND, difference, ExpenseType.BASIC, code=code)
            )
        elif difference:
            document.errors.append(
                Disagreement(
                    document.blocks["jiangsu_fiscal_basic_by_economic"].title,
                    f"{code} {document.economic_names.get(code, '')}",
                    f"财政拨款 {fiscal_items.get(code) or 0} 元 ≠ 一般公共预算 "
                    f"{general_items.get(code) or 0} 元（无政府性基金支出）",
                )
            )


def check_all(document, table, checks):
    """Each (row, label, printed, label, computed) of ``checks`` compared, in ``table``."""
    for row, label_a, a, label_b, b in checks:
        err(document, compare(table, row, label_a, a, label_b, b))


def read_summaries(document, code_tables):
    """收支预算总表 and the tables it sums up (收入预算总表, 支出预算总表, 财政拨款收支预算总表)
    checked against each other; the revenue, spending by type and the money beyond
    财政拨款 stored."""
    summary, classes, labels = read_label_pairs(document.blocks["jiangsu_summary"])
    check_summary(document, summary, classes)
    read_revenue_facts(document, summary)
    spending = read_expenditure_facts(document, summary)
    read_fiscal_summary(document, summary, spending, code_tables)
    class_codes = {
        normalise(name): code for code, name in document.function_names.items() if len(code) == 3
    }
    add_printed_rows(document, "jiangsu_summary", label_layout(labels, class_codes, 2))
    check_classes(document, classes, class_codes, code_tables)
    err(
        document,
        compare(
            "收支",
            "合计",
            "收入",
            total_of(line.amount for line in document.revenue),
            "支出（按功能分类）",
            arithmetic.split_of(document.expenditure).total,
        ),
    )


#: (row, key, what its parts are called, the keys of its parts) of the 收支 tables' sums.
INCOME_SUMS = (
    (
        "一、财政拨款",
        "fiscal",
        "一般公共预算+政府性基金预算",
        ("general_public", "government_fund"),
    ),
    (
        "当年收入小计",
        "income_subtotal",
        "各项收入之和",
        ("fiscal", "special_account", "other_funds"),
    ),
    ("收入合计", "income_total", "当年收入小计+上年结转资金", ("income_subtotal", "carried_over")),
)
SPENDING_SUMS = (
    (
        "当年支出小计",
        "spending_subtotal",
        "基本+项目+单位预留机动经费",
        ("basic", "project", "reserve"),
    ),
    (
        "支出合计",
        "spending_total",
        "当年支出小计+结转下年资金",
        ("spending_subtotal", "carryforward"),
    ),
)
FISCAL_SUMS = (
    (
        "收入合计",
        "income_total",
        "一般公共预算+政府性基金预算",
        ("general_public", "government_fund"),
    ),
    (
        "支出合计",
        "spending_total",
        "基本+项目+预留+结转",
        tuple(key for key, _type in EXPENSE_TYPES),
    ),
)


def sum_check(values, row, key, parts_label, parts):
    """The check of a printed total against the sum of its printed parts."""
    return (row, "印出", values.get(key), parts_label, total_of(values.get(part) for part in parts))


def check_summary(document, summary, classes):
    """收支预算总表 against itself: each total against its parts, 收入 against 支出."""
    classes_total = total_of(figure for _name, figure in classes)
    check_all(
        document,
        document.blocks["jiangsu_summary"].title,
        [sum_check(summary, *income) for income in INCOME_SUMS]
        + [
            (
                "当年支出小计",
                "印出",
                summary.get("spending_subtotal"),
                "功能分类各类之和",
                classes_total,
            )
        ]
        + [sum_check(summary, *spending) for spending in SPENDING_SUMS]
        + [
            (
                "收入合计与支出合计",
                "收入",
                summary.get("income_total"),
                "支出",
                summary.get("spending_total"),
            )
        ],
    )


#: 收入预算总表's groups → 收支预算总表's keys.
REVENUE_SUMMARY_KEYS = (
    (FundingSource.GENERAL_PUBLIC, "general_public"),
    (FundingSource.GOVERNMENT_FUND, "government_fund"),
    (FundingSource.SPECIAL_ACCOUNT, "special_account"),
    ("other_funds", "other_funds"),
    (FundingSource.CARRIED_OVER, "carried_over"),
)


def read_revenue_facts(document, summary):
    """收入预算总表: each group's 小计 against its items, the 总计 against the 小计s and
    收支预算总表; its items stored as revenue Lines."""
    block = document.blocks["jiangsu_revenue"]
    groups, revenue_total, revenue_rows = read_revenue(block)
    add_printed_rows(document, "jiangsu_revenue", revenue_rows)
    subtotals = {}
    for group, leaves in groups.items():
        subtotal = leaves.get("小计")
        children = [
            figure
            for label, figure in leaves.items()
            if label != "小计" and not label.startswith("其中")
        ]
        if subtotal is not None or any(figure is not None for figure in children):
            check_all(
                document,
                block.title,
                [(str(group), "小计", subtotal, "各项之和", total_of(children))],
            )
        subtotals[group] = subtotal if subtotal is not None else total_of(children)
    check_all(
        document,
        block.title,
        [("收入总计", "印出", revenue_total, "各项小计之和", total_of(subtotals.values()))],
    )
    check_all(
        document,
        document.blocks["jiangsu_summary"].title,
        [
            (
                str(FundingSource(group).label) if group != "other_funds" else "其他资金",
                "收入预算总表",
                subtotals.get(group),
                "收支预算总表",
                summary.get(key),
            )
            for group, key in REVENUE_SUMMARY_KEYS
        ]
        + [
            ("收入合计", "收入预算总表", revenue_total, "收支预算总表", summary.get("income_total"))
        ],
    )
    for group, leaves in groups.items():
        document.revenue += revenue_lines(document, block, group, leaves)


def revenue_lines(document, block, group, leaves):
    """The Lines of one group of 收入预算总表: each item it prints a figure for, under the
    item's name (其他资金's items each a source of its own); its 小计 alone where no item
    has one. A figure on a “其中” row is part of the 小计, not an item of its own."""
    items = {
        label: figure
        for label, figure in leaves.items()
        if figure and label != "小计" and not label.startswith("其中")
    }
    if group != "other_funds":
        if not items and leaves.get("小计"):
            return [Line(group, leaves["小计"])]
        return [Line(group, figure, item=label) for label, figure in items.items()]
    lines = []
    for label, figure in items.items():
        source = OTHER_FUND_SOURCES.get(label)
        if source is None:
            document.errors.append(
                Disagreement(block.title, label, "无法归入已知的收入来源，未能存放")
            )
        else:
            lines.append(Line(source, figure, item=label))
    return lines


#: 支出预算总表's columns (keys) as 收支预算总表 labels them.
USE_LABELS = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("reserve", "单位预留机动经费"),
    ("carryforward", "结转下年资金"),
)


def read_expenditure_facts(document, summary):
    """支出预算总表: its 合计 against its uses and each use against 收支预算总表; the
    spending by type stored. Returns {column key: amount}."""
    block = document.blocks["jiangsu_expenditure"]
    spending, _printed_rows = read_columns(block, EXPENSE_COLUMNS)
    parts = [spending.get(key) for key, _label in USE_LABELS]
    check_all(
        document,
        block.title,
        [("合计", "印出", spending.get("total"), "基本+项目+预留+结转", total_of(parts))]
        + [
            (label, "支出预算总表", spending.get(key), "收支预算总表", summary.get(key))
            for key, label in USE_LABELS
        ]
        + [
            (
                "合计",
                "支出预算总表",
                spending.get("total"),
                "收支预算总表支出合计",
                summary.get("spending_total"),
            )
        ],
    )
    for key, expense_type in EXPENSE_TYPES:
        if spending.get(key):
            document.by_type.append((ExpenditureByType.Coverage.ALL, expense_type, spending[key]))
    return spending


def read_fiscal_summary(document, summary, spending, code_tables):
    """财政拨款收支预算总表: checked (``check_fiscal_summary``); its spending by type stored,
    none above 支出预算总表's."""
    fiscal_block = document.blocks["jiangsu_fiscal_summary"]
    fiscal_summary, _classes, fiscal_labels = read_label_pairs(fiscal_block)
    add_printed_rows(document, "jiangsu_fiscal_summary", label_layout(fiscal_labels, {}, 1))
    check_fiscal_summary(document, summary, fiscal_summary, code_tables)
    check_general_public(document, summary, fiscal_summary, code_tables)
    for key, expense_type in EXPENSE_TYPES:
        if fiscal_summary.get(key):
            document.by_type.append(
                (ExpenditureByType.Coverage.FISCAL, expense_type, fiscal_summary[key])
            )
        if (fiscal_summary.get(key) or ZERO) > (spending.get(key) or ZERO):
            document.errors.append(
                Disagreement(fiscal_block.title, key, "财政拨款支出大于支出预算总表的同类支出")
            )


def check_fiscal_summary(document, summary, fiscal_summary, code_tables):
    """财政拨款收支预算总表's totals against its parts, its 收入 against its 支出, its sources
    against 收支预算总表, its 支出合计 and 基本支出 against the code tables' totals."""
    blocks = document.blocks
    table = "财政拨款收支预算总表"
    check_all(
        document,
        blocks["jiangsu_fiscal_summary"].title,
        [sum_check(fiscal_summary, *total) for total in FISCAL_SUMS]
        + [
            (
                "收入合计与支出合计",
                "收入",
                fiscal_summary.get("income_total"),
                "支出",
                fiscal_summary.get("spending_total"),
            ),
            (
                "一般公共预算",
                table,
                fiscal_summary.get("general_public"),
                "收支预算总表",
                summary.get("general_public"),
            ),
            (
                "政府性基金预算",
                table,
                fiscal_summary.get("government_fund"),
                "收支预算总表",
                summary.get("government_fund"),
            ),
            (
                "支出合计",
                table,
                fiscal_summary.get("spending_total"),
                blocks["jiangsu_fiscal_by_function"].title,
                code_tables["jiangsu_fiscal_by_function"].total,
            ),
            (
                "基本支出",
                table,
                fiscal_summary.get("basic"),
                blocks["jiangsu_fiscal_basic_by_economic"].title,
                code_tables["jiangsu_fiscal_basic_by_economic"].total,
            ),
        ],
    )


def check_general_public(document, summary, fiscal_summary, code_tables):
    """一般公共预算支出预算表 against 收支预算总表; without 政府性基金, its basic spending is
    all of 财政拨款's."""
    blocks = document.blocks
    check_all(
        document,
        blocks["jiangsu_general_public_by_function"].title,
        [
            (
                "合计",
                "一般公共预算",
                code_tables["jiangsu_general_public_by_function"].total,
                "收支预算总表一般公共预算",
                summary.get("general_public"),
            )
        ],
    )
    if not fiscal_summary.get("government_fund"):
        check_all(
            document,
            blocks["jiangsu_general_public_basic_by_economic"].title,
            [
                (
                    "合计",
                    "一般公共预算基本支出",
                    code_tables["jiangsu_general_public_basic_by_economic"].total,
                    "财政拨款基本支出",
                    code_tables["jiangsu_fiscal_basic_by_economic"].total,
                )
            ],
        )


def check_classes(document, classes, class_codes, code_tables):
    """Function 类 of 收支预算总表 against 财政拨款支出预算表; the money beyond 财政拨款 kept
    by 类 where 收入预算总表 names its one source."""
    title = document.blocks["jiangsu_summary"].title
    fiscal_classes = by_code(code_tables["jiangsu_fiscal_by_function"], 3)
    non_fiscal = {
        line.source
        for line in document.revenue
        if line.source not in (FundingSource.GENERAL_PUBLIC, FundingSource.GOVERNMENT_FUND)
    }
    for name, figure in classes:
        code = class_codes.get(normalise(name))
        if code is None:
            if figure:
                document.errors.append(Disagreement(title, name, "财政拨款支出预算表中没有该“类”"))
            continue
        beyond = (figure or ZERO) - (fiscal_classes.get(code) or ZERO)
        if beyond < 0:
            document.errors.append(
                Disagreement(
                    title, name, f"{figure or 0} 元小于财政拨款支出 {fiscal_classes.get(code)} 元"
                )
            )
        elif beyond and len(non_fiscal) == 1:
            source = next(iter(non_fiscal))
            document.expenditure.append(Line(source, beyond, ExpenseType.UNSPLIT, code, code))
        elif beyond:
            document.errors.append(
                Disagreement(
                    title, name, f"支出比财政拨款多 {beyond} 元，收入预算总表不能确定其资金来源"
                )
            )


def add_printed_rows(document, kind, placed):
    """Keep the rows table ``kind`` prints (``placed``: [(position, side, key, label)])."""
    number = document.numbers[kind]
    document.printed_rows += [(number, *row) for row in placed]


#: The 三公 table's totals and the parts each sums.
RESTRICTED_SUMS = (
    ("合计", "total", ["three_public", "meetings", "training"]),
    ("“三公”经费", "three_public", ["outbound_travel", "vehicle_total", "reception"]),
    ("公务用车购置及运行维护费", "vehicle_total", ["vehicle_purchase", "vehicle_operation"]),
)


def read_restricted_and_running(document, code_tables):
    """The 三公 table checked by its sums; with 机关运行经费's total, the restricted spending;
    机关运行经费 by 款."""
    block = document.blocks["jiangsu_restricted"]
    values = read_restricted(block)
    check_all(
        document,
        block.title,
        [
            (
                row,
                "印出",
                values.get(whole),
                "+".join(parts),
                total_of(values.get(p) for p in parts),
            )
            for row, whole, parts in RESTRICTED_SUMS
        ],
    )
    running = code_tables["jiangsu_administrative_running"]
    # The 三公 table's amounts; 机关运行经费 is its own table's total.
    restricted = {key: values.get(key) for key in RestrictedSpending.AMOUNT_FIELDS}
    restricted["administrative_running"] = running.total
    document.running = [
        (code, figure) for code, _name, figure in running.rows if len(code) == 5 and figure
    ]
    document.restricted = restricted
    document.restricted_printed = values


def read_procurement_facts(document):
    """政府采购预算表: its items, each project against its items, each category and the
    合计 against their parts."""
    block = document.blocks["jiangsu_procurement"]
    procurement = read_procurement(block)
    document.procurement_items, groups = read_procurement_items(block)
    check_procurement(document, block, procurement, groups)
    if procurement.get("total") is None:
        return
    parts = [procurement.get(key) for key in ("goods", "works", "services")]
    check_all(
        document,
        block.title,
        [("合计", "合计", procurement["total"], "货物+工程+服务", total_of(parts))],
    )
    document.narrative.procurement = {
        "total": procurement["total"],
        "goods": procurement.get("goods"),
        "works": procurement.get("works"),
        "services": procurement.get("services"),
    }


def check_procurement(document, block, procurement, groups):
    """Each project row against its items, each category against its projects."""
    for project, economic, figure, items in groups:
        err(
            document,
            compare(
                block.title,
                f"{project} {economic}",
                "印出",
                figure,
                "各项之和",
                total_of(item["amount"] for item in items),
            ),
        )
    for key, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        parts = [group[2] for group in groups if group[3] and group[3][0]["category"] == key]
        if parts or procurement.get(key):
            err(
                document,
                compare(
                    block.title, label, "印出", procurement.get(key), "各项之和", total_of(parts)
                ),
            )


def check_repeats(document, repeats):
    """A table printed twice: a remark where both print the same, an error otherwise."""
    for block in repeats:
        first = document.blocks[block.kind]
        same = f"提示：本表在第{block.pages[0]}页重复印出，"
        if [row for row in block.rows if any(row)] == [row for row in first.rows if any(row)]:
            document.warnings.append(Disagreement(block.title, "", same + "内容相同。"))
            continue
        first_table, repeat_table = read_code_table(first), read_code_table(block)
        if first_table.rows == repeat_table.rows and first_table.total == repeat_table.total:
            document.warnings.append(Disagreement(block.title, "", same + "数字相同。"))
        else:
            document.errors.append(
                Disagreement(
                    block.title,
                    "",
                    f"本表在第{first.pages[0]}页和第{block.pages[0]}页印出两次，数字不同",
                )
            )
