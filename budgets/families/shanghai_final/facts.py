"""The facts a 部门决算's printed tables publish, at the grain they publish them.

Spending by 项 × source × 基本/项目 comes from the 财政拨款 tables (表5, 表8, 表9) and, for
money other than 财政拨款, from what 支出决算表 prints beyond them; revenue by 项 × source
from 收入决算表 (its 财政拨款收入 split by 表8/9's 本年收入); basic spending by economic 款
from 表6; carry-overs from 表1 (all funds), 表4 (each fiscal source) and 表8/9 (by code);
the rows the two 收支总表 and 表6 print whatever their figures; 表7's 预算数 and 决算数.
"""

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.models import ExpenseType, FundingSource, RestrictedSpending
from budgets.importers.facts import Line
from budgets.importers.tables import normalise

from . import tables as builders
from .figures import wan_text
from .parsed import CODE_KINDS, FUND_KINDS, ZERO

SPLIT = (("basic", ExpenseType.BASIC), ("project", ExpenseType.PROJECT))
#: Revenue other than 财政拨款, as 表1 and 表2 print it.
NON_FISCAL_REVENUE = (
    FundingSource.HIGHER_LEVEL_SUBSIDY,
    FundingSource.OPERATING,
    FundingSource.BUSINESS,
    FundingSource.AFFILIATED,
    FundingSource.OTHER,
)
#: 支出决算表's columns of spending this template has no fact for.
UNSUPPORTED_SPENDING = ("to_higher", "business_spending", "to_units")


def derive_facts(document):
    read_names(document)
    fiscal_spending(document)
    spending_beyond_fiscal(document)
    revenue(document)
    economic_spending(document)
    carry_overs(document)
    printed_rows(document)
    three_public_periods(document)


def read_names(document):
    for kind in CODE_KINDS:
        for code, name in document.table(kind).names.items():
            document.function_names.setdefault(code, name)
    six = document.table("final_basic_economic")
    for _side, code in six.codes:
        document.economic_names.setdefault(code, six.names[code])


def class_codes(document):
    """{normalised 类 name: code} from the code tables."""
    names = {}
    for kind in CODE_KINDS:
        for code, name in document.table(kind).names.items():
            if len(code) == 3:
                names.setdefault(normalise(name), code)
    return names


def fiscal_spending(document):
    """Spending by 项 × fiscal source × 基本/项目: 表5 (一般公共预算), 表8, 表9."""
    sources = {"final_general_public": FundingSource.GENERAL_PUBLIC, **FUND_KINDS}
    for kind, source in sources.items():
        table = document.table(kind)
        for code in table.items():
            for column, expense_type in SPLIT:
                value = table.get(code, column)
                if value is not None:
                    document.expenditure.append(Line(source, value, expense_type, code, code))


def spending_beyond_fiscal(document):
    """What 支出决算表 prints beyond 财政拨款 at a 项 is spent from other money. Its source
    is recorded where the document leaves only one (``non_fiscal_source``), so that it is
    never counted as 财政拨款; where it leaves several or none, it is refused rather than
    invented."""
    three = document.table("final_expenditure")
    source = non_fiscal_source(document)
    fiscal = {}
    for line in document.expenditure:
        key = (line.code, line.expense_type)
        fiscal[key] = arithmetic.total_of([fiscal.get(key), line.amount])
    for code in three.items():
        for column, expense_type in SPLIT:
            rest = (three.get(code, column) or ZERO) - (fiscal.get((code, expense_type)) or ZERO)
            if rest > 0 and source is not None:
                document.expenditure.append(Line(source, rest, expense_type, code, code))
            elif rest > 0:
                document.errors.append(
                    Disagreement(
                        three.title,
                        three.label(code),
                        f"{'基本支出' if column == 'basic' else '项目支出'}"
                        f"比财政拨款多 {wan_text(rest)} 万元，表中没有其资金来源",
                    )
                )
        document.errors.extend(
            Disagreement(
                three.title,
                three.label(code),
                "本模板不支持上缴上级支出、经营支出、对附属单位补助支出",
            )
            for column in UNSUPPORTED_SPENDING
            if three.get(code, column)
        )


def non_fiscal_source(document):
    """The one source other than 财政拨款 the document had money from, or None.

    Its money other than 财政拨款 is the revenue 表1 prints beside 财政拨款 and the balances
    brought into the year beyond 财政拨款 (表1's 年初结转和结余 less 表4's 年初财政拨款结转和
    结余, and 使用非财政拨款结余). With no such revenue, what it spends beyond 财政拨款 was
    carried over (上年结转); with one kind of revenue and no such balances, it is that
    revenue."""
    one, four = document.table("final_summary"), document.table("final_fiscal_summary")
    revenue = [source for source in NON_FISCAL_REVENUE if one.get(str(source), "amount")]
    brought_in = (
        (one.get("opening", "amount") or ZERO)
        - (four.get("opening", "amount") or ZERO)
        + (one.get("non_fiscal_used", "amount") or ZERO)
    )
    if not revenue and brought_in > 0:
        return FundingSource.CARRIED_OVER
    if len(revenue) == 1 and brought_in <= 0:
        return revenue[0]
    return None


def revenue(document):
    """Revenue by 项 × source: 财政拨款收入 split by 表8/9's 本年收入, the rest 一般公共预算."""
    two = document.table("final_revenue")
    for code in two.items():
        fiscal_revenue(document, two, code)
        for source in NON_FISCAL_REVENUE:
            value = two.get(code, str(source))
            if value is not None:
                document.revenue.append(Line(source, value, "", code, code))


def fiscal_revenue(document, two, code):
    fiscal = two.get(code, "fiscal")
    if fiscal is None:
        return
    funds = {
        source: document.table(kind).get(code, "revenue")
        for kind, source in FUND_KINDS.items()
        if document.table(kind).get(code, "revenue")
    }
    general = fiscal - sum(funds.values(), ZERO)
    if general < 0:
        document.errors.append(
            Disagreement(
                two.title, two.label(code), "财政拨款收入小于政府性基金和国有资本经营预算收入之和"
            )
        )
    elif general or not funds:
        document.revenue.append(Line(FundingSource.GENERAL_PUBLIC, general, "", code, code))
    for source, value in funds.items():
        document.revenue.append(Line(source, value, "", code, code))


def economic_spending(document):
    """Basic spending by economic 款 (表6): 人员经费 on the left side, 公用经费 on the right."""
    six = document.table("final_basic_economic")
    for side, code in six.codes:
        value = six.get(code, "amount")
        if len(code) == 5 and value is not None:
            expense_type = ExpenseType.PERSONNEL if side == 0 else ExpenseType.RUNNING
            document.economic.append(
                Line(FundingSource.GENERAL_PUBLIC, value, expense_type, code=code)
            )


def carry_overs(document):
    """表1 all funds, 表4 by fiscal source, 表8/9 by code."""
    one, four = document.table("final_summary"), document.table("final_fiscal_summary")
    for kind in ("opening", "non_fiscal_used", "distribution", "closing"):
        if one.get(kind, "amount") is not None:
            document.carry_overs.append((kind, "", None, one.get(kind, "amount")))
    for source, short in builders.SOURCE_SHORT.items():
        value = four.get(f"opening:{short}", "amount")
        if value is not None:
            document.carry_overs.append(("opening", source, None, value))
        value = four.get("closing", str(source))
        if value is not None:
            document.carry_overs.append(("closing", source, None, value))
    for table_kind, source in FUND_KINDS.items():
        table = document.table(table_kind)
        for code in table.items():
            for kind in ("opening", "closing"):
                value = table.get(code, kind)
                if value is not None:
                    document.carry_overs.append((kind, source, code, value))


def printed_rows(document):
    """Rows the document prints whatever their figures: the two 收支总表 and 表6. A function
    类 of a 收支总表 is known by its name in the code tables."""
    by_name = class_codes(document)
    for kind in ("final_summary", "final_fiscal_summary", "final_basic_economic"):
        table = document.table(kind)
        for position, side, key, label in table.rows:
            if key.startswith("class:"):
                key = class_row(document, table, key, label, by_name)
            code = key or f"-{position}"
            document.printed_rows.append((table.number, position, side, code, label))


def class_row(document, table, key, label, by_name):
    """The code of a 类 row (its cells re-keyed to it), or "" for a 类 no code table has;
    one printing a figure is an error."""
    code = by_name.get(key[len("class:") :], "")
    if not code and any(v is not None for (row, _c), v in table.cells.items() if row == key):
        document.errors.append(Disagreement(table.title, label, "其他表中没有该功能分类“类”"))
    if code:
        rekey(table, key, code)
    return code


def rekey(table, old, new):
    for row, column in list(table.cells):
        if row == old:
            table.cells[(new, column)] = table.cells.pop((row, column))
    table.labels[new] = table.labels.pop(old)


def three_public_periods(document):
    """表7's 预算数 and 决算数, each where it prints a figure."""
    seven = document.table("final_three_public")
    for period in ("budget", "final"):
        parts = RestrictedSpending.THREE_PUBLIC_FIELDS
        values = {part: seven.get("", f"{period}:{part}") for part in parts}
        if any(value is not None for value in values.values()):
            document.restricted_periods[period] = values
