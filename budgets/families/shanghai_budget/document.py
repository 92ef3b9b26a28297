"""A Shanghai budget as read (``ParsedDocument``), and the small helpers every step of
reading and checking it uses to look at its tables."""

from dataclasses import dataclass, field

from budgets.disclosures.models import FundingSource
from budgets.disclosures.money import from_yuan, to_yuan
from budgets.importers.tables import REVENUE_ROW_KEYS

from .layout import FISCAL_TABLES, RESTRICTED, SUMMARY

#: The funding sources besides the three 财政拨款, as 收入预算总表 prints them in columns.
NON_FISCAL_KEYS = [source.value for source in FundingSource if source not in FISCAL_TABLES.values()]


@dataclass
class ParsedDocument:
    sha256: str
    created_on: str | None
    cover: object
    #: The document's region from the province down; the organisation sits in the last.
    regions: list
    tables: dict
    narrative: object
    function_names: dict = field(default_factory=dict)
    economic_names: dict = field(default_factory=dict)
    revenue: list = field(default_factory=list)
    expenditure: list = field(default_factory=list)
    economic: list = field(default_factory=list)
    basic_splits: list = field(default_factory=list)  # [(class code, personnel, running)]
    restricted: dict | None = None
    statements: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    #: {(table number, row name): function 类 code} of 表1 and 表4 (see ``match_classes``).
    class_codes: dict = field(default_factory=dict)
    #: [(table number, row key, column key, amount)]: subtotals printed off the sum of the
    #: facts beneath them (see ``find_printed_subtotals``).
    printed_subtotals: list = field(default_factory=list)
    #: [(table number, position, side, row key, label)]: the rows of 表1 and 表4 with
    #: their labels as printed (see ``collect_printed_rows``).
    printed_rows: list = field(default_factory=list)

    @property
    def amount_places(self):
        """The decimal places tables 1–8 print their figures with: 0 where every figure is
        printed in whole 元 (“94,995,790”), else 2."""
        places = set()
        for number, table in self.tables.items():
            if number != RESTRICTED:
                places |= table.places
        return 0 if places == {0} else 2

    @property
    def whole_yuan(self):
        """Whether tables 1–8 print every amount rounded to whole 元."""
        return self.amount_places == 0

    @property
    def amount_unit(self):
        return self.tables[SUMMARY].unit if SUMMARY in self.tables else "元"

    @property
    def title(self):
        scope = "单位" if self.cover.scope == "unit" else "部门"
        return f"{self.cover.owner}{self.cover.year}年{scope}预算"


def record(findings, *problems):
    """Add each of ``problems`` that is one (``compare`` and its kind give None for none)."""
    findings.extend(problem for problem in problems if problem)


def rows_of(table, length):
    """{code: row} of the rows of ``table`` whose code has ``length`` digits."""
    return {row.code: row for row in table.rows if len(row.code) == length}


def left_key(name):
    """The revenue row (“fiscal”, a funding source, “total”) a 收支总表 row name is."""
    return REVENUE_ROW_KEYS.get(name)


def left_amounts(table):
    """{revenue row key: 合计} of the revenue side of a 收支总表, rows it knows only."""
    return {
        left_key(row.name): row.amounts.get("total") for row in table.left if left_key(row.name)
    }


def wan_rounded(amount):
    """A 元 amount as the narrative would state it: 万元 to two places, back in 元."""
    return None if amount is None else to_yuan(from_yuan(amount, "万元"), "万元")
