"""The checks of a Shanghai budget's tables: each against itself (``check_tables``), then
against one another and the facts derived from them (``check_facts``).

Each finding is a ``Disagreement`` naming the table and row as printed; the reader keeps
errors and warnings in the order the checks find them.
"""

from types import SimpleNamespace

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement, compare, total_of
from budgets.importers.tables import COLUMN_NAMES

from .document import NON_FISCAL_KEYS, left_amounts, left_key, record, rows_of
from .layout import (
    ECONOMIC,
    EXPENDITURE,
    FISCAL_SUMMARY,
    FISCAL_TABLES,
    FUNCTION_TABLES,
    GENERAL_PUBLIC,
    RESTRICTED,
    REVENUE,
    SUMMARY,
    SUMMARY_TABLES,
)

#: The 财政拨款 funding sources, one per table of 表5–7.
FISCAL_SOURCES = list(FISCAL_TABLES.values())


def check_units(document):
    """A table printed in another unit than the template's is read in its own, and said."""
    for number, table in document.tables.items():
        expected = "万元" if number == RESTRICTED else document.amount_unit
        if table.unit and table.unit != expected:
            document.warnings.append(
                Disagreement(
                    table.title, "", f"提示：本表金额单位为{table.unit}，已按{table.unit}换算为元。"
                )
            )


# Each table against itself.


def check_tables(document):
    """Each table against itself: levels, columns, totals."""
    check_printed_codes(document)
    for number in (*FUNCTION_TABLES, ECONOMIC):
        lengths = (3, 5) if number == ECONOMIC else (3, 5, 7)
        check_code_table(document, document.tables[number], lengths)
    for number in SUMMARY_TABLES:
        check_two_sided(document, document.tables[number])
    check_restricted_table(document)


def check_printed_codes(document):
    """A 类 cell misprinted (read under the 类 above it, see ``tables.enclosing_code``)."""
    for table in document.tables.values():
        for row in table.rows:
            if row.printed_code:
                document.errors.append(
                    Disagreement(
                        table.title,
                        row.label,
                        f"科目编码印为“{row.printed_code}”，“类”不是三位数字；"
                        f"按上一行的“类”读作 {row.code}",
                    )
                )


def check_code_table(document, table, lengths):
    """A table of code rows: each level the sum of the one below (codes of ``lengths``
    digits), and each row's 合计 the sum of its other columns."""
    errors = document.errors
    wrong = [row for row in table.rows if len(row.code) not in lengths]
    for row in wrong:
        errors.append(Disagreement(table.title, row.label, "科目编码位数不对"))
    if wrong:
        return
    whole_yuan = document.whole_yuan
    printed = [(row.code, row.label, row.amounts) for row in table.rows]
    columns = table.amount_columns
    errors.extend(
        arithmetic.level_disagreements(
            table.title, printed, table.total, columns, lengths, COLUMN_NAMES, whole_yuan
        )
    )
    parts = [column for column in columns if column != "total"]
    for row in table.rows + ([] if table.total is None else [None]):
        amounts = row.amounts if row else table.total
        label = row.label if row else "合计"
        record(
            errors,
            arithmetic.parts_disagreement(
                table.title, label, amounts, "total", parts, COLUMN_NAMES, whole_yuan
            ),
        )


def check_two_sided(document, table):
    """A 收支总表 against itself: each side against its total, and the two totals."""
    check_revenue_side(document, table)
    check_spending_side(document, table)
    record(
        document.errors,
        compare(
            table.title,
            "收入总计与支出总计",
            "收入",
            (table.left_total or {}).get("total"),
            "支出",
            (table.total or {}).get("total"),
        ),
    )


def check_revenue_side(document, table):
    """Its revenue rows known, 财政拨款收入 the sum of its three sources, 收入总计 of all."""
    errors = document.errors
    for row in table.left:
        if left_key(row.name) is None and row.amounts.get("total"):
            errors.append(Disagreement(table.title, row.name, "无法识别的收入项目"))
    left = left_amounts(table)
    parts = list(left.values())
    if "fiscal" in left:
        fiscal_parts = total_of(left.get(key) for key in FISCAL_SOURCES)
        record(
            errors,
            compare(table.title, "财政拨款收入", "印出", left["fiscal"], "三项之和", fiscal_parts),
        )
        parts = [value for key, value in left.items() if key not in FISCAL_SOURCES]
    income_total = (table.left_total or {}).get("total")
    record(
        errors, compare(table.title, "收入总计", "印出", income_total, "各项之和", total_of(parts))
    )


def check_spending_side(document, table):
    """Its 支出总计 the sum of its rows, column by column; each row's 合计 its parts'."""
    errors = document.errors
    right_side = table.columns[table.columns.index("name", 1) :]
    columns = [column for column in right_side if column != "name"]
    sums = arithmetic.column_sums([row.amounts for row in table.rows], columns)
    for column in columns:
        record(
            errors,
            compare(
                table.title,
                "支出总计",
                COLUMN_NAMES.get(column, column),
                (table.total or {}).get(column),
                "各行之和",
                sums[column],
            ),
        )
    parts = [column for column in columns if column != "total"]
    if not parts:
        return
    for row in table.rows + [None]:
        amounts = row.amounts if row else (table.total or {})
        label = row.name if row else "支出总计"
        record(
            errors,
            arithmetic.parts_disagreement(
                table.title, label, amounts, "total", parts, COLUMN_NAMES
            ),
        )


def check_restricted_table(document):
    """表9: one row, its 合计 and 公务用车 the sums of their parts, its note honest."""
    table = document.tables[RESTRICTED]
    if not table.rows:
        return
    if len(table.rows) > 1:
        document.errors.append(Disagreement(table.title, "", "本表应只有一行数字"))
    amounts = table.rows[0].amounts
    for whole, parts in (
        ("total", ["outbound_travel", "reception", "vehicle_total"]),
        ("vehicle_total", ["vehicle_purchase", "vehicle_operation"]),
    ):
        record(
            document.errors,
            arithmetic.parts_disagreement(table.title, "", amounts, whole, parts, COLUMN_NAMES),
        )
    if "空表" in table.note and not table.is_empty:
        document.warnings.append(
            Disagreement(
                table.title,
                "",
                "提示：表注称本表为空表，但表中印有数字；已按印出的数字导入，并保留表注。",
            )
        )


# The tables against one another.


def check_facts(document):
    """The tables against one another, then the facts derived from them."""
    check_items(document)
    check_summary_revenue(document)
    check_summary_classes(document)
    check_fiscal_summary(document)
    check_economic_total(document)
    document.errors.extend(
        arithmetic.check_document(
            document.revenue,
            document.expenditure,
            document.economic,
            [
                SimpleNamespace(personnel=personnel, running=running)
                for _code, personnel, running in document.basic_splits
            ],
        )
    )


def check_items(document):
    """收入预算总表 against 支出预算总表 by 项, its 财政拨款收入 against 表5–7, and every 项
    of 表5–7 in 支出预算总表."""
    tables = document.tables
    items = {number: rows_of(tables[number], 7) for number in FUNCTION_TABLES}
    for code in sorted(set(items[REVENUE]) | set(items[EXPENDITURE])):
        check_item(document, code, items)
    for number in FISCAL_TABLES:
        for row in items[number].values():
            if row.code not in items[EXPENDITURE]:
                document.errors.append(
                    Disagreement(tables[number].title, row.label, "支出预算总表中没有该科目")
                )


def check_item(document, code, items):
    """One 项: its revenue against its spending, its 财政拨款收入 against 表5–7's sum."""
    revenue, expenditure = items[REVENUE].get(code), items[EXPENDITURE].get(code)
    title = document.tables[REVENUE].title
    label = (revenue or expenditure).label
    fiscal = total_of(
        items[number][code].amounts.get("total")
        for number in FISCAL_TABLES
        if code in items[number]
    )
    record(
        document.errors,
        compare(
            title,
            label,
            "收入合计",
            revenue.amounts.get("total") if revenue else None,
            "支出预算总表",
            expenditure.amounts.get("total") if expenditure else None,
        ),
        compare(
            title,
            label,
            "财政拨款收入",
            revenue.amounts.get("fiscal") if revenue else None,
            "表5–7之和",
            fiscal,
        ),
    )


def check_summary_revenue(document):
    """财务收支预算总表's revenue by source against 收入预算总表's 合计."""
    summary = document.tables[SUMMARY]
    left = left_amounts(summary)
    revenue_total = document.tables[REVENUE].total or {}
    for key in ["fiscal", *NON_FISCAL_KEYS]:
        if key in left or revenue_total.get(key):
            record(
                document.errors,
                compare(
                    summary.title,
                    COLUMN_NAMES.get(key, key),
                    "印出",
                    left.get(key),
                    "收入预算总表",
                    revenue_total.get(key),
                ),
            )


def check_summary_classes(document):
    """财务收支预算总表's 类 rows against 支出预算总表's: 合计, 项目支出, and 人员经费 +
    公用经费 against 基本支出 where it prints them."""
    summary = document.tables[SUMMARY]
    classes = rows_of(document.tables[EXPENDITURE], 3)
    checks = [("total", "total")]
    if "project" in summary.columns:
        checks.append(("project", "project"))
    for row in summary.rows:
        code = document.class_codes.get((SUMMARY, row.name))
        if code is None:
            if any(row.amounts.values()):
                document.errors.append(
                    Disagreement(summary.title, row.name, "支出预算总表中没有该“类”")
                )
            continue
        expenditure = classes[code].amounts if code in classes else {}
        for mine, theirs in checks:
            record(
                document.errors,
                compare(
                    summary.title,
                    row.name,
                    COLUMN_NAMES[mine],
                    row.amounts.get(mine),
                    "支出预算总表",
                    expenditure.get(theirs),
                ),
            )
        if "personnel" in summary.columns:
            check_summary_basic(document, summary, row, expenditure)


def check_summary_basic(document, summary, row, expenditure):
    basic = total_of([row.amounts.get("personnel"), row.amounts.get("running")])
    record(
        document.errors,
        compare(
            summary.title,
            row.name,
            "人员经费+公用经费",
            basic,
            "支出预算总表基本支出",
            expenditure.get("basic"),
        ),
    )


def check_fiscal_summary(document):
    """财政拨款收支预算总表: its revenue against 财务收支预算总表's, its 类 against 表5–7."""
    fiscal_table = document.tables[FISCAL_SUMMARY]
    fiscal_left = left_amounts(fiscal_table)
    summary_left = left_amounts(document.tables[SUMMARY])
    for source in FISCAL_SOURCES:
        record(
            document.errors,
            compare(
                fiscal_table.title,
                COLUMN_NAMES[source],
                "印出",
                fiscal_left.get(source),
                "财务收支预算总表",
                summary_left.get(source),
            ),
        )
    for row in fiscal_table.rows:
        code = document.class_codes.get((FISCAL_SUMMARY, row.name))
        if code is None:
            if any(row.amounts.values()):
                document.errors.append(
                    Disagreement(fiscal_table.title, row.name, "支出预算总表中没有该“类”")
                )
            continue
        check_fiscal_class(document, row, code)


def check_fiscal_class(document, row, code):
    """One 类 row of 财政拨款收支预算总表 against that 类 in each of 表5–7."""
    fiscal_table = document.tables[FISCAL_SUMMARY]
    for number, source in FISCAL_TABLES.items():
        printed = rows_of(document.tables[number], 3).get(code)
        record(
            document.errors,
            compare(
                fiscal_table.title,
                row.name,
                COLUMN_NAMES[source],
                row.amounts.get(source),
                document.tables[number].title,
                printed.amounts.get("total") if printed else None,
            ),
        )


def check_economic_total(document):
    """表8 is 表5's basic spending by economic classification."""
    economic, general_public = document.tables[ECONOMIC], document.tables[GENERAL_PUBLIC]
    record(
        document.errors,
        compare(
            economic.title,
            "合计",
            "合计",
            (economic.total or {}).get("total"),
            general_public.title + "基本支出",
            (general_public.total or {}).get("basic"),
        ),
    )
