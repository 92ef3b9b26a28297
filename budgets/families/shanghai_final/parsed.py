"""What the reader makes of a 部门决算: its printed tables and the facts they publish."""

from dataclasses import dataclass, field
from decimal import Decimal

from budgets.disclosures.models import FundingSource

UNIT = "万元"
ZERO = Decimal(0)
#: 财政拨款, as 表4 splits it.
FISCAL = (FundingSource.GENERAL_PUBLIC, FundingSource.GOVERNMENT_FUND, FundingSource.STATE_CAPITAL)
#: The tables of one fiscal source each, with its carry-overs by code (表8, 表9).
FUND_KINDS = {
    "final_government_fund": FundingSource.GOVERNMENT_FUND,
    "final_state_capital": FundingSource.STATE_CAPITAL,
}
#: The tables printing function codes (表2, 表3, 表5, 表8, 表9).
CODE_KINDS = (
    "final_revenue",
    "final_expenditure",
    "final_general_public",
    *FUND_KINDS,
)


@dataclass
class FinalTable:
    """One printed table: {(row key, column key): amount} and how to name its rows."""

    number: str
    kind: str
    title: str
    note: str = ""
    cells: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # row key → printed label
    codes: list = field(default_factory=list)  # code rows in printed order
    names: dict = field(default_factory=dict)  # code → printed name
    rows: list = field(default_factory=list)  # [(position, side, key, label)] for PrintedRow

    def get(self, row, column):
        return self.cells.get((row, column))

    def label(self, row):
        return self.labels.get(row, row)

    def items(self):
        """The 项 (7-digit codes) it prints, in printed order."""
        return [code for code in self.codes if len(code) == 7]


@dataclass
class ParsedFinal:
    sha256: str
    created_on: str | None
    cover: object
    regions: list
    tables: dict  # {number: FinalTable}
    narrative: object
    stage: str = "final_accounts"
    #: The profile (duties, assets) of the year is the budget's; a 决算 leaves it alone.
    writes_profile: bool = False
    amount_unit: str = UNIT
    amount_places: int = 2
    function_names: dict = field(default_factory=dict)
    economic_names: dict = field(default_factory=dict)
    revenue: list = field(default_factory=list)
    expenditure: list = field(default_factory=list)
    economic: list = field(default_factory=list)
    basic_splits: list = field(default_factory=list)
    carry_overs: list = field(default_factory=list)  # [(kind, source, code or None, amount)]
    printed_rows: list = field(default_factory=list)  # [(number, position, side, code, label)]
    restricted: dict | None = None
    restricted_periods: dict = field(default_factory=dict)
    statements: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    printed_subtotals: list = field(default_factory=list)

    @property
    def title(self):
        scope = "单位" if self.cover.scope == "unit" else "部门"
        return f"{self.cover.owner}{self.cover.year}年度{scope}决算"

    def table(self, kind):
        """The printed table of ``kind`` (``TableLayout.kind``)."""
        return next(table for table in self.tables.values() if table.kind == kind)
