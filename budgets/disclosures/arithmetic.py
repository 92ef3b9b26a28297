"""The budget arithmetic: sums of published facts by classification level, by funding
source and by expense type, and the checks that a document agrees with itself.

Pure functions over fact objects (anything with the attributes named below); no queries,
no HTTP. Every total the site shows, exports or checks is computed here. A sum over
nothing is ``None`` (shown blank), never zero: a document that prints no figure for a
cell has not said it is zero.
"""

from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import BASIC_TYPES, FISCAL_SOURCES, ExpenseType, FundingSource


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

    FIELD_OF = {
        ExpenseType.PERSONNEL: "personnel",
        ExpenseType.RUNNING: "running",
        ExpenseType.BASIC: "basic_unsplit",
        ExpenseType.PROJECT: "project",
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
        return add(self.basic, self.project)


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

    @property
    def total(self):
        return self.figure("total")

    @property
    def basic(self):
        return self.figure("basic")

    @property
    def project(self):
        return self.figure("project")

    @property
    def personnel(self):
        return self.figure("personnel")

    @property
    def running(self):
        return self.figure("running")


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


def check_document(revenue, function_lines, economic_lines, basic_splits=()):
    """The checks every document's facts must pass before it is published.

    - revenue is stored at one grain (by source, or by function × source), and its
      total equals expenditure (by the function view);
    - the economic view equals the function view for the same sources and expense
      types (only basic spending where the document's economic table covers only that);
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
    if economic_lines:
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


def amounts_total(amounts):
    """The sum of the amounts in a mapping or iterable (None where all are None)."""
    values = amounts.values() if isinstance(amounts, dict) else amounts
    return total_of(values)


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
