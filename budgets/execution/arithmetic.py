"""Budget against spending (预算执行): a year's budget and its final accounts (决算) paired
code by code, with the difference and the execution rate (执行率 = 决算数 ÷ 预算数).

Pure functions over amounts in 元 (Decimal) and statement-like objects; no queries, no
HTTP. The budget side is either the year's published budget document or, where there is
none, the 年初预算数 (or 全年预算数) the 决算's 情况说明 prints for each code.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from budgets.disclosures.arithmetic import add, total_of

#: Where a row's budget figure comes from.
FROM_BUDGET = "budget_document"  # the year's published budget document
FROM_FINAL_ACCOUNTS = "final_accounts"  # the 决算's narrative: its printed 年初预算数
#: The budgets a 决算 names: at the year's start, or as adjusted during the year (a unit
#: set up in the year has 年初预算 0 and compares with its 全年预算).
INITIAL_BUDGET = "年初预算"
FULL_YEAR_BUDGET = "全年预算"

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def execution_rate(final, budget):
    """决算数 ÷ 预算数 in percent, to two places (half up); None where nothing was budgeted
    (no figure, or zero: a rate against nothing is no rate) or no 决算 is published."""
    if budget is None or budget == 0 or final is None:
        return None
    return (final * HUNDRED / budget).quantize(CENT, rounding=ROUND_HALF_UP)


def difference(final, budget):
    """决算数 − 预算数, a code not budgeted counting as nothing budgeted; None without a
    决算 figure (no 决算 published: nothing to compare yet)."""
    if final is None:
        return None
    return final - (budget or Decimal(0))


def pair_codes(budget_by_code, final_by_code):
    """Every code either side has, in code order (a 类 before its 款 and 项); row keys that
    are not codes (“合计”) are not codes."""
    return sorted(code for code in set(budget_by_code) | set(final_by_code) if code.isdigit())


def rolled_up(amounts_by_code, lengths=(3, 5, 7)):
    """{code: amount} summed to every prefix of ``lengths`` from the longest codes given
    (the narrative states 项; its 类 and 款 are their sums)."""
    longest = max(lengths)
    rolled = {}
    for code, amount in amounts_by_code.items():
        if len(code) != longest or amount is None:
            continue
        for length in lengths:
            rolled[code[:length]] = add(rolled.get(code[:length]), amount)
    return rolled


@dataclass(frozen=True)
class Stated:
    """What the 决算's 情况说明 says of one code: the budget it compares with (年初预算 or
    全年预算, as printed), its stated completion rate, and the reason."""

    budget: Decimal | None
    basis: str
    rate: Decimal | None
    reason: str


def function_code_of(topic):
    """The code of a ``function:<code>`` statement topic, else ""."""
    prefix, _sep, code = topic.partition(":")
    return code if prefix == "function" and code.isdigit() else ""


def stated_by_code(statements):
    """{function code: Stated} from the 决算's narrative statements that compare a code's
    决算数 with a budget (“年初预算数为…，完成年初预算的98.69%，…主要原因是…”)."""
    found = {}
    for statement in statements:
        code = function_code_of(statement.topic)
        if not code or (statement.comparison_amount is None and not statement.reason):
            continue
        found[code] = Stated(
            statement.comparison_amount,
            statement.comparison,
            statement.completion_percent,
            statement.reason,
        )
    return found


#: The 决算's statement of its whole 一般公共预算财政拨款支出 against the budget.
TOTAL_SUBJECT = "一般公共预算财政拨款支出决算"


def stated_total(statements):
    """The narrative's whole-document comparison (Stated), or None."""
    for statement in statements:
        if statement.topic == "expenditure" and statement.subject == TOTAL_SUBJECT:
            return Stated(
                statement.comparison_amount,
                statement.comparison,
                statement.completion_percent,
                statement.reason,
            )
    return None


@dataclass
class ExecutionRow:
    code: str
    name: str
    budget: Decimal | None
    final: Decimal | None
    stated: Stated | None = None

    @property
    def level(self):
        return {3: 1, 5: 2, 7: 3}.get(len(self.code), 1)

    @property
    def difference(self):
        return difference(self.final, self.budget)

    @property
    def rate(self):
        return execution_rate(self.final, self.budget)

    @property
    def stated_rate(self):
        return self.stated.rate if self.stated else None

    @property
    def reason(self):
        return self.stated.reason if self.stated else ""

    @property
    def stated_budget(self):
        return self.stated.budget if self.stated else None

    @property
    def stated_rate_agrees(self):
        """The stated completion rate against the computed one (None: nothing to check)."""
        if self.stated_rate is None or self.rate is None:
            return None
        return self.stated_rate == self.rate

    @property
    def stated_budget_differs(self):
        """The 决算's printed budget for this code is not the budget document's figure."""
        return (
            self.stated_budget is not None
            and self.budget is not None
            and self.stated_budget != self.budget
        )


@dataclass
class Execution:
    """One organisation-year's execution: rows by code (类, 款, 项) and the whole."""

    basis: str  # FROM_BUDGET or FROM_FINAL_ACCOUNTS
    rows: list = field(default_factory=list)
    budget: Decimal | None = None
    final: Decimal | None = None
    stated: Stated | None = None  # the narrative's whole-document comparison
    #: How the 决算 labels its printed budget figures (“年初预算”, “全年预算”).
    printed_bases: tuple = ()

    @property
    def difference(self):
        return difference(self.final, self.budget)

    @property
    def rate(self):
        return execution_rate(self.final, self.budget)

    @property
    def stated_rate_agrees(self):
        if self.stated is None or self.stated.rate is None or self.rate is None:
            return None
        return self.stated.rate == self.rate


def execution(
    budget_by_code, final_by_code, statements, names, *, budget_total=None, final_total=None
):
    """Pair a year's budget and 决算 by function code.

    ``budget_by_code`` and ``final_by_code`` are {code: amount in 元} at every level (类,
    款, 项); ``budget_by_code`` is None where the year has no published budget, and the
    决算's printed 年初预算数 stand in for it; ``final_by_code`` is None where no 决算 is
    published yet (every 决算数 None). A budgeted code the 决算 does not list was not
    spent: its 决算数 is 0. ``names`` is {code: name}. The totals are the
    documents' printed 合计 where given, else the sums of their 类.

    Without a budget document the whole budget is the one the narrative states for the
    whole (“年初预算为2,993.92万元”), unless it states none or zero (a unit set up during
    the year: 年初预算 0, its codes' 全年预算 then add up to the budget it spent against).
    """
    stated = stated_by_code(statements)
    whole = stated_total(statements)
    published = final_by_code is not None
    final_by_code = final_by_code or {}
    if budget_by_code is None:
        basis = FROM_FINAL_ACCOUNTS
        budget_by_code = rolled_up({code: item.budget for code, item in stated.items()})
        if whole is not None and whole.budget:
            budget_total = whole.budget
    else:
        basis = FROM_BUDGET
    rows = [
        ExecutionRow(
            code,
            names.get(code, ""),
            budget_by_code.get(code),
            final_by_code.get(code, Decimal(0) if published else None),
            stated.get(code),
        )
        for code in pair_codes(budget_by_code, final_by_code)
    ]
    if final_total is None:
        final_total = total_of(amount for code, amount in final_by_code.items() if len(code) == 3)
    if budget_total is None:
        budget_total = total_of(amount for code, amount in budget_by_code.items() if len(code) == 3)
    bases = tuple(
        sorted({item.basis for item in stated.values() if item.basis and item.budget is not None})
    )
    return Execution(basis, rows, budget_total, final_total, whole, bases)
