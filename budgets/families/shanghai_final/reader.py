"""A 上海 部门决算 (final accounts) PDF read into the facts it publishes, and checked.

Nine tables in 万元 (see ``fixtures/templates.json``, template ``shanghai-final-accounts``)
and the 情况说明. Every printed cell is compared with the same cell built from the facts
(``tables``): a difference that rounding each printed figure to 0.01 万元
explains is a warning and the printed figure is kept (``PrintedSubtotal``); any other is
an error naming table, row and column. The 决算 identities (收入 + 年初结转和结余 = 支出 +
结余分配 + 年末结转和结余), the cross-table agreements and the narrative's figures are
checked as well.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.models import ExpenseType, FundingSource
from budgets.disclosures.money import from_yuan
from budgets.disclosures.tables import DocumentFacts, row_key
from budgets.importers.facts import Line
from budgets.importers.narrative import Cover, Narrative, flat, wan
from budgets.importers.pdf import ImportRefusedError, Page
from budgets.importers.places import SHANGHAI_DISTRICTS
from budgets.importers.registry import Identity, Reader, Region
from budgets.importers.tables import (
    NUMBER_RE,
    cell_text,
    find_tables,
    normalise,
    parse_amount,
    strip_ordinal,
)

from . import tables as builders

TEMPLATE_CODE = "shanghai-final-accounts"
UNIT = "万元"
ZERO = Decimal(0)
HUNDRED = Decimal(100)
FISCAL = (FundingSource.GENERAL_PUBLIC, FundingSource.GOVERNMENT_FUND, FundingSource.STATE_CAPITAL)
KINDS = {
    "1": "final_summary",
    "2": "final_revenue",
    "3": "final_expenditure",
    "4": "final_fiscal_summary",
    "5": "final_general_public",
    "6": "final_basic_economic",
    "7": "final_three_public",
    "8": "final_government_fund",
    "9": "final_state_capital",
}
FUND_TABLES = {"8": FundingSource.GOVERNMENT_FUND, "9": FundingSource.STATE_CAPITAL}

COVER_RE = re.compile(
    r"^(?P<owner>.+?)(?P<year>20\d{2})?年度?(?P<scope>部门|单位)决算(?P<year2>20\d{2})?$"
)

#: Revenue-side labels of the two 收支总表 → row keys.
LEFT_KEYS = {
    "一般公共预算财政拨款收入": FundingSource.GENERAL_PUBLIC,
    "政府性基金预算财政拨款收入": FundingSource.GOVERNMENT_FUND,
    "国有资本经营预算财政拨款收入": FundingSource.STATE_CAPITAL,
    "一般公共预算财政拨款": FundingSource.GENERAL_PUBLIC,
    "政府性基金预算财政拨款": FundingSource.GOVERNMENT_FUND,
    "国有资本经营预算财政拨款": FundingSource.STATE_CAPITAL,
    "上级补助收入": FundingSource.HIGHER_LEVEL_SUBSIDY,
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "附属单位上缴收入": FundingSource.AFFILIATED,
    "其他收入": FundingSource.OTHER,
    "本年收入合计": "revenue_total",
    "使用非财政拨款结余": "non_fiscal_used",
    "使用非财政拨款结余(含专用结余)": "non_fiscal_used",
    "年初结转和结余": "opening",
    "年初财政拨款结转和结余": "opening",
    "总计": "total_in",
}
RIGHT_KEYS = {
    "本年支出合计": "spending_total",
    "结余分配": "distribution",
    "年末结转和结余": "closing",
    "年末财政拨款结转和结余": "closing",
    "总计": "total_out",
}
#: Column labels (normalised) of the code tables → column keys.
COLUMN_KEYS = {
    "本年收入合计": "total",
    "财政拨款收入": "fiscal",
    "上级补助收入": FundingSource.HIGHER_LEVEL_SUBSIDY,
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "附属单位上缴收入": FundingSource.AFFILIATED,
    "其他收入": FundingSource.OTHER,
    "本年支出合计": "total",
    "合计": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "to_higher",
    "经营支出": "business_spending",
    "对附属单位补助支出": "to_units",
}
FUND_COLUMNS = ["opening", "revenue", "total", "basic", "project", "closing"]
THREE_PUBLIC_COLUMNS = [
    f"{period}:{part}"
    for part, _label in builders.THREE_PUBLIC_PARTS
    for period in ("budget", "final")
]


@dataclass
class FinalTable:
    """One printed table: {(row key, column key): amount} and how to name its rows."""

    number: str
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


@dataclass
class ParsedFinal:
    sha256: str
    created_on: str | None
    cover: object
    regions: list
    tables: dict
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


# ---------------------------------------------------------------------------
# Pages: numbers some PDFs print in a font of their own land on a line of their own.

LOOSE_TOKEN = re.compile(r"^(?:-?[\d.,]+%?|[“”])$")
LEADING = tuple("、，。；：）%”")


UNIT_START = ("万", "%", "个", "辆", "台", "分", "年")


def merge_line(text, tokens):
    """``text`` with its gaps (single spaces) filled by ``tokens`` in order: every gap when
    the counts agree, else the gaps a unit follows (“ 万元”), with a token before a line
    that starts with a unit or punctuation and one after a line that ends without one."""
    parts = text.split(" ")
    gaps = list(range(1, len(parts)))
    lead = [0] if tokens[0] == "“" or text.startswith(LEADING + UNIT_START) else []
    if len(tokens) == len(gaps):
        places = gaps
    elif len(tokens) == len(gaps) + 1:
        places = lead + gaps if lead else gaps + [len(parts)]
    else:
        places = lead + [i for i in gaps if parts[i].startswith(UNIT_START)]
        if len(tokens) == len(places) + 1:
            places.append(len(parts))
        elif len(tokens) != len(places):
            return " ".join([text, *tokens])
    filled = dict(zip(places, tokens, strict=True))
    pieces = []
    for index, part in enumerate(parts):
        pieces += [filled.get(index, ""), part]
    pieces.append(filled.get(len(parts), ""))
    return "".join(pieces)


def merged_lines(lines):
    merged = []
    for line in lines:
        tokens = line.split()
        loose = tokens and all(LOOSE_TOKEN.match(token) for token in tokens)
        if loose and merged and re.search(r"[\u4e00-\u9fff]", merged[-1]):
            merged[-1] = merge_line(merged[-1], tokens)
        else:
            merged.append(line)
    return merged


def merged_pages(pages):
    return [
        Page(
            number=page.number,
            lines=merged_lines(page.lines),
            tables=page.tables,
            height=page.height,
            table_row_extents=page.table_row_extents,
            table_cell_extents=page.table_cell_extents,
        )
        for page in pages
    ]


# ---------------------------------------------------------------------------
# Cover and identity.


def read_final_cover(pages):
    """Organisation, year and scope from a 决算 cover (“上海市普陀区财政局 2024 年度部门决算”)."""
    for page in pages[:1]:
        text = "".join(line.replace(" ", "").replace("\u3000", "") for line in page.lines)
        match = COVER_RE.match(text)
        if match and (match.group("year") or match.group("year2")):
            break
    else:
        raise ImportRefusedError(_("封面上找不到“××年度部门决算”，该文件不是上海市部门决算。"))
    owner = match.group("owner")
    districts = [name for name in SHANGHAI_DISTRICTS if f"上海市{name}" in owner]
    if not owner.startswith(("上海市", "中共上海市")) and not districts:
        raise ImportRefusedError(_("封面上的单位不是上海市的单位，该文件不是上海市部门决算。"))
    return Cover(
        city="上海市",
        district=districts[0] if districts else "",
        year=int(match.group("year") or match.group("year2")),
        scope="unit" if match.group("scope") == "单位" else "department",
        owner=owner,
        title=match.group(0),
    )


def identify(content):
    try:
        cover = read_final_cover(content.pages)
    except ImportRefusedError:
        return None
    return Identity(
        template=TEMPLATE_CODE,
        organisation=cover.owner,
        year=cover.year,
        stage="final_accounts",
        scope=cover.scope,
    )


def regions_of(cover):
    regions = [Region("310000", "上海市", "province")]
    if cover.district:
        regions.append(Region(SHANGHAI_DISTRICTS[cover.district], cover.district, "district"))
    return regions


# ---------------------------------------------------------------------------
# Tables.


def grid_rows(table):
    """The rows of every grid of a found table, cells as text (None for a merged cell)."""
    rows = []
    for page in table.pages:
        for grid in table.grids.get(page.number, []):
            rows += [[None if cell is None else cell_text(cell) for cell in row] for row in grid]
    return rows


def where(table, row):
    return f"《{table.title}》{row}"


def amount(text, table, row):
    return parse_amount(text or "", UNIT, where(table, row))


def is_number(text):
    return bool(text) and bool(NUMBER_RE.match(text))


def read_two_sided(found, number):
    """表1/表4: labels and amounts on two sides, by printed position."""
    table = FinalTable(number=number, title=found.title, note=found.note)
    rows = grid_rows(found)
    start = next((i for i, row in enumerate(rows) if (row[0] or "").startswith("一、")), None)
    if start is None:
        raise ImportRefusedError(_("%(table)s：找不到表体。") % {"table": where(found, "")})
    width = len(rows[start])
    columns = ["amount"] if number == "1" else builders.COLUMN_KEYS["final_fiscal_summary"][1]
    opening_seen = False
    for position, row in enumerate(rows[start:]):
        row = [cell or "" for cell in row] + [""] * (width - len(row))
        left_label, left_amount, right_label = row[0], row[1], row[2]
        if left_label:
            name = normalise(strip_ordinal(left_label))
            key = LEFT_KEYS.get(name)
            if key is None:
                raise ImportRefusedError(
                    _("%(where)s：无法识别的收入项目。") % {"where": where(found, left_label)}
                )
            key = str(key)
            if key == "opening":
                opening_seen = True
            elif opening_seen and key in builders.SOURCE_SHORT:
                key = f"opening:{builders.SOURCE_SHORT[key]}"
            if (key, "amount") in table.cells:
                raise ImportRefusedError(
                    _("%(where)s：收入项目重复出现。") % {"where": where(found, left_label)}
                )
            table.cells[(key, "amount")] = amount(left_amount, found, left_label)
            table.labels[key] = left_label
            table.rows.append((position, 0, key, left_label))
        if right_label:
            name = normalise(strip_ordinal(right_label))
            key = RIGHT_KEYS.get(name) or f"class:{name}"
            for column, text in zip(columns, row[3 : 3 + len(columns)], strict=True):
                table.cells[(key, column)] = amount(text, found, right_label)
            table.labels[key] = right_label
            table.rows.append((position, 1, key, right_label))
    return table


def header_label(rows, index):
    return normalise("".join(row[index] or "" for row in rows if index < len(row)))


def read_code_table(found, number):
    """表2/3/5/8/9: code rows (code whole or split into 类/款/项) and a 合计 row."""
    table = FinalTable(number=number, title=found.title, note=found.note)
    rows = grid_rows(found)
    if not rows:
        return table
    width = max(len(row) for row in rows)
    head = []
    for row in rows:
        texts = [cell or "" for cell in row]
        if any(is_number(text) for text in texts) or re.match(r"^\d{3,7}$", texts[0]):
            break
        if texts[0] == "合计" and number not in FUND_TABLES:
            break
        head.append(row)
        if number in FUND_TABLES and texts[0] == "合计":
            break
    labels = [header_label(head, index) for index in range(width)]
    name_at = next(
        (i for i, label in enumerate(labels) if label.endswith("科目名称") and i > 0), None
    )
    if name_at is None:
        raise ImportRefusedError(_("%(table)s：找不到“科目名称”列。") % {"table": where(found, "")})
    if number in FUND_TABLES:
        columns = FUND_COLUMNS
    else:
        columns = []
        for label in labels[name_at + 1 :]:
            key = next((k for text, k in COLUMN_KEYS.items() if label.endswith(text)), None)
            if key is None:
                raise ImportRefusedError(
                    _("%(table)s：无法识别的表头“%(label)s”。")
                    % {"table": where(found, ""), "label": label}
                )
            columns.append(str(key))
    if len(columns) != width - name_at - 1:
        raise ImportRefusedError(_("%(table)s：表头列数不对。") % {"table": where(found, "")})
    for row in rows[len(head) :]:
        texts = [cell or "" for cell in row] + [""] * (width - len(row))
        code_cells, name = texts[:name_at], texts[name_at]
        values = texts[name_at + 1 :]
        if "合计" in code_cells or name == "合计":
            key, label = builders.TOTAL_ROW, "合计"
        else:
            parts = [cell for cell in code_cells if cell not in ("类", "款", "项")]
            code = "".join(parts)
            if not code and not any(values):
                continue
            if not code.isdigit() or len(code) not in (3, 5, 7):
                raise ImportRefusedError(
                    _("%(where)s：无法识别的科目编码“%(code)s”。")
                    % {"where": where(found, name), "code": code}
                )
            key, label = code, f"{code} {name}"
            table.codes.append(code)
            table.names[code] = name
        table.labels[key] = label
        for column, text in zip(columns, values, strict=True):
            if number in FUND_TABLES and text and not is_number(text):
                text = ""  # the 合计 row doubles as the header of 本年支出
            table.cells[(key, column)] = amount(text, found, label)
    return table


def read_economic(found, number):
    """表6: two sides of economic codes (whole or split 类/款), name and 决算数."""
    table = FinalTable(number=number, title=found.title, note=found.note)
    rows = grid_rows(found)
    start = next((i for i, row in enumerate(rows) if re.match(r"^\d{3}$", row[0] or "")), None)
    if start is None:
        return table
    width = max(len(row) for row in rows)
    half = width // 2
    position = 0
    for row in rows[start:]:
        texts = [cell or "" for cell in row] + [""] * (width - len(row))
        if not any(texts):
            continue
        for side in (0, 1):
            cells = texts[side * half : (side + 1) * half]
            code = "".join(cells[: half - 2])
            name, printed = cells[half - 2], cells[half - 1]
            if cells[0] in ("人员经费合计", "公用经费合计"):
                key = "personnel_total" if cells[0] == "人员经费合计" else "running_total"
                table.cells[(key, "amount")] = amount(printed, found, cells[0])
                table.labels[key] = cells[0]
                table.rows.append((position, side, key, cells[0]))
                continue
            if not code and not name:
                continue
            if not code.isdigit() or len(code) not in (3, 5):
                raise ImportRefusedError(
                    _("%(where)s：无法识别的经济分类科目编码“%(code)s”。")
                    % {"where": where(found, name), "code": code}
                )
            table.cells[(code, "amount")] = amount(printed, found, f"{code} {name}")
            table.labels[code] = f"{code} {name}"
            table.codes.append((side, code))
            table.names[code] = name
            table.rows.append((position, side, code, name))
        position += 1
    return table


def read_three_public(found, number):
    """表7: one row of 预算数/决算数 for 合计, 出国, 车辆 小计/购置/运行, 接待."""
    table = FinalTable(number=number, title=found.title, note=found.note)
    rows = grid_rows(found)
    marker = next((i for i, row in enumerate(rows) if (row[0] or "") == "预算数"), None)
    if marker is None or len(rows[marker]) != 12:
        raise ImportRefusedError(
            _("%(table)s：找不到“预算数/决算数”表头。") % {"table": where(found, "")}
        )
    head = " ".join(cell or "" for row in rows[:marker] for cell in row)
    for word in ("合计", "因公出国", "小计", "购置费", "运行", "公务接待费"):
        if word not in head:
            raise ImportRefusedError(
                _("%(table)s：表头缺少“%(word)s”。") % {"table": where(found, ""), "word": word}
            )
    body = [row for row in rows[marker + 1 :] if any(row)]
    if len(body) > 1:
        raise ImportRefusedError(_("%(table)s：本表应只有一行数字。") % {"table": where(found, "")})
    values = [cell or "" for cell in body[0]] if body else [""] * 12
    for column, text in zip(THREE_PUBLIC_COLUMNS, values, strict=True):
        table.cells[("", column)] = amount(text, found, "")
    table.labels[""] = ""
    return table


READERS = {
    "1": read_two_sided,
    "4": read_two_sided,
    "6": read_economic,
    "7": read_three_public,
}


# ---------------------------------------------------------------------------
# Reading a document.


def read_contents(contents, template):
    if len(contents) != 1:
        raise ImportRefusedError(_("上海市部门决算应为一个PDF文件。"))
    content = contents[0]
    pages = merged_pages(content.pages)
    cover = read_final_cover(pages)
    template_tables = list(template.tables.values_list("number", "title"))
    found = find_tables(pages, template_tables, read=lambda table: None)
    missing = [title for number, title in template_tables if number not in found]
    if missing:
        raise ImportRefusedError(
            _("文件中找不到以下决算表：%(titles)s。") % {"titles": "、".join(missing)}
        )
    tables = {
        number: READERS.get(number, read_code_table)(found[number], number)
        for number, _title in template_tables
    }
    for number, table in tables.items():
        table.note = (
            " ".join(
                line
                for page in found[number].pages
                for line in page.lines
                if line.startswith("说明：")
            )
            or table.note
        )
    table_pages = {page.number for table in found.values() for page in table.pages}
    narrative_pages = [page for page in pages[1:] if page.number not in table_pages]
    document = ParsedFinal(
        sha256=content.sha256,
        created_on=content.created_on,
        cover=cover,
        regions=regions_of(cover),
        tables=tables,
        narrative=Narrative(),
    )
    derive_facts(document)
    check_identities(document)
    check_cells(document, template)
    check_cross(document)
    read_and_check_narrative(document, narrative_pages)
    document.warnings.extend(
        Disagreement(problem.table, problem.row, "提示：" + problem.message)
        for problem in document.errors
        if problem.rounding
    )
    document.errors = [problem for problem in document.errors if not problem.rounding]
    return document


def class_codes(document):
    """{normalised 类 name: code} from the code tables."""
    names = {}
    for number in ("2", "3", "5", "8", "9"):
        for code, name in document.tables[number].names.items():
            if len(code) == 3:
                names.setdefault(normalise(name), code)
    return names


def derive_facts(document):
    tables = document.tables
    errors = document.errors
    for number in ("2", "3", "5", "8", "9"):
        for code, name in tables[number].names.items():
            document.function_names.setdefault(code, name)
    for _side, code in tables["6"].codes:
        document.economic_names.setdefault(code, tables["6"].names[code])
    items = {number: [c for c in tables[number].codes if len(c) == 7] for number in tables}
    # Spending by 项 × fiscal source × 基本/项目: 表5 (一般公共预算), 表8/9.
    sources = {"5": FundingSource.GENERAL_PUBLIC, **FUND_TABLES}
    for number, source in sources.items():
        for code in items[number]:
            for column, expense_type in (
                ("basic", ExpenseType.BASIC),
                ("project", ExpenseType.PROJECT),
            ):
                value = tables[number].get(code, column)
                if value is not None:
                    document.expenditure.append(Line(source, value, expense_type, code, code))
    # 表3 beyond the fiscal tables is spending of other money, whose source the tables
    # do not say: refused rather than invented.
    for code in items["3"]:
        for column, expense_type in (
            ("basic", ExpenseType.BASIC),
            ("project", ExpenseType.PROJECT),
        ):
            fiscal = arithmetic.total_of(
                line.amount
                for line in document.expenditure
                if line.code == code and line.expense_type == expense_type
            )
            rest = (tables["3"].get(code, column) or ZERO) - (fiscal or ZERO)
            if rest > 0:
                errors.append(
                    Disagreement(
                        tables["3"].title,
                        tables["3"].label(code),
                        f"{'基本支出' if column == 'basic' else '项目支出'}"
                        f"比财政拨款多 {wan_text(rest)} 万元，表中没有其资金来源",
                    )
                )
        for column in ("to_higher", "business_spending", "to_units"):
            if tables["3"].get(code, column):
                errors.append(
                    Disagreement(
                        tables["3"].title,
                        tables["3"].label(code),
                        "本模板不支持上缴上级支出、经营支出、对附属单位补助支出",
                    )
                )
    # Revenue by 项 × source: 财政拨款收入 split by 表8/9's 本年收入, the rest 一般公共预算.
    for code in items["2"]:
        fiscal = tables["2"].get(code, "fiscal")
        funds = {
            source: tables[number].get(code, "revenue")
            for number, source in FUND_TABLES.items()
            if tables[number].get(code, "revenue")
        }
        if fiscal is not None:
            general = fiscal - sum(funds.values(), ZERO)
            if general < 0:
                errors.append(
                    Disagreement(
                        tables["2"].title,
                        tables["2"].label(code),
                        "财政拨款收入小于政府性基金和国有资本经营预算收入之和",
                    )
                )
            elif general or not funds:
                document.revenue.append(Line(FundingSource.GENERAL_PUBLIC, general, "", code, code))
            for source, value in funds.items():
                document.revenue.append(Line(source, value, "", code, code))
        for key in (
            FundingSource.HIGHER_LEVEL_SUBSIDY,
            FundingSource.OPERATING,
            FundingSource.BUSINESS,
            FundingSource.AFFILIATED,
            FundingSource.OTHER,
        ):
            value = tables["2"].get(code, str(key))
            if value is not None:
                document.revenue.append(Line(key, value, "", code, code))
    # Basic spending by economic 款 (表6): 人员经费 on the left side, 公用经费 on the right.
    for side, code in tables["6"].codes:
        value = tables["6"].get(code, "amount")
        if len(code) == 5 and value is not None:
            expense_type = ExpenseType.PERSONNEL if side == 0 else ExpenseType.RUNNING
            document.economic.append(
                Line(FundingSource.GENERAL_PUBLIC, value, expense_type, code=code)
            )
    # Carry-overs: 表1 all funds, 表4 by fiscal source, 表8/9 by code.
    one, four = tables["1"], tables["4"]
    for kind in ("opening", "non_fiscal_used"):
        if one.get(kind, "amount") is not None:
            document.carry_overs.append((kind, "", None, one.get(kind, "amount")))
    for kind in ("distribution", "closing"):
        if one.get(kind, "amount") is not None:
            document.carry_overs.append((kind, "", None, one.get(kind, "amount")))
    for source, short in builders.SOURCE_SHORT.items():
        value = four.get(f"opening:{short}", "amount")
        if value is not None:
            document.carry_overs.append(("opening", source, None, value))
        value = four.get("closing", str(source))
        if value is not None:
            document.carry_overs.append(("closing", source, None, value))
    for number, source in FUND_TABLES.items():
        for code in items[number]:
            for kind in ("opening", "closing"):
                value = tables[number].get(code, kind)
                if value is not None:
                    document.carry_overs.append((kind, source, code, value))
    # Rows the document prints whatever their figures.
    by_name = class_codes(document)
    for number in ("1", "4", "6"):
        for position, side, key, label in tables[number].rows:
            if key.startswith("class:"):
                code = by_name.get(key[len("class:") :], "")
                values = [
                    v for (k, _c), v in tables[number].cells.items() if k == key and v is not None
                ]
                if not code and values:
                    errors.append(
                        Disagreement(tables[number].title, label, "其他表中没有该功能分类“类”")
                    )
                if not code:
                    code = key[len("class:") :][:10]
                    code = ""
                if code:
                    rekey(tables[number], key, code)
                key = code or ""
            if key:
                document.printed_rows.append((number, position, side, key, label))
            else:
                document.printed_rows.append((number, position, side, f"-{position}", label))
    # 三公 (表7): 预算数 and 决算数.
    seven = tables["7"]
    for period in ("budget", "final"):
        values = {
            part: seven.get("", f"{period}:{part}")
            for part in ("outbound_travel", "reception", "vehicle_purchase", "vehicle_operation")
        }
        if any(value is not None for value in values.values()):
            document.restricted_periods[period] = values


def rekey(table, old, new):
    for row, column in list(table.cells):
        if row == old:
            table.cells[(new, column)] = table.cells.pop((row, column))
    table.labels[new] = table.labels.pop(old)


def wan_text(amount):
    return f"{from_yuan(amount or ZERO, UNIT):,.2f}"


def differ(title, row, label_a, a, label_b, b, addends=1):
    """A Disagreement (in 万元) if ``a`` and ``b`` differ; one that rounding ``addends``
    printed figures to 0.01 万元 explains is marked as rounding."""
    difference = (a or ZERO) - (b or ZERO)
    if not difference:
        return None
    rounding = abs(difference) <= arithmetic.rounding_tolerance(addends) * HUNDRED
    suffix = "（万元两位小数舍入差异）" if rounding else ""
    message = f"{label_a} {wan_text(a)} 万元 ≠ {label_b} {wan_text(b)} 万元{suffix}"
    return Disagreement(title, row, message, rounding)


def check_identities(document):
    """收入 + 年初结转和结余 (+ 使用非财政拨款结余) = 总计 = 支出 + 结余分配 + 年末结转和结余."""
    for number in ("1", "4"):
        table = document.tables[number]
        column = "amount" if number == "1" else "total"
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
    four = document.tables["4"]
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
    for number in FUND_TABLES:
        table = document.tables[number]
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
    def fact(line, **codes):
        return SimpleNamespace(
            source=line.source, amount=line.amount, expense_type=line.expense_type, **codes
        )

    def function_fact(line):
        return fact(line, function=SimpleNamespace(code=line.code), function_id=line.code)

    kinds = {number: kind for number, kind in KINDS.items()}
    template_tables = [SimpleNamespace(id=number, kind=kind) for number, kind in kinds.items()]
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
    restricted = {
        period: SimpleNamespace(**values) for period, values in document.restricted_periods.items()
    }
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
        restricted=restricted,
        procurement_items=[],
        target_sets=[],
        notes={},
        template_tables=template_tables,
        names={
            "function": document.function_names,
            "dept_economic": document.economic_names,
            "gov_economic": {},
        },
    )
    facts.carry_overs = [
        SimpleNamespace(
            kind=kind,
            source=source,
            function_id=code,
            function=SimpleNamespace(code=code) if code else None,
            amount=value,
        )
        for kind, source, code, value in document.carry_overs
    ]
    facts.printed_rows = rows
    return facts


def leaves_under(document, key, number=""):
    """How many printed 项 (or economic 款) figures a cell of row ``key`` adds up (for its
    rounding bound)."""
    if number == "6":
        codes = {code for _side, code in document.tables["6"].codes}
        prefix = key if key.isdigit() else ""
        count = sum(1 for code in codes if len(code) == 5 and code.startswith(prefix))
        return max(count, 1)
    codes = set(document.tables["3"].codes) | set(document.tables["2"].codes)
    prefix = "" if not key.isdigit() else key
    count = sum(1 for code in codes if len(code) == 7 and code.startswith(prefix))
    return max(count, 1) * 2


def check_cells(document, template):
    """Every printed cell against the same cell built from the facts."""
    facts = facts_for_builders(document)
    numbers = {table.kind: table.number for table in template.tables.all()}
    for kind, number in numbers.items():
        if kind not in builders.BUILDERS:
            continue
        built = builders.BUILDERS[kind](facts)
        printed = document.tables[number]
        for row in built.rows:
            keys = getattr(row, "keys", None)
            if keys is None:
                key = row_key(built, row)
                keys = [(key, column.key) if column.key else None for column in built.columns]
            for cell, key in zip(row.cells, keys, strict=True):
                if key is None or key[0].startswith("-"):
                    continue
                figure = printed.get(*key)
                if figure is None and cell in (None, ZERO):
                    continue
                if figure is None:
                    problem = Disagreement(
                        printed.title,
                        printed.label(key[0]),
                        f"{column_name(key[1])}印为空白，但各项之和为 {wan_text(cell)} 万元",
                    )
                else:
                    if figure == cell:
                        continue
                    problem = differ(
                        printed.title,
                        printed.label(key[0]),
                        f"{column_name(key[1])}印出",
                        figure,
                        "按各项计算",
                        cell,
                        leaves_under(document, key[0], number),
                    )
                    document.printed_subtotals.append((number, key[0], key[1], figure))
                if problem:
                    document.errors.append(problem)


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
    tables = document.tables
    problem = differ(
        tables["6"].title,
        "人员经费合计+公用经费合计",
        "表6",
        arithmetic.total_of(
            [
                tables["6"].get("personnel_total", "amount"),
                tables["6"].get("running_total", "amount"),
            ]
        ),
        tables["5"].title + "基本支出",
        tables["5"].get(builders.TOTAL_ROW, "basic"),
        leaves_under(document, "", "6"),
    )
    if problem:
        document.errors.append(problem)
    seven = tables["7"]
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


# ---------------------------------------------------------------------------
# The 情况说明.

A = r"(-?\d[\d,]*(?:\.\d+)?)万元"
P = r"(\d[\d,]*(?:\.\d+)?)%"


def number(text):
    return Decimal(text.replace(",", ""))


def percent_of(part, whole):
    if not whole:
        return None
    return (HUNDRED * (part or ZERO) / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def read_and_check_narrative(document, pages):
    lines = [line for page in pages for line in page.lines]
    text = flat("".join(lines)).replace('"', "")
    glossary_at = text.rfind("第四部分名词解释")
    document.narrative.glossary = (
        text[glossary_at + len("第四部分名词解释") :] if glossary_at >= 0 else ""
    )
    body = text[text.rfind("第三部分") : glossary_at if glossary_at >= 0 else None]
    tables = document.tables
    one, three, four, five, six, seven = (tables[n] for n in ("1", "3", "4", "5", "6", "7"))
    total = builders.TOTAL_ROW

    def state(topic, subject, stated, printed, table_title, addends=1, **extra):
        fields = {
            "topic": topic,
            "subject": subject,
            "amount": stated,
            "count": None,
            "comparison": "",
            "comparison_amount": None,
            "direction": "",
            "change_amount": None,
            "change_percent": None,
            "completion_percent": None,
            "reason": "",
            "quote": "",
        }
        fields.update(extra)
        document.statements.append(fields)
        if printed is not ...:
            problem = differ("情况说明", subject, "说明", stated, table_title, printed, addends)
            if problem:
                document.errors.append(problem)
        return fields

    def check_share(subject, share, part, whole):
        computed = percent_of(part, whole)
        if computed is not None and abs(computed - share) > Decimal("0.01"):
            document.errors.append(
                Disagreement("情况说明", subject, f"所述占比 {share}% ≠ 按表计算 {computed}%")
            )

    def change(fields, direction, change_text, percent_text, year):
        signed = number(change_text) * (-1 if direction == "减少" else 1)
        fields.update(
            comparison=f"{year}年度决算",
            direction="decrease" if direction == "减少" else "increase",
            change_amount=wan(change_text),
            change_percent=number(percent_text) if percent_text else None,
        )
        if percent_text:
            current = from_yuan(fields["amount"], UNIT)
            prior = current - signed
            computed = Decimal(100) if prior == 0 else percent_of(abs(signed), prior)
            if computed is not None and abs(computed - number(percent_text)) > Decimal("0.01"):
                document.errors.append(
                    Disagreement(
                        "情况说明",
                        fields["subject"],
                        f"所述变化幅度 {percent_text}% ≠ 按所述金额计算 {computed}%",
                    )
                )

    change_re = (
        r"。?与(\d{4})年度相比，{subject}(?:(增加|减少)" + A + r"，(?:增长|下降)" + P + r"|持平)"
    )
    for subject, pattern, printed, title in (
        ("收入支出总计", r"年度收入支出总计" + A, one.get("total_in", "amount"), one.title),
        (
            "财政拨款收入支出总计",
            r"年度财政拨款收入支出总计" + A,
            four.get("total_in", "amount"),
            four.title,
        ),
    ):
        match = re.search(pattern + change_re.replace("{subject}", subject), body) or re.search(
            pattern, body
        )
        if match:
            fields = state(
                "total", subject, wan(match.group(1)), printed, title, quote=match.group(0)
            )
            if match.lastindex and match.lastindex >= 3 and match.group(3):
                change(fields, match.group(3), match.group(4), match.group(5), match.group(2))
            elif match.lastindex and match.lastindex >= 2:
                fields.update(comparison=f"{match.group(2)}年度决算", direction="flat")
    match = re.search(r"本年收入合计" + A + r"，其中：(.+?)(?:三、|$)", body)
    if match:
        whole = one.get("revenue_total", "amount")
        state(
            "revenue", "本年收入合计", wan(match.group(1)), whole, one.title, quote=match.group(0)
        )
        for name, value, share in re.findall(
            r"(财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入)"
            + A
            + r"，占"
            + P,
            match.group(2),
        ):
            if name == "财政拨款收入":
                printed = arithmetic.total_of(one.get(str(source), "amount") for source in FISCAL)
            else:
                printed = one.get(str(LEFT_KEYS[name]), "amount")
            state("revenue", name, wan(value), printed, one.title)
            check_share(name, number(share), printed, whole)
    match = re.search(
        r"本年支出合计"
        + A
        + r"，其中：基本支出"
        + A
        + r"，占"
        + P
        + r"；项目支出"
        + A
        + r"，占"
        + P,
        body,
    )
    if match:
        whole = three.get(total, "total")
        state(
            "expenditure",
            "本年支出合计",
            wan(match.group(1)),
            whole,
            three.title,
            quote=match.group(0),
        )
        state(
            "expenditure", "基本支出", wan(match.group(2)), three.get(total, "basic"), three.title
        )
        state(
            "expenditure", "项目支出", wan(match.group(4)), three.get(total, "project"), three.title
        )
        check_share("基本支出", number(match.group(3)), three.get(total, "basic"), whole)
        check_share("项目支出", number(match.group(5)), three.get(total, "project"), whole)
    match = re.search(
        r"一般公共预算财政拨款支出"
        + A
        + r"，占本年支出合计的"
        + P
        + change_re.replace("{subject}", "一般公共预算财政拨款支出"),
        body,
    )
    if match:
        fields = state(
            "expenditure",
            "一般公共预算财政拨款支出",
            wan(match.group(1)),
            five.get(total, "total"),
            five.title,
            quote=match.group(0),
        )
        check_share(
            "一般公共预算财政拨款支出",
            number(match.group(2)),
            five.get(total, "total"),
            one.get("spending_total", "amount"),
        )
        if match.group(4):
            change(fields, match.group(4), match.group(5), match.group(6), match.group(3))
    structure = re.search(r"主要用于以下方面：(.+?)（三）", body)
    if structure:
        by_name = class_codes(document)
        for name, value, share in re.findall(
            r"([^：；，。]+?)（类）" + A + r"，占" + P, structure.group(1)
        ):
            code = by_name.get(normalise(name))
            printed = five.get(code, "total") if code else None
            state(
                f"function:{code or name}",
                f"{name}（类）",
                wan(value),
                printed,
                five.title,
                leaves_under(document, code or "x"),
            )
            check_share(f"{name}（类）", number(share), printed, five.get(total, "total"))
    match = re.search(
        r"一般公共预算财政拨款支出年初预算为"
        + A
        + r"(?:，全年预算为"
        + A
        + r")?，支出决算为"
        + A
        + r"，完成(年初|全年)?预算的"
        + P,
        body,
    )
    if match:
        fields = state(
            "expenditure",
            "一般公共预算财政拨款支出决算",
            wan(match.group(3)),
            five.get(total, "total"),
            five.title,
            quote=match.group(0),
        )
        completion(document, fields, match.group(1), match.group(2), match.group(4), match.group(5))
    read_items(document, body)
    match = re.search(
        r"一般公共预算财政拨款基本支出" + A + r"。其中：人员经费" + A + r".*?公用经费" + A, body
    )
    if match:
        state(
            "expenditure",
            "一般公共预算财政拨款基本支出",
            wan(match.group(1)),
            five.get(total, "basic"),
            five.title,
            quote=match.group(0),
        )
        state(
            "expenditure",
            "人员经费",
            wan(match.group(2)),
            six.get("personnel_total", "amount"),
            six.title,
        )
        state(
            "expenditure",
            "公用经费",
            wan(match.group(3)),
            six.get("running_total", "amount"),
            six.title,
        )
    match = re.search(
        r"“三公”经费财政拨款支出年初预算为" + A + r"，支出决算为" + A + r"，完成预算的" + P, body
    )
    if match:
        fields = state(
            "three_public",
            "“三公”经费",
            wan(match.group(2)),
            seven.get("", "final:total"),
            seven.title,
            quote=match.group(0),
        )
        problem = differ(
            "情况说明",
            "“三公”经费年初预算",
            "说明",
            wan(match.group(1)),
            seven.title,
            seven.get("", "budget:total"),
        )
        if problem:
            document.errors.append(problem)
        completion(document, fields, match.group(1), None, "年初", match.group(3))
        for subject, part in (
            ("因公出国（境）费", "outbound_travel"),
            ("公务用车购置及运行维护费", "vehicle_total"),
            ("公务接待费", "reception"),
        ):
            part_match = re.search(
                re.escape(subject) + r"(?:支出)?决算为" + A + r"，完成预算的" + P, body
            )
            if part_match:
                budget = seven.get("", f"budget:{part}")
                fields = state(
                    "three_public",
                    subject,
                    wan(part_match.group(1)),
                    seven.get("", f"final:{part}"),
                    seven.title,
                    quote=part_match.group(0),
                )
                completion(
                    document,
                    fields,
                    None if budget is None else str(from_yuan(budget, UNIT)),
                    None,
                    "年初",
                    part_match.group(2),
                    budget_known=budget is not None,
                )
    elif re.search(r"无“三公”经费财政拨款支出", body) and seven.get("", "final:total"):
        document.errors.append(
            Disagreement(
                "情况说明", "“三公”经费", f"说明称无“三公”经费支出，{seven.title}印有决算数"
            )
        )
    match = re.search(
        r"机关运行经费支出"
        + A
        + r"，比(\d{4})年度(增加|减少)"
        + A
        + r"，(?:增长|下降)"
        + P
        + r"。?(?:主要原因是)?([^。]*)",
        body,
    )
    if match:
        fields = state(
            "administrative_running",
            "机关运行经费",
            wan(match.group(1)),
            ...,
            "",
            quote=match.group(0),
            reason=match.group(6),
        )
        change(fields, match.group(3), match.group(4), match.group(5), match.group(2))
    match = re.search(r"编报绩效目标的(\d{4})年度项目(\d+)个，涉及预算金额" + A, body)
    if match:
        state(
            "performance_coverage",
            "编报绩效目标的项目",
            wan(match.group(3)),
            ...,
            "",
            count=int(match.group(2)),
            quote=match.group(0),
        )
    read_procurement(document, body)


def completion(document, fields, initial, full, named, percent, budget_known=True):
    """A stated completion rate against the budget it names (年初 or 全年)."""
    stated = number(percent)
    fields["completion_percent"] = stated
    bases = {
        "年初": wan(initial) if initial is not None else None,
        "全年": wan(full) if full else None,
    }
    named = named or "年初"
    fields["comparison"] = f"{named}预算"
    fields["comparison_amount"] = bases[named] if bases[named] is not None else bases["全年"]
    final = fields["amount"] or ZERO

    def rate(base):
        if base is None:
            return None
        if base == 0:
            return ZERO if final == 0 else None
        return percent_of(final, base)

    if not budget_known and final == 0 and stated == 0:
        return
    if rate(bases[named]) == stated:
        return
    other = "全年" if named == "年初" else "年初"
    if rate(bases[other]) == stated:
        document.warnings.append(
            Disagreement(
                "情况说明",
                fields["subject"],
                f"提示：所述“完成{named}预算的{stated}%”"
                f"与{other}预算 {wan_text(bases[other])} 万元相符，"
                f"与{named}预算 {wan_text(bases[named])} 万元不符",
            )
        )
        return
    document.errors.append(
        Disagreement(
            "情况说明",
            fields["subject"],
            f"所述完成{named}预算的 {stated}% ≠ 按金额计算 {rate(bases[named])}%",
        )
    )


ITEM_RE = re.compile(
    r"(?P<number>\d+)、(?P<path>[^、]+?（类）[^、]+?（款）.+?（项）)。主要用于：(?P<purpose>[^。]*)。"
    r"(?P<named>年初|全年)预算为"
    + A
    + r"，支出决算为"
    + A
    + r"(?:，完成(?:年初|全年)?预算数?的"
    + P
    + r")?"
    r"。(?P<tail>[^。]*)"
)


def read_items(document, body):
    five = document.tables["5"]
    names = document.function_names
    index = {
        (
            normalise(names.get(code[:3], "")),
            normalise(names.get(code[:5], "")),
            normalise(names.get(code, "")),
        ): code
        for code in five.codes
        if len(code) == 7
    }
    for match in ITEM_RE.finditer(body):
        path = match.group("path")
        parts = re.match(r"^(.+?)（类）(.+?)（款）(.+?)（项）$", path)
        code = index.get(tuple(normalise(part) for part in parts.groups())) if parts else None
        subject = path
        printed = five.get(code, "total") if code else None
        if code is None:
            document.errors.append(
                Disagreement("情况说明", subject, "一般公共预算财政拨款支出决算表中没有该科目")
            )
        budget, final, percent = match.group(5), match.group(6), match.group(7)
        reason = re.sub(r"^决算数[^：]*?主要原因[：:]", "", match.group("tail"))
        fields = {
            "topic": f"function:{code or path}",
            "subject": subject[:200],
            "amount": wan(final),
            "count": None,
            "comparison": f"{match.group('named')}预算",
            "comparison_amount": wan(budget),
            "direction": "",
            "change_amount": None,
            "change_percent": None,
            "completion_percent": None,
            "reason": reason,
            "quote": match.group(0),
        }
        document.statements.append(fields)
        if code:
            problem = differ("情况说明", subject, "说明", wan(final), five.title, printed)
            if problem:
                document.errors.append(problem)
        if percent:
            named = match.group("named")
            completion(
                document,
                fields,
                budget if named == "年初" else None,
                budget if named == "全年" else None,
                named,
                percent,
            )


def read_procurement(document, body):
    total = re.search(r"政府采购金额（以合同签订为准）为" + A, body)
    if not total:
        return
    procurement = {"total": wan(total.group(1))}
    for key, pattern in (
        ("goods", r"货物采购金额"),
        ("works", r"工程采购金额"),
        ("services", r"服务采购金额"),
        ("reserved_for_sme", r"面向中小企业预留政府采购项目预算金额"),
        ("reserved_for_small_micro", r"面向小微企业预留政府采购项目预算金额"),
    ):
        match = re.search(pattern + A, body)
        procurement[key] = wan(match.group(1)) if match else None
    parts = [procurement[key] for key in ("goods", "works", "services")]
    if any(part is not None for part in parts):
        problem = differ(
            "政府采购支出情况",
            "合计",
            "合计",
            procurement["total"],
            "货物+工程+服务",
            arithmetic.total_of(parts),
            3,
        )
        if problem:
            document.errors.append(problem)
    document.narrative.procurement = procurement


READER = Reader(
    name=gettext_lazy("上海市部门决算（9张表，万元）"),
    identify=identify,
    read=read_contents,
)
