"""The facts of a Shanghai budget at the grain its tables publish them (``derive_facts``).

Spending by 项 × 财政拨款 source × 基本/项目 comes from 表5–7; revenue by 项 × source from
those and 收入预算总表; what 支出预算总表 spends beyond 表5–7 is stored only where
收入预算总表 says whose money it is; 表8 gives basic spending by economic 款 × 人员/公用.
"""

from decimal import Decimal

from budgets.disclosures.arithmetic import Disagreement, total_of
from budgets.disclosures.models import ExpenseType, FundingSource
from budgets.importers.facts import Line

from .document import NON_FISCAL_KEYS, rows_of
from .layout import (
    ECONOMIC,
    EXPENDITURE,
    FISCAL_TABLES,
    FUNCTION_TABLES,
    RESTRICTED,
    REVENUE,
    SUMMARY,
)

#: Column key of a function table → the expense type of its figures.
EXPENSE_COLUMNS = {"basic": ExpenseType.BASIC, "project": ExpenseType.PROJECT}
#: Column key of 表8 → the expense type of its figures.
ECONOMIC_COLUMNS = {"personnel": ExpenseType.PERSONNEL, "running": ExpenseType.RUNNING}
ZERO = Decimal(0)


def derive_facts(document):
    """The facts at the grain the tables publish them."""
    items = {number: rows_of(document.tables[number], 7) for number in FUNCTION_TABLES}
    derive_fiscal_expenditure(document, items)
    derive_revenue(document, items)
    for code, row in items[EXPENDITURE].items():
        derive_other_expenditure(document, code, row, items[REVENUE].get(code))
    derive_economic(document)
    derive_basic_splits(document)
    if document.tables[RESTRICTED].rows:
        document.restricted = dict(document.tables[RESTRICTED].rows[0].amounts)


def derive_fiscal_expenditure(document, items):
    """Spending by 项 × 财政拨款 source × basic/project, from 表5–7."""
    for number, source in FISCAL_TABLES.items():
        for code, row in items[number].items():
            for column, expense_type in EXPENSE_COLUMNS.items():
                amount = row.amounts.get(column)
                if amount:
                    document.expenditure.append(Line(source, amount, expense_type, code, code))


def derive_revenue(document, items):
    """Revenue by 项 × source: 财政拨款收入 split as 表5–7 spend it, the other sources
    from 收入预算总表."""
    fiscal_by_code = {}
    for line in document.expenditure:
        fiscal_by_code.setdefault((line.code, line.source), ZERO)
        fiscal_by_code[(line.code, line.source)] += line.amount
    for (code, source), amount in fiscal_by_code.items():
        document.revenue.append(Line(source, amount, function_id=code, code=code))
    for code, row in items[REVENUE].items():
        for key in NON_FISCAL_KEYS:
            amount = row.amounts.get(key)
            if amount:
                document.revenue.append(Line(key, amount, function_id=code, code=code))


def derive_other_expenditure(document, code, row, revenue_row):
    """What 支出预算总表 spends on 项 ``code`` beyond 表5–7: non-fiscal money, stored only
    where 收入预算总表's row (``revenue_row``) funds the 项 from one other source that
    covers it exactly; an error where it does not."""
    remainder = {}
    for column, expense_type in EXPENSE_COLUMNS.items():
        fiscal = total_of(
            line.amount
            for line in document.expenditure
            if line.code == code and line.expense_type == expense_type
        )
        remainder[expense_type] = (row.amounts.get(column) or ZERO) - (fiscal or ZERO)
    if not any(remainder.values()):
        return
    sources = {
        key: revenue_row.amounts.get(key)
        for key in NON_FISCAL_KEYS
        if revenue_row and revenue_row.amounts.get(key)
    }
    if (
        len(sources) == 1
        and all(amount >= 0 for amount in remainder.values())
        and sum(remainder.values()) == next(iter(sources.values()))
    ):
        source = next(iter(sources))
        for expense_type, amount in remainder.items():
            if amount:
                document.expenditure.append(Line(source, amount, expense_type, code, code))
    else:
        document.errors.append(
            Disagreement(
                document.tables[EXPENDITURE].title,
                row.label,
                f"支出比财政拨款多 {sum(remainder.values())} 元，收入预算总表不能确定其资金来源",
            )
        )


def derive_economic(document):
    """Basic spending by economic 款 × 人员/公用 (表8), all of it 一般公共预算."""
    for row in document.tables[ECONOMIC].rows:
        if len(row.code) != 5:
            continue
        for column, expense_type in ECONOMIC_COLUMNS.items():
            amount = row.amounts.get(column)
            if amount:
                document.economic.append(
                    Line(FundingSource.GENERAL_PUBLIC, amount, expense_type, code=row.code)
                )


def derive_basic_splits(document):
    """人员/公用 by function 类, where 财务收支预算总表 prints them."""
    summary = document.tables[SUMMARY]
    if "personnel" not in summary.columns and "running" not in summary.columns:
        return
    for row in summary.rows:
        code = document.class_codes.get((SUMMARY, row.name))
        if code is None:
            if any(row.amounts.values()):
                document.errors.append(
                    Disagreement(summary.title, row.name, "找不到该功能分类“类”的科目编码")
                )
            continue
        personnel, running = row.amounts.get("personnel"), row.amounts.get("running")
        if personnel is not None or running is not None:
            document.basic_splits.append((code, personnel, running))
