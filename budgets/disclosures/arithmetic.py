"""The budget arithmetic: sums of published facts by classification level, by funding
source and by expense type, and the checks that a document agrees with itself.

Pure functions over fact objects (anything with the attributes named below); no queries,
no HTTP. Every total the site shows, exports or checks is computed here. A sum over
nothing is ``None`` (shown blank), never zero: a document that prints no figure for a
cell has not said it is zero.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .models import BASIC_TYPES, FISCAL_SOURCES, ExpenditureByType, ExpenseType, FundingSource
from .money import UNIT_FACTORS, YUAN_PER_WAN


def add(a, b):
    """Add two optional amounts; None only when both are None."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def total_of(amounts):
    """Sum optional amounts; None when every one is None (or there are none)."""
    result = None
    for amount in amounts:
        result = add(result, amount)
    return result


@dataclass
class Split:
    """One row's amounts by expense type. Fields stay None until a fact adds to them."""

    personnel: Decimal | None = None
    running: Decimal | None = None
    basic_unsplit: Decimal | None = None
    project: Decimal | None = None
    #: 江苏: 单位预留机动经费, 结转下年资金, and spending printed without its type.
    reserve: Decimal | None = None
    carryforward: Decimal | None = None
    unsplit: Decimal | None = None

    FIELD_OF = {
        ExpenseType.PERSONNEL: "personnel",
        ExpenseType.RUNNING: "running",
        ExpenseType.BASIC: "basic_unsplit",
        ExpenseType.PROJECT: "project",
        ExpenseType.RESERVE: "reserve",
        ExpenseType.CARRYFORWARD: "carryforward",
        ExpenseType.UNSPLIT: "unsplit",
    }

    def add(self, expense_type, amount):
        name = self.FIELD_OF[expense_type]
        setattr(self, name, add(getattr(self, name), amount))

    def merge(self, other):
        for field in fields(self):
            setattr(self, field.name, add(getattr(self, field.name), getattr(other, field.name)))

    @property
    def basic(self):
        """基本支出: 人员经费 + 公用经费, plus basic spending published unsplit."""
        return total_of([self.personnel, self.running, self.basic_unsplit])

    @property
    def total(self):
        return total_of([self.basic, self.project, self.reserve, self.carryforward, self.unsplit])


#: The figures a Split gives: its fields, and ``basic`` and ``total`` derived from them.
SPLIT_FIGURES = frozenset({field.name for field in fields(Split)} | {"basic", "total"})


def split_of(lines):
    """The Split of a whole set of expenditure facts."""
    split = Split()
    for line in lines:
        split.add(line.expense_type, line.amount)
    return split


def rollup(lines, code_of, lengths):
    """Sum expenditure facts into every level of a classification.

    ``code_of(line)`` gives the line's code (e.g. a 7-digit function 项); each line is
    added to the code's prefix of every length in ``lengths`` (e.g. 3, 5, 7 for 类/款/项).
    Returns {code: Split} in code order, so a 类 comes before its 款 and their 项.
    """
    splits = defaultdict(Split)
    for line in lines:
        code = code_of(line)
        for length in lengths:
            if length <= len(code):
                splits[code[:length]].add(line.expense_type, line.amount)
    return dict(sorted(splits.items()))


@dataclass(frozen=True)
class PrintedSplit:
    """A Split as the document prints it: a printed subtotal where the document prints one
    that differs from the sum of its facts (whole-元 rounding, ``PrintedSubtotal``), the
    sum elsewhere. ``printed`` maps Split attribute names (total, basic, project,
    personnel, running) to amounts."""

    computed: Split
    printed: dict

    def figure(self, name):
        return self.printed[name] if name in self.printed else getattr(self.computed, name)

    def __getattr__(self, name):
        """Every figure a Split has (total, basic, personnel, unsplit, reserve …), as printed
        where the document prints it."""
        if name not in SPLIT_FIGURES:
            raise AttributeError(name)
        return self.figure(name)


def as_printed(split, printed):
    """``split`` with the printed figures ({name: amount}) put in; itself if there are none."""
    return PrintedSplit(split, printed) if printed else split


def rollup_as_printed(splits, printed_rows):
    """{code: Split} from ``rollup`` with each code's printed figures put in
    (``printed_rows``: {code: {name: amount}})."""
    return {code: as_printed(split, printed_rows.get(code)) for code, split in splits.items()}


def by_source(lines):
    """{FundingSource: total} over facts with ``source`` and ``amount``, in source order."""
    totals = {}
    for line in lines:
        totals[line.source] = add(totals.get(line.source), line.amount)
    order = list(FundingSource)
    return dict(sorted(totals.items(), key=lambda item: order.index(item[0])))


def fiscal_total(totals_by_source):
    """财政拨款: the three fiscal sources together."""
    return total_of(totals_by_source.get(source) for source in FISCAL_SOURCES)


def only(lines, *, sources=None, expense_types=None):
    """The facts of the given funding sources and expense types."""
    return [
        line
        for line in lines
        if (sources is None or line.source in sources)
        and (expense_types is None or line.expense_type in expense_types)
    ]


def basic_only(lines):
    return only(lines, expense_types=BASIC_TYPES)


def general_public(lines):
    return only(lines, sources=(FundingSource.GENERAL_PUBLIC,))


# “三公”经费 and the other restricted spending of one period (a RestrictedSpending row).


def vehicle_total(row):
    """公务用车购置及运行维护费."""
    return add(row.vehicle_purchase, row.vehicle_operation)


def three_public_total(row):
    """“三公”经费: 因公出国（境）费 + 公务接待费 + 公务用车购置及运行维护费."""
    return total_of([row.outbound_travel, row.reception, vehicle_total(row)])


def restricted_total(row):
    """陕西 表12's 合计: “三公”经费 + 会议费 + 培训费."""
    return total_of([three_public_total(row), row.meetings, row.training])


def change(prior, current):
    """current − prior where either is published; None where neither is."""
    if prior is None and current is None:
        return None
    return (current or Decimal(0)) - (prior or Decimal(0))


def percent_change(prior, current):
    """The change as a percentage of the prior figure, two places; None without a base."""
    if not prior:
        return None
    return ((current or Decimal(0)) - prior) * 100 / prior


# Checks of a document against itself.


@dataclass(frozen=True)
class Disagreement:
    """Two figures that should be equal and are not."""

    table: str
    row: str
    message: str
    #: True when the difference is within what rounding each printed figure to whole 元
    #: can cause (see ``rounding_tolerance``): worth recording, not a wrong document.
    rounding: bool = False


def rounding_tolerance(addends):
    """The largest difference, in whole 元, between a sum of ``addends`` figures each
    rounded to whole 元 and the rounded sum: it is less than (addends + 1) / 2."""
    return Decimal(addends // 2)


def compare(table, row, label_a, a, label_b, b, tolerance=Decimal(0)):
    """A Disagreement if two optional amounts differ (None counts as zero here); one within
    ``tolerance`` is marked as a rounding difference."""
    difference = (a or Decimal(0)) - (b or Decimal(0))
    if difference:
        rounding = abs(difference) <= tolerance
        suffix = _("（整数元舍入差异）") if rounding else ""
        message = _("%(label_a)s %(a)s 元 ≠ %(label_b)s %(b)s 元%(suffix)s") % {
            "label_a": label_a,
            "a": a or 0,
            "label_b": label_b,
            "b": b or 0,
            "suffix": suffix,
        }
        return Disagreement(table, row, message, rounding)
    return None


def check_document(revenue, function_lines, economic_lines, basic_splits=(), spending_by_type=()):
    """The checks every document's facts must pass before it is published.

    - revenue is stored at one grain (by source, or by function × source), and its
      total equals expenditure (by the function view);
    - the economic view equals the function view for the same sources and expense
      types (only basic spending where the document's economic table covers only that);
      where the function view prints no expense type (江苏: one amount per 项), the
      economic view of basic spending equals the 财政拨款 basic spending printed by type
      (``spending_by_type``: ExpenditureByType rows), and there is nothing to compare
      when the document prints no such figure;
    - published 类-level splits of basic spending equal the economic view.
    """
    problems = []
    with_function = {line.function_id is not None for line in revenue}
    if len(with_function) > 1:
        problems.append(
            Disagreement(
                _("收入"), "", _("收入应全部按功能分类录入，或全部不按功能分类录入，不能混用。")
            )
        )
    revenue_total = total_of(line.amount for line in revenue)
    expenditure_total = split_of(function_lines).total
    problems.append(
        compare(_("收支"), _("合计"), _("收入"), revenue_total, _("支出"), expenditure_total)
    )
    untyped = any(line.expense_type == ExpenseType.UNSPLIT for line in function_lines)
    if economic_lines and untyped:
        problems.append(untyped_basic_check(function_lines, economic_lines, spending_by_type))
    elif economic_lines:
        covered = {line.expense_type for line in economic_lines}
        sources = {line.source for line in economic_lines}
        if ExpenseType.PROJECT not in covered:
            covered |= set(BASIC_TYPES)
        functional = split_of(only(function_lines, sources=sources, expense_types=covered))
        economic = split_of(economic_lines)
        for label, name in ((_("人员经费"), "personnel"), (_("公用经费"), "running")):
            if getattr(economic, name) is not None and getattr(functional, name) is not None:
                problems.append(
                    compare(
                        _("经济分类"),
                        label,
                        _("经济分类"),
                        getattr(economic, name),
                        _("功能分类"),
                        getattr(functional, name),
                    )
                )
        problems.append(
            compare(
                _("经济分类"),
                _("合计"),
                _("经济分类"),
                economic.total,
                _("功能分类"),
                functional.total,
            )
        )
    if basic_splits:
        economic = split_of(basic_only(economic_lines))
        personnel = total_of(split.personnel for split in basic_splits)
        running = total_of(split.running for split in basic_splits)
        if economic_lines:
            problems.append(
                compare(
                    _("基本支出"),
                    _("人员经费"),
                    _("按功能类"),
                    personnel,
                    _("经济分类"),
                    economic.personnel,
                )
            )
            problems.append(
                compare(
                    _("基本支出"),
                    _("公用经费"),
                    _("按功能类"),
                    running,
                    _("经济分类"),
                    economic.running,
                )
            )
    return [problem for problem in problems if problem is not None]


def untyped_basic_check(function_lines, economic_lines, spending_by_type):
    """The economic view of basic spending against the 财政拨款 basic spending a document
    prints by type, when its function view prints no type; None when it prints none, or
    when its economic view does not cover every fiscal source that has spending."""
    printed = [
        row.amount
        for row in spending_by_type
        if row.coverage == ExpenditureByType.Coverage.FISCAL
        and row.expense_type == ExpenseType.BASIC
    ]
    economic_sources = {line.source for line in economic_lines}
    fiscal_sources = {line.source for line in function_lines if line.source in FISCAL_SOURCES}
    if not printed or not fiscal_sources <= economic_sources:
        return None
    return compare(
        _("经济分类"),
        _("合计"),
        _("经济分类"),
        split_of(basic_only(economic_lines)).total,
        _("财政拨款基本支出"),
        printed[0],
    )


# Sums for the published tables and the public pages (tables.py, browse).


def rollup_by(lines, code_of, lengths, key_of):
    """Sum facts into every level of a classification, split by ``key_of(line)``.

    Like ``rollup`` but for facts without an expense type (revenue by function × source):
    returns {code: {key: total}} in code order.
    """
    totals = defaultdict(dict)
    for line in lines:
        code = code_of(line)
        key = key_of(line)
        for length in lengths:
            if length <= len(code):
                bucket = totals[code[:length]]
                bucket[key] = add(bucket.get(key), line.amount)
    return dict(sorted(totals.items()))


def in_year_revenue(totals_by_source):
    """本年收入合计: revenue of the year, without balances and carry-overs brought in."""
    brought_in = (
        FundingSource.RESERVE_FUND,
        FundingSource.CARRIED_OVER,
        FundingSource.ACCOUNT_BALANCE,
    )
    return total_of(
        amount for source, amount in totals_by_source.items() if source not in brought_in
    )


def split_by_prefix(lines, code_of, prefix):
    """The Split of the facts whose code starts with ``prefix``."""
    return split_of(line for line in lines if code_of(line).startswith(prefix))


def share(part, whole):
    """``part`` as a percentage of ``whole``; None without a whole."""
    if part is None or not whole:
        return None
    return part * 100 / whole


def rank(amounts_by_key):
    """(key, amount) pairs by amount, largest first; blanks last."""
    return sorted(
        amounts_by_key.items(),
        key=lambda item: (item[1] is None, -(item[1] or Decimal(0))),
    )


# Checks of a printed table against itself, before its figures are stored.


def level_disagreements(table, rows, total, columns, lengths, column_names=None, whole_yuan=False):
    """Every printed parent row equals the sum of its children, column by column, and the
    printed 合计 equals the sum of the top-level rows.

    ``rows`` are (code, label, {column: amount}) as printed, with codes of the lengths in
    ``lengths`` (e.g. 3, 5, 7 for 类/款/项); ``total`` is the 合计 row's {column: amount}
    (None when the table prints none). A child whose parent row is missing is reported too.
    ``whole_yuan``: the figures are printed rounded to whole 元, so a sum may be off by
    ``rounding_tolerance``; such differences come back marked ``rounding``.
    """
    column_names = column_names or {}
    problems = []
    codes = {code for code, _label, _amounts in rows}
    for code, label, amounts in rows:
        depth = lengths.index(len(code))
        if depth and code[: lengths[depth - 1]] not in codes:
            problems.append(Disagreement(table, label, _("缺少上级科目行")))
        if depth + 1 >= len(lengths):
            continue
        children = [
            child
            for child_code, _child_label, child in rows
            if len(child_code) == lengths[depth + 1] and child_code.startswith(code)
        ]
        if not children:
            continue
        for column in columns:
            problems.append(
                compare(
                    table,
                    label,
                    f"{column_names.get(column, column)}",
                    amounts.get(column),
                    _("下级科目之和"),
                    total_of(child.get(column) for child in children),
                    rounding_tolerance(len(children)) if whole_yuan else Decimal(0),
                )
            )
    if total is not None:
        top = [amounts for code, _label, amounts in rows if len(code) == lengths[0]]
        for column in columns:
            problems.append(
                compare(
                    table,
                    _("合计"),
                    f"{column_names.get(column, column)}",
                    total.get(column),
                    _("各行之和"),
                    total_of(amounts.get(column) for amounts in top),
                    rounding_tolerance(len(top)) if whole_yuan else Decimal(0),
                )
            )
    return [problem for problem in problems if problem is not None]


def parts_disagreement(table, row, amounts, whole, parts, column_names=None, whole_yuan=False):
    """A Disagreement if a row's printed ``whole`` column differs from the sum of ``parts``
    (beyond whole-元 rounding, if ``whole_yuan``)."""
    column_names = column_names or {}
    return compare(
        table,
        row,
        column_names.get(whole, whole),
        amounts.get(whole),
        "+".join(column_names.get(part, part) for part in parts),
        total_of(amounts.get(part) for part in parts),
        rounding_tolerance(len(parts)) if whole_yuan else Decimal(0),
    )


def column_sums(rows, columns):
    """{column: sum over rows} of printed rows' amounts (None where nothing is printed)."""
    return {column: total_of(amounts.get(column) for amounts in rows) for column in columns}


# A department against the sum of its units.


@dataclass(frozen=True)
class UnitsCheck:
    """A department's published figures by code beside the sum of its units' figures.

    ``unit_sums`` / ``unit_total`` sum the units that published a document for the year
    (all of them only when ``complete``); ``differences`` (department − units, by code) and
    ``total_difference`` exist only when the department published too and every unit did:
    a partial sum is shown, never checked.
    """

    unit_count: int
    published_count: int
    unit_sums: dict
    unit_total: Decimal | None
    has_department: bool
    differences: dict
    total_difference: Decimal | None
    #: Half a 元 per figure printed rounded to whole 元: a difference no larger can come
    #: from the documents' rounding alone (see ``rounding_tolerance``).
    tolerance: Decimal = Decimal(0)

    @property
    def complete(self):
        """Every unit of the department published a document for the year."""
        return self.unit_count > 0 and self.published_count == self.unit_count

    @property
    def checked(self):
        return self.complete and self.has_department

    @property
    def differing(self):
        """{code: difference} of the codes where department and units differ."""
        return {code: amount for code, amount in self.differences.items() if amount}

    @property
    def agrees(self):
        return self.checked and not self.differing and not self.total_difference

    @property
    def within_rounding(self):
        """Every difference is one whole-元 rounding can explain (and there is one)."""
        amounts = [*self.differing.values(), self.total_difference or Decimal(0)]
        return (
            self.checked
            and any(amounts)
            and all(abs(amount) <= self.tolerance for amount in amounts)
        )


def department_against_units(department, units, unit_count, rounded_figures=0):
    """Check a department's figures against the sum of its units'.

    ``department``: ({code: amount}, total) as the department's document prints them, or
    None where it published none; ``units``: one ({code: amount}, total) per unit with a
    published document; ``unit_count``: how many units the department has;
    ``rounded_figures``: how many of these documents print whole 元. A missing figure
    counts as zero in a difference (a code one side does not list).
    """
    codes = sorted({code for amounts, _total in units for code in amounts})
    unit_sums = {code: total_of(amounts.get(code) for amounts, _total in units) for code in codes}
    unit_total = total_of(total for _amounts, total in units)
    differences = {}
    total_difference = None
    checked = department is not None and unit_count > 0 and len(units) == unit_count
    if checked:
        department_amounts, department_total = department
        for code in sorted({*department_amounts, *codes}):
            differences[code] = (department_amounts.get(code) or Decimal(0)) - (
                unit_sums.get(code) or Decimal(0)
            )
        total_difference = (department_total or Decimal(0)) - (unit_total or Decimal(0))
    return UnitsCheck(
        unit_count=unit_count,
        published_count=len(units),
        unit_sums=unit_sums,
        unit_total=unit_total,
        has_department=department is not None,
        differences=differences,
        total_difference=total_difference,
        tolerance=Decimal(rounded_figures) / 2,
    )


# Figures stated in the narrative, checked against the tables and the prior year's document.

#: A figure as the narrative prints it: “9,101.68万元”, “839万元”, “0.018万元”.
STATED_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")
STATED_UNIT_FACTORS = {"元": Decimal(1), "万元": YUAN_PER_WAN, "亿元": YUAN_PER_WAN**2}


@dataclass(frozen=True)
class StatedText:
    """A figure as the narrative printed it (“190.6万元”) and the precision, in 元, that
    printing has: 100 for “9,101.68万元”, 1,000 for “190.6万元”, 10,000 for “839万元”,
    10 for “0.018万元”."""

    text: str
    precision: Decimal


def as_stated(quote, amount):
    """How the quoted sentence prints ``amount`` (a figure in 元), or None where it prints
    no figure equal to it."""
    if amount is None or not quote:
        return None
    for match in STATED_AMOUNT.finditer(quote):
        number, unit = match.groups()
        digits = number.replace(",", "")
        factor = STATED_UNIT_FACTORS[unit]
        if Decimal(digits) * factor == amount:
            places = len(digits.partition(".")[2])
            return StatedText(match.group(0), factor / Decimal(10) ** places)
    return None


def round_to(amount, precision):
    """``amount`` rounded half up (四舍五入) to a multiple of ``precision``."""
    return (amount / precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * precision


def table_precision(document):
    """The precision, in 元, of the figures a document prints (0.01 万元 = 100 元)."""
    return UNIT_FACTORS[document.amount_unit] / Decimal(10) ** document.amount_places


@dataclass(frozen=True)
class TableFigure:
    """A document's own figure for a stated topic; ``amount`` None where its tables list
    nothing under it (which a stated 0 agrees with)."""

    amount: Decimal | None


def same_figure(candidates):
    """The one figure all readings of a topic give, or None where they differ: a stated
    function or economic figure may mean all spending, 财政拨款 or 一般公共预算 only, and
    is checked only where that makes no difference."""
    values = set(candidates)
    return TableFigure(values.pop()) if len(values) == 1 else None


#: Words that name which funding a stated revenue or expenditure figure covers, the more
#: specific first (“一般公共预算拨款支出预算” is 一般公共预算, not 财政拨款 as a whole).
SOURCE_WORDS = (
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
    ("一般公共预算", "general_public"),
    ("财政拨款", "fiscal"),
    ("事业单位经营", "business"),
    ("事业收入", "operating"),
    ("其他收入", "other"),
)
#: Subjects that name a document's whole revenue or expenditure.
WHOLE_SUBJECTS = {"预算收入", "收入预算", "收入总计", "预算支出", "支出预算", "支出总计"}
#: Subjects that name a part of all its spending (“项目支出预算数为5,573万元”).
PART_SUBJECTS = {"基本支出", "项目支出", "基本支出预算", "项目支出预算"}

#: “三公” figures by the words of the subject, the more specific first.
THREE_PUBLIC_WORDS = (
    ("因公出国", "outbound_travel"),
    ("接待", "reception"),
    ("购置及运行", "vehicle"),
    ("购置费", "vehicle_purchase"),
    ("运行", "vehicle_operation"),
    ("三公", "total"),
)


def source_group(subject):
    """Which funding a revenue or expenditure statement covers, from its subject; None
    where the subject does not say."""
    for words, group in SOURCE_WORDS:
        if words in subject:
            return group
    return "all" if subject.strip() in WHOLE_SUBJECTS | PART_SUBJECTS else None


def spending_part(subject):
    """The part of spending a statement's subject names: “basic”, “project” or “total”."""
    if "基本支出" in subject:
        return "basic"
    return "project" if "项目支出" in subject else "total"


class DocumentFigures:
    """A document's own figures by narrative topic, as its tables print them.

    ``facts``: anything with ``revenue``, ``function_lines``, ``economic_lines`` and
    ``restricted`` ({period: row}); ``printed``: the subtotals the document prints where
    they differ from the sums ({"revenue" | "spending" | "general_public" | "fiscal": {row
    key: {column key: amount}}}, row keys being codes or “合计”; "sources": {source: {"total":
    amount}}, the revenue by source a 收支总表 prints).
    """

    def __init__(self, facts, printed=None):
        self.facts = facts
        self.printed = printed or {}

    def printed_figure(self, table, row, column, computed):
        return self.printed.get(table, {}).get(row, {}).get(column, computed)

    def revenue(self, group):
        lines = self.facts.revenue
        if not lines or group is None:
            return None
        sources = by_source(lines)
        if group == "all":
            amount = self.printed_figure("revenue", "合计", "total", total_of(sources.values()))
        elif group == "fiscal":
            amount = self.printed_figure("revenue", "合计", "fiscal", fiscal_total(sources))
        else:
            amount = self.printed_figure(
                "sources", group, "total", sources.get(FundingSource(group))
            )
        return TableFigure(amount)

    def expenditure(self, group, part="total"):
        """Spending of a funding ``group``; ``part`` “basic” or “project” for the statements
        that name one (“一般公共预算财政拨款基本支出 105.58 万元” is not the group's total)."""
        lines = self.facts.function_lines
        if not lines or group not in {"all", "fiscal", *FISCAL_SOURCES}:
            return None
        if group == "all":
            selected, printed = lines, "spending"
        elif group == "fiscal":
            selected, printed = only(lines, sources=FISCAL_SOURCES), "fiscal"
        elif group == FundingSource.GENERAL_PUBLIC:
            selected, printed = general_public(lines), "general_public"
        else:
            selected, printed = only(lines, sources=(FundingSource(group),)), None
        amount = getattr(split_of(selected), part)
        if amount is None and group == "all" and part != "total":
            # 江苏 prints spending by function without its type, and 基本/项目支出 by type alone.
            amount = self.printed.get("by_type", {}).get(part)
        if printed and part == "total":
            amount = self.printed_figure(printed, "合计", "total", amount)
        return TableFigure(amount)

    def function(self, code):
        lines = self.facts.function_lines
        if not lines or not code.isdigit() or len(code) not in (3, 5, 7):
            return None

        def total(selected):
            return split_by_prefix(selected, lambda line: line.function.code, code).total

        return same_figure(
            [
                self.printed_figure("spending", code, "total", total(lines)),
                total(only(lines, sources=FISCAL_SOURCES)),
                self.printed_figure("general_public", code, "total", total(general_public(lines))),
            ]
        )

    def economic(self, code, code_of):
        lines = self.facts.economic_lines
        if not lines or not code.isdigit():
            return None

        def total(selected):
            return split_by_prefix(selected, code_of, code).total

        return same_figure(
            [total(lines), total(only(lines, sources=FISCAL_SOURCES)), total(general_public(lines))]
        )

    def three_public(self, subject):
        row = self.facts.restricted.get("current")
        part = next((part for words, part in THREE_PUBLIC_WORDS if words in subject), None)
        if row is None or part is None:
            return None
        if part == "total":
            return TableFigure(three_public_total(row))
        if part == "vehicle":
            return TableFigure(vehicle_total(row))
        return TableFigure(getattr(row, part))

    def administrative_running(self):
        row = self.facts.restricted.get("current")
        return TableFigure(row.administrative_running) if row is not None else None

    def public_running(self):
        """公用经费: basic running costs, by function or by economic classification."""
        function_lines, economic_lines = self.facts.function_lines, self.facts.economic_lines
        if not function_lines and not economic_lines:
            return None
        readings = [
            split_of(lines).running
            for lines in (function_lines, basic_only(economic_lines))
            if split_of(lines).running is not None
        ]
        return same_figure(readings) if readings else TableFigure(None)

    def of(self, topic, subject):
        """The figure a statement of ``topic`` and ``subject`` states, or None where the
        tables hold no such figure or the topic does not say which one."""
        kind, _colon, code = topic.partition(":")
        if kind == "revenue":
            return self.revenue(source_group(subject))
        if kind == "expenditure":
            return self.expenditure(source_group(subject), spending_part(subject))
        if kind in ("fiscal_revenue", "general_public_revenue"):
            return self.revenue(kind.removesuffix("_revenue"))
        if kind in ("fiscal_expenditure", "general_public_expenditure"):
            return self.expenditure(kind.removesuffix("_expenditure"))
        if kind == "function" and code:
            return self.function(code)
        if kind == "economic" and code:
            return self.economic(code, lambda line: line.dept_economic.code)
        if kind == "gov_economic" and code:
            return self.economic(
                code, lambda line: line.gov_economic.code if line.gov_economic_id else ""
            )
        if kind in ("government_fund", "state_capital"):
            if "收入" in subject:
                return self.revenue(kind)
            return self.expenditure(kind) if "支出" in subject else None
        if kind == "three_public":
            return self.three_public(subject)
        if kind == "administrative_running":
            return self.administrative_running()
        if kind == "public_running":
            return self.public_running()
        return None


#: How a stated figure compares with the tables.
EXACT = "exact"  # the same to the 分
ROUNDED = "rounded"  # the same once rounded to the precision it was stated at
ROUNDED_FIGURES = "rounded_figures"  # a change equal to the difference of rounded figures
DIFFERS = "differs"
ABSENT = "absent"  # stated non-zero; the tables list nothing under it


def agreement(stated, figure, precision):
    """How ``stated`` compares with ``figure`` (a TableFigure's amount), at ``precision``:
    the coarser of the statement's and the tables' precision (None: exactly)."""
    if figure is None:
        return EXACT if not stated else ABSENT
    if stated == figure:
        return EXACT
    if precision and round_to(stated, precision) == round_to(figure, precision):
        return ROUNDED
    return DIFFERS


def change_agreement(stated, prior, current, precision):
    """How a stated change compares with current − prior computed from two documents.

    A narrative may subtract its two rounded figures (18,976.76 − 15,621.11 万元 =
    3,355.65) where the exact change rounds otherwise (3,355.6428 → 3,355.64): that is
    ``ROUNDED_FIGURES``, the difference of the figures as both documents state them.
    """
    prior, current = prior or Decimal(0), current or Decimal(0)
    computed = current - prior
    if stated == computed:
        return EXACT
    if precision:
        if round_to(stated, precision) == round_to(computed, precision):
            return ROUNDED
        if round_to(current, precision) - round_to(prior, precision) == stated:
            return ROUNDED_FIGURES
    return DIFFERS


def coarser(*precisions):
    """The coarsest of the known precisions (None if none is known)."""
    known = [precision for precision in precisions if precision]
    return max(known) if known else None


#: A comparison base that is a budget: “上年预算”, “2024年预算”, “2024年预算数”; not
#: “2023年预算执行数” or a 决算.
BUDGET_BASE = re.compile(r"(?:上年|(\d{4})年)预算数?")


def budget_base_year(comparison, year):
    """The year whose budget a statement of a ``year`` document compares with, or None
    where the base is not a budget (执行数, 决算) or not named."""
    match = BUDGET_BASE.fullmatch(comparison.strip())
    if match is None:
        return None
    base = int(match.group(1)) if match.group(1) else year - 1
    return base if base < year else None


@dataclass(frozen=True)
class StatementCheck:
    """A narrative statement checked against its document's tables and, where it compares
    with a prior year's budget that is published, against that document."""

    figure: Decimal | None = None
    figure_agreement: str = ""  # "" where the statement cannot be checked
    #: The stated amount as the narrative prints it (“190.6万元”), where the quote has it.
    stated_text: str = ""
    base_year: int | None = None
    computed_change: Decimal | None = None
    change_agreement: str = ""

    @property
    def computed_direction(self):
        if self.computed_change is None:
            return ""
        if self.computed_change > 0:
            return "increase"
        return "decrease" if self.computed_change < 0 else "flat"

    @property
    def computed_size(self):
        return abs(self.computed_change) if self.computed_change is not None else None


def check_statement(statement, figure, precision, prior_figure=None, base_year=None):
    """Check one statement (anything with ``amount``, ``quote``, ``direction``,
    ``change_amount`` and ``signed_change``).

    ``figure``: the document's TableFigure for the statement's topic (None: not a table
    figure); ``precision``: the precision of the document's tables, in 元;
    ``prior_figure``: the same topic's TableFigure in the published budget of
    ``base_year`` that the statement compares with (None where there is none). Figures
    are compared at the precision the narrative printed them in, read from its quote.
    """
    figure_agreement = ""
    stated = as_stated(statement.quote, statement.amount)
    amount_precision = stated.precision if stated else None
    if figure is not None and statement.amount is not None:
        figure_agreement = agreement(
            statement.amount, figure.amount, coarser(amount_precision, precision)
        )
    computed_change = None
    change_result = ""
    stated_change = statement.signed_change if statement.direction else None
    if figure is not None and prior_figure is not None and stated_change is not None:
        stated_change_text = as_stated(statement.quote, statement.change_amount)
        change_precision = (
            amount_precision
            if not stated_change
            else (stated_change_text.precision if stated_change_text else None)
        )
        computed_change = (figure.amount or Decimal(0)) - (prior_figure.amount or Decimal(0))
        change_result = change_agreement(
            Decimal(stated_change),
            prior_figure.amount,
            figure.amount,
            coarser(change_precision, precision),
        )
    return StatementCheck(
        figure=figure.amount if figure is not None else None,
        figure_agreement=figure_agreement,
        stated_text=stated.text if stated else "",
        base_year=base_year if change_result else None,
        computed_change=computed_change,
        change_agreement=change_result,
    )


def carry_over_identity(
    table,
    row,
    *,
    revenue,
    opening,
    spending,
    closing,
    used=None,
    total_in=None,
    distribution=None,
    total_out=None,
    tolerance=Decimal(0),
):
    """A 决算's balance, as Disagreements: 本年收入 + 年初结转和结余 (+ 使用非财政拨款结余) =
    总计 = 本年支出 + 结余分配 + 年末结转和结余. Printed totals are checked where printed;
    a row with no figure at all is not checked."""
    figures = [revenue, opening, spending, closing, used, total_in, distribution, total_out]
    if all(figure is None for figure in figures):
        return []
    income = total_of([revenue, opening, used]) or Decimal(0)
    outgo = total_of([spending, distribution, closing]) or Decimal(0)
    problems = []
    if total_in is not None:
        problems.append(
            compare(table, row, "收入总计", total_in, "本年收入+年初结转和结余", income, tolerance)
        )
    if total_out is not None:
        problems.append(
            compare(
                table,
                row,
                "支出总计",
                total_out,
                "本年支出+结余分配+年末结转和结余",
                outgo,
                tolerance,
            )
        )
    problems.append(
        compare(
            table,
            row,
            "本年收入+年初结转和结余",
            income,
            "本年支出+结余分配+年末结转和结余",
            outgo,
            tolerance,
        )
    )
    return [problem for problem in problems if problem]
