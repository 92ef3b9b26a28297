"""江苏省省级部门预算 (2017–2019): twelve 公开表 in 万元, read and checked.

A document is one PDF (narrative, then tables) or two: a narrative (“公开文件”) and a tables
PDF (“公开表/表格”). ``identify`` says which part a file is from its first pages;
``read_contents`` reads one document's parts together. Tables are found by their printed
titles (in the ruled grid or in the text above it, several to a page or continued over
pages), columns by their header labels, rows by whole codes (2013101) or row labels.
Nothing is stored here: ``writer`` stores the checked ParsedDocument.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement, compare, total_of
from budgets.disclosures.models import ExpenditureByType, ExpenseType, FundingSource
from budgets.disclosures.money import from_yuan, to_yuan
from budgets.importers.facts import Line
from budgets.importers.narrative import AMOUNT, Narrative, wan
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.registry import Identity, Reader, Region
from budgets.importers.tables import (
    NUMBER_RE,
    normalise,
    parse_amount,
    printed_places,
    strip_ordinal,
)

UNIT = "万元"
REGIONS = [Region("320000", "江苏省", "province")]
ZERO = Decimal(0)


#: A note printed under a table (“注：本部门无相关收支项目”, “说明：本部门无相关收支项目。”).
NOTE_RE = re.compile(r"^(?:注|说明)\s*[:：]")
#: A note printed in a table's grid (“此表为空”, “（无）”).
GRID_NOTE = ("注", "说明", "(无", "（无", "此表为空")


def template_code(year):
    """2017 prints its tables in one order; 2018 and 2019 number them 公开01–12表."""
    return "jiangsu-provincial-2017" if year <= 2017 else "jiangsu-provincial-2018"


#: Printed titles (as ``title_key`` reduces them) → table kind (TemplateTable.kind).
TITLE_KINDS = {
    "收支预算总表": "jiangsu_summary",
    "收入预算总表": "jiangsu_revenue",
    "支出预算总表": "jiangsu_expenditure",
    "财政拨款收支预算总表": "jiangsu_fiscal_summary",
    "财政拨款支出预算表": "jiangsu_fiscal_by_function",
    "财政拨款基本支出预算表": "jiangsu_fiscal_basic_by_economic",
    "一般公共预算支出预算表": "jiangsu_general_public_by_function",
    "一般公共预算基本支出预算表": "jiangsu_general_public_basic_by_economic",
    "三公经费、会议费、培训费支出预算表": "jiangsu_restricted",
    "一般公共预算三公经费、会议费、培训费支出预算表": "jiangsu_restricted",
    "财政拨款政府性基金支出预算表": "jiangsu_government_fund_by_function",
    "政府性基金支出预算表": "jiangsu_government_fund_by_function",
    "政府性基金预算财政拨款支出预算表": "jiangsu_government_fund_by_function",
    "一般公共预算机关运行经费支出预算表": "jiangsu_administrative_running",
    "政府采购预算表": "jiangsu_procurement",
    "政府采购支出预算表": "jiangsu_procurement",
}
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
#: Tables some departments leave out when they have nothing to show (人大 2018: no 政府性
#: 基金 table); read as empty, with a warning.
OPTIONAL_KINDS = ("jiangsu_government_fund_by_function",)
CODE_RE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
TOTAL_WORDS = {"合计", "总计"}


def clean(text):
    return re.sub(r"\s+", "", text or "")


def title_key(text):
    """A printed table title reduced to its words: no numbering (“公开01表”, “十、”), year,
    quotes or (功能科目)/(经济科目) suffix."""
    text = normalise(text)
    text = re.sub(
        r"^(?:公开\d+表[:：]?|公开表[一二三四五六七八九十]+|[一二三四五六七八九十]+、)", "", text
    )
    text = re.sub(r"^\d{4}年度?", "", text)
    text = re.sub(r"\((?:功能|经济)科目\)$", "", text)
    return re.sub("[“”\"'‘’]", "", text)


def kind_of_title(text):
    return TITLE_KINDS.get(title_key(text))


# ---------------------------------------------------------------------------
# Identifying a file.

COVER_RE = re.compile(r"^(?P<org>\D+?)(?:(?P<year>\d{4})年度?|年度?)部门")
ORG_LINE_RE = re.compile(r"^部门(?:名称)?[：:](?P<org>.+?)(?:单位[：:].*)?$")


def official_name(name):
    """The department's name as its tables print it in full: 中国共产党江苏省委员会办公厅 and
    江苏省委办公厅 are both 中共江苏省委办公厅."""
    name = clean(name)
    name = name.replace("中国共产党江苏省委员会", "中共江苏省委")
    if name.startswith("江苏省委"):
        name = "中共" + name
    return name


def table_pages(content):
    """Pages whose grids or text hold a table title followed by a grid (not a 目录)."""
    found = []
    for page in content.pages:
        if not page.tables:
            continue
        titles = [line for line in page.lines if kind_of_title(line)]
        titles += [
            cell
            for grid in page.tables
            for row in grid
            for cell in row
            if cell and kind_of_title(cell.split("\n")[0])
        ]
        if titles:
            found.append(page)
    return found


def identify(content):
    """The Identity of a 江苏 部门预算 file (whole, narrative or tables); None otherwise."""
    pages = content.pages
    head = [line for page in pages[:3] for line in page.lines]
    text = clean(" ".join(head))
    if "江苏" not in text:
        return None
    with_tables = table_pages(content)
    narrative = any("部门概况" in clean(line) for line in head)
    year = None
    organisation = ""
    if narrative:
        cover = COVER_RE.match(clean("".join(pages[0].lines[:3])))
        if not cover:
            return None
        organisation = cover.group("org")
        years = re.findall(r"(20\d{2})", clean("".join(pages[0].lines[:3])))
        year = int(cover.group("year") or (years[0] if years else 0)) or None
        part = "whole" if with_tables else "narrative"
    elif with_tables:
        part = "tables"
        for page in pages[:3]:
            for line in page.lines:
                match = ORG_LINE_RE.match(clean(line))
                if match:
                    organisation = match.group("org")
                    break
            if organisation:
                break
        for page in pages:
            years = re.findall(r"(20\d{2})年", clean(" ".join(page.lines)))
            if years:
                year = int(years[0])
                break
    else:
        return None
    if (
        not organisation
        or not year
        or not organisation.startswith(("江苏", "中共江苏", "中国共产党江苏"))
    ):
        return None
    return Identity(
        template=template_code(year),
        organisation=official_name(organisation),
        year=year,
        stage="budget",
        scope="department",
        part=part,
    )


# ---------------------------------------------------------------------------
# Finding the tables: a stream of titles and grid rows over the pages.


@dataclass
class Block:
    """One printed table: its kind, printed title, pages and grid rows (cells as printed)."""

    kind: str
    title: str
    pages: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    note: str = ""
    places: set = field(default_factory=set)
    #: (x0, x1) of each cell of each of ``rows`` (None where covered or unknown), or None
    #: for a row whose positions the PDF did not give.
    extents: list = field(default_factory=list)

    @property
    def where(self):
        return f"第{self.pages[0] if self.pages else '?'}页《{self.title}》"


def grid_title(grid):
    """(row index, printed title) of each title printed inside a grid."""
    found = []
    for index, row in enumerate(grid):
        for cell in row:
            if cell and kind_of_title(cell.split("\n")[0]):
                found.append((index, cell.split("\n")[0].strip()))
                break
    return found


def line_titles(lines):
    """(line index, printed title) of titles in a page's text, a title wrapping onto a
    second or third line (“…支出预” / “表”, quotes on a line of their own) included."""
    found = []
    index = 0
    while index < len(lines):
        for span in (1, 2, 3):
            text = "".join(lines[index : index + span])
            if index + span <= len(lines) and kind_of_title(text):
                found.append((index, text.strip()))
                index += span - 1
                break
        index += 1
    return found


def grid_start(page, grid, after):
    """The text line index where a grid starts (its first printed cell), after ``after``."""
    for row in grid:
        for cell in row:
            text = clean((cell or "").split("\n")[0])
            if not text:
                continue
            for index in range(after + 1, len(page.lines)):
                if text[:6] in clean(page.lines[index]):
                    return index
            return after
    return after


def stream(pages):
    """[("title", printed, page, None) | ("row", cells, page, cell extents or None)] in
    reading order: a table runs from
    its printed title to the next title, whether titles sit in a grid, in the text between
    grids, or several to a page. Where the PDF gives positions, titles and grid rows are
    ordered by where they are printed and anything outside the printed page is left out
    (some PDFs carry a second copy of a table below the page's edge, which no reader sees);
    otherwise by matching each grid's first cell to the text."""
    events = []
    for page in pages:
        if not page.tables:
            continue
        if is_placed(page):
            events += placed_events(page)
        else:
            events += text_order_events(page)
    return events


def is_placed(page):
    return (
        page.height is not None
        and len(page.line_extents) == len(page.lines)
        and len(page.table_row_extents) == len(page.tables)
        and all(
            len(extents) == len(grid)
            for extents, grid in zip(page.table_row_extents, page.tables, strict=True)
        )
    )


def placed_events(page):
    """A page's titles and grid rows by their top on the page; what lies outside it dropped."""
    placed = []  # (top, order, event)
    grid_titles = set()
    cells = page.table_cell_extents
    if len(cells) != len(page.tables):
        cells = [[None] * len(grid) for grid in page.tables]
    for grid, extents, xs in zip(page.tables, page.table_row_extents, cells, strict=True):
        titles = dict(grid_title(grid))
        for index, (row, (top, _bottom)) in enumerate(zip(grid, extents, strict=True)):
            if not 0 <= top < page.height - 1:
                continue
            if index in titles:
                grid_titles.add(title_key(titles[index]))
                placed.append((top, len(placed), ("title", titles[index], page.number, None)))
            else:
                placed.append((top, len(placed), ("row", row, page.number, xs[index])))
    for index, title in line_titles(page.lines):
        extent = page.line_extents[index]
        if extent is None or title_key(title) in grid_titles:
            continue
        top, bottom = extent
        if 0 <= (top + bottom) / 2 < page.height:
            placed.append((top, len(placed), ("title", title, page.number, None)))
    for line, extent in zip(page.lines, page.line_extents, strict=True):
        if extent is not None and NOTE_RE.match(line) and 0 <= extent[0] < page.height:
            placed.append((extent[0], len(placed), ("note", line, page.number, None)))
    return [event for _top, _order, event in sorted(placed, key=lambda item: item[:2])]


def text_order_events(page):
    """A page's titles and grid rows, each grid placed by finding its first cell in the text."""
    events = []
    in_grids = [title_key(title) for grid in page.tables for _i, title in grid_title(grid)]
    text_titles = [
        (index, title)
        for index, title in line_titles(page.lines)
        if title_key(title) not in in_grids
    ]
    after = -1
    for grid in page.tables:
        start = grid_start(page, grid, after)
        while text_titles and text_titles[0][0] <= start:
            events.append(("title", text_titles.pop(0)[1], page.number, None))
        after = start
        titles = dict(grid_title(grid))
        for index, row in enumerate(grid):
            if index in titles:
                events.append(("title", titles[index], page.number, None))
            else:
                events.append(("row", row, page.number, None))
    for _index, title in text_titles:
        events.append(("title", title, page.number, None))
    # Without positions a note printed under a grid is taken to follow the page's grids.
    events += [("note", line, page.number, None) for line in page.lines if NOTE_RE.match(line)]
    return events


def find_blocks(pages):
    """{kind: Block} of every table found; a table printed twice goes in ``repeats``."""
    blocks, repeats = {}, []
    current = None
    for event, value, page, extents in stream(pages):
        if event == "title":
            current = Block(kind=kind_of_title(value), title=value, pages=[page])
            if current.kind in blocks:
                repeats.append(current)
            else:
                blocks[current.kind] = current
            continue
        if current is None:
            continue
        if event == "note":
            # A note printed under the grid (“注：本部门无相关收支项目”), kept once.
            if value not in current.note:
                current.note = " ".join(filter(None, [current.note, value]))
            continue
        if page not in current.pages:
            current.pages.append(page)
        # None marks a cell covered by a merged one (pdfplumber), kept apart from "".
        cells = [None if cell is None else clean(cell) for cell in value]
        note = next((cell for cell in cells if cell and cell.startswith(GRID_NOTE)), "")
        if note:
            current.note = " ".join(filter(None, [current.note, note]))
        current.rows.append(cells)
        current.extents.append(extents if extents and len(extents) == len(cells) else None)
        current.places.update(places for places in map(printed_places, cells) if places is not None)
    return blocks, repeats


# ---------------------------------------------------------------------------
# Reading each kind of table.


def is_number(text):
    return bool(NUMBER_RE.match(text or ""))


def amount(text, block):
    return parse_amount(text, UNIT, block.where)


def last_number(cells):
    numbers = [cell for cell in cells if is_number(cell)]
    return numbers[-1] if numbers else None


@dataclass
class CodeTable:
    rows: list  # [(code, name, amount)]
    total: Decimal | None


def read_code_table(block):
    """Rows of whole codes (201, 20131, 2013101) with one amount, and the 合计.

    Some grids rule a row's figure into a row of its own: a lone figure just above the
    合计 label belongs to the 合计 (“合计” printed below its figure), a lone figure just
    below a 合计 or a code row that prints none belongs to that row."""
    rows, total = [], None
    loose = None  # a lone figure not yet given to a row
    waiting = None  # "total", or the index of the code row printed without its figure
    for cells in block.rows:
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if len(filled) == 1 and is_number(filled[0]):
            if waiting == "total":
                total = amount(filled[0], block)
            elif waiting is not None:
                code, name, _none = rows[waiting]
                rows[waiting] = (code, name, amount(filled[0], block))
            else:
                loose = filled[0]
            waiting = None
            continue
        code_index = next((i for i, cell in enumerate(cells) if CODE_RE.match(cell or "")), None)
        if code_index is None:
            waiting = None
            if any(cell in TOTAL_WORDS for cell in cells):
                figure = last_number(cells) or loose
                if figure is None:
                    waiting = "total"
                else:
                    total = amount(figure, block)
            loose = None
            continue
        loose = None
        rest = cells[code_index + 1 :]
        name = next((cell for cell in rest if cell and not is_number(cell)), "")
        figure = last_number(rest)
        rows.append((cells[code_index], name, amount(figure, block) if figure else None))
        waiting = None if figure else len(rows) - 1
    return CodeTable(rows, total)


#: Row labels of 收支预算总表 / 财政拨款收支预算总表 → keys.
SUMMARY_LABELS = {
    "财政拨款": "fiscal",
    "一般公共预算": "general_public",
    "政府性基金预算": "government_fund",
    "财政专户管理资金": "special_account",
    "其他资金": "other_funds",
    "当年收入小计": "income_subtotal",
    "上年结转资金": "carried_over",
    "收入合计": "income_total",
    "基本支出": "basic",
    "项目支出": "project",
    "单位预留机动经费": "reserve",
    "当年支出小计": "spending_subtotal",
    "结转下年资金": "carryforward",
    "支出合计": "spending_total",
}
HEADER_WORDS = {"收入", "支出", "项目名称", "金额", "功能分类", "支出用途", "功能科目名称"}


def read_label_pairs(block):
    """({key: amount}, [(class name, amount)], [Label]) of a side-by-side 收支 table (收入 |
    功能分类 | 支出用途, each a label column and an amount column); function 类 labels (…支出)
    kept in order, every label kept as printed (“1.一般公共预算”, see ``Label``).

    A figure belongs to the label before it in its row, unless another label column lies
    between them: then to that column's label, printed in a row above (a label wrapped over
    two or three ruled rows, “三、单位预留机动” / 2,388.04 / “经费”, has its figure in the
    middle row). A label cell drawn across the next label column (“当年支出小计”, its
    covered cells None) keeps its figure. A piece of text without ordinal under an
    unfinished label of its column continues it, over rows and pages."""
    entries = []  # Labels in printed order
    last = {}  # label column → its latest entry
    label_columns = set()
    width = None
    for row, cells in enumerate(block.rows):
        if len(cells) != width:
            # Another grid (a new page): its own columns.
            width, label_columns = len(cells), set()
            last = {column: entry for column, entry in last.items() if not is_finished(entry.name)}
            carried = next(reversed(last.values()), None)
            last = {}
        else:
            carried = None
        texts = [cell or "" for cell in cells]
        if any(text.startswith("部门") or re.search("单位[：:]", text) for text in texts):
            continue
        labels = {
            index: text
            for index, text in enumerate(texts)
            if text and not is_number(text) and text != "金额"
        }
        label_columns |= set(labels)
        for index, text in labels.items():
            piece = strip_ordinal(re.sub(r"^\d+[.．]", "", text))
            previous = last.get(index) or carried
            carried = None
            if (
                previous is not None
                and not is_finished(previous.name)
                and piece == text
                and piece not in SUMMARY_LABELS
            ):
                # “支出” under “九、医疗卫生与计划生育” ends it, though a header word.
                own_row = index + 1 < len(cells) and cells[index + 1] is not None
                previous.go_on(text, row if own_row else None)
                last[index] = previous
            elif text in HEADER_WORDS:
                continue
            else:
                last[index] = Label(piece, [(row, text)])
                entries.append(last[index])
        for index, text in enumerate(texts):
            if not is_number(text):
                continue
            owner = figure_owner(cells, index, labels, label_columns, last)
            if owner is not None and owner.figure is None:
                owner.figure, owner.figure_row = amount(text, block), row
    amounts, classes = {}, []
    for entry in entries:
        if entry.name in SUMMARY_LABELS:
            amounts[SUMMARY_LABELS[entry.name]] = entry.figure
        elif entry.name.endswith("支出"):
            classes.append((entry.name, entry.figure))
    return amounts, classes, entries


@dataclass
class Label:
    """A label of a 收支 table: its name (no ordinal), its printed pieces [(grid row, text)]
    — a piece wrapped into a ruled row of its own (over a page break) is a piece apart, one
    wrapped within its merged cell goes on the piece before — and its figure and that
    figure's grid row."""

    name: str
    pieces: list
    figure: Decimal | None = None
    figure_row: int | None = None

    def go_on(self, text, own_row):
        self.name += strip_ordinal(re.sub(r"^\d+[.．]", "", text))
        if own_row is None:
            row, printed = self.pieces[-1]
            self.pieces[-1] = (row, printed + text)
        else:
            self.pieces.append((own_row, text))

    def printed(self, key):
        """[(grid row, key, text)] of its pieces, the key on the piece its figure is printed
        beside (the first where it has none)."""
        rows = [row for row, _text in self.pieces]
        holder = sum(
            1 for row in rows[1:] if self.figure_row is not None and row <= self.figure_row
        )
        return [
            (row, key if index == holder else "", text)
            for index, (row, text) in enumerate(self.pieces)
        ]


#: Where a 收支 table's labelled rows print: the income side's keys, the spending-use keys,
#: and the totals under both sides (the spending totals span the function and use panels).
INCOME_KEYS = ("fiscal", "general_public", "government_fund", "special_account", "other_funds")
USE_KEYS = ("basic", "project", "reserve")
INCOME_FOOTER = ("income_subtotal", "carried_over", "income_total")
SPENDING_FOOTER = ("spending_subtotal", "carryforward", "spending_total")


def label_layout(labels, class_codes, use_side):
    """[(position, side, key, label)] of a 收支 table's labels as printed (``labels`` from
    ``read_label_pairs``): side 0 the income, 1 the function 类 (keyed by code where known),
    ``use_side`` the spending uses, each from the first row down (a piece wrapped into a row
    of its own a row apart); the totals below them."""
    sides, footer = {0: [], 1: [], use_side: []}, []
    for label in labels:
        key = SUMMARY_LABELS.get(label.name)
        if key in INCOME_FOOTER or key in SPENDING_FOOTER:
            side = 0 if key in INCOME_FOOTER else 1
            footer += [(row, side, key, text) for row, key, text in label.printed(key)]
        elif key in INCOME_KEYS or key in USE_KEYS:
            sides[0 if key in INCOME_KEYS else use_side] += label.printed(key)
        elif key is None and label.name.endswith("支出"):
            sides[1] += label.printed(class_codes.get(normalise(label.name), ""))
    body = max(len(pieces) for pieces in sides.values())
    placed = [
        (position, side, key, text)
        for side, pieces in sides.items()
        for position, (_row, key, text) in enumerate(pieces, start=1)
    ]
    # The totals line up by the grid row they are printed in.
    ranks = {row: rank for rank, row in enumerate(sorted({row for row, *_ in footer}), body + 1)}
    return placed + [(ranks[row], side, key, text) for row, side, key, text in footer]


def is_finished(label):
    return label in SUMMARY_LABELS or label.endswith("支出")


def figure_owner(cells, index, labels, label_columns, last):
    """The entry a figure printed in column ``index`` of a 收支 row belongs to (see
    ``read_label_pairs``)."""
    before = [column for column in labels if column < index and labels[column] not in HEADER_WORDS]
    own = max(before, default=None)
    between = [
        column for column in label_columns if (own if own is not None else -1) < column < index
    ]
    if own is not None and (
        not between or all(cell is None for cell in cells[own + 1 : max(between) + 1])
    ):
        return last.get(own)
    if between:
        return last.get(max(between))
    return None


REVENUE_GROUPS = {
    "一般公共预算资金": FundingSource.GENERAL_PUBLIC,
    "政府性基金": FundingSource.GOVERNMENT_FUND,
    "财政专户管理资金": FundingSource.SPECIAL_ACCOUNT,
    "其他资金": "other_funds",
    "上年结转和结余资金": FundingSource.CARRIED_OVER,
}
OTHER_FUND_SOURCES = {
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "其他收入": FundingSource.OTHER,
}


def read_revenue(block):
    """({group: {leaf label: amount}}, 收入总计, [(position, side, group key, label)]) of
    收入预算总表; the rows are as printed, side 0 a group's name, side 1 an item.

    Each group prints its 小计 first, then its items; the group's name sits in a cell
    merged over the group's rows, printed on the 小计 row or on a row further down. So a
    小计 row opens a group, and a group name names the group open without one (or opens its
    own when the group has no 小计). Rows above 收入总计 are the header."""
    total, group = None, None  # group: [group key or None, {leaf: amount}]
    opened, placed = [], []  # placed: [position, side, group (or its key), label]
    for cells in block.rows:
        labels = [cell for cell in cells if cell and not is_number(cell)]
        figure = last_number(cells)
        if "收入总计" in labels:
            total = amount(figure, block) if figure else None
            placed.append([len(placed) + 1, 0, "revenue_total", "收入总计"])
            continue
        if not labels or not placed:
            continue
        names = [label for label in labels if label in REVENUE_GROUPS]
        named = REVENUE_GROUPS[names[0]] if names else None
        leaves = [label for label in labels if label not in REVENUE_GROUPS]
        if "小计" in leaves or (named is not None and (group is None or group[0] is not None)):
            group = [named, {}]
            opened.append(group)
        elif named is not None:
            group[0] = named
        position = placed[-1][0] + 1
        placed += [[position, 0, group, name] for name in names[:1]]
        if group is None or not leaves:
            continue
        placed.append([position, 1, group, leaves[-1]])
        group[1][leaves[-1]] = amount(figure, block) if figure else None
    groups = {}
    for key, leaves in opened:
        if key is not None:
            groups.setdefault(key, {}).update(leaves)
    rows = [
        (position, side, key if isinstance(key, str) else str(key[0] or ""), label)
        for position, side, key, label in placed
    ]
    return groups, total, rows


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


EXPENSE_COLUMNS = {
    "合计": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "单位预留机动经费": "reserve",
    "结转下年资金": "carryforward",
}


def read_columns(block, labels):
    """{column key: amount} of a one-line table known by its header labels (支出预算总表):
    the 合计 row if rows are printed per unit, else the one row of figures. A column's label
    is what its header cells print top to bottom (“单位预留机动经” / “费”)."""
    headers, figures = {}, []
    for cells in block.rows:
        if any(is_number(cell) for cell in cells):
            figures.append(cells)
        elif not figures:
            for index, cell in enumerate(cells):
                headers[index] = headers.get(index, "") + (cell or "")
    keys = {}
    for index, text in headers.items():
        key = next((key for label, key in labels.items() if text.endswith(label)), None)
        if key:
            keys[index] = key
    if not figures:
        return {}, []
    chosen = next((cells for cells in figures if set(cells) & TOTAL_WORDS), figures[-1])
    if keys and all(index < len(chosen) and chosen[index] is None for index in keys):
        # The figure row is ruled apart from the header (every header column falls on a
        # covered cell): its cells, in order, stand under the header labels, in order.
        starts = [index for index, cell in enumerate(chosen) if cell is not None]
        labelled = sorted(index for index, text in headers.items() if text)
        if len(starts) == len(labelled):
            moved = dict(zip(labelled, starts, strict=True))
            keys = {moved[index]: key for index, key in keys.items()}
    values = {
        key: amount(chosen[index], block) if index < len(chosen) else None
        for index, key in keys.items()
    }
    return values, figures


RESTRICTED_ORDER = [
    "total",
    "three_public",
    "outbound_travel",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
    "meetings",
    "training",
]
RESTRICTED_LABELS = {
    "合计": "total",
    "因公出国(境)费": "outbound_travel",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
    "会议费": "meetings",
    "培训费": "training",
}


def read_restricted(block):
    """{key: amount} of the 三公/会议费/培训费 table: columns by their lowest header label
    (the first 小计 is the 三公 subtotal, the second the vehicles'); the row of figures.
    Where the PDF gives cell positions, each figure goes to the header column it is printed
    under (some grids rule the figures in other columns than the header)."""
    placed = read_restricted_by_position(block)
    if placed is not None:
        return placed
    width = max((len(cells) for cells in block.rows), default=0)
    labels = [""] * width
    figures = None
    for cells in block.rows:
        if any(is_number(cell) for cell in cells):
            figures = cells
            continue
        for index, cell in enumerate(cells):
            if cell:
                labels[index] = normalise(cell)
    if figures is None:
        return {}
    keys, subtotals = {}, iter(["three_public", "vehicle_total"])
    for index, label in enumerate(labels):
        if label == "小计":
            keys[index] = next(subtotals, None)
        elif label in RESTRICTED_LABELS:
            keys[index] = RESTRICTED_LABELS[label]
    if set(keys.values()) >= set(RESTRICTED_ORDER):
        return {
            key: amount(figures[index], block) if index < len(figures) else None
            for index, key in keys.items()
            if key
        }
    # Header not understood: the figures in the printed order, if there are nine cells.
    cells = [cell for cell in figures if cell is not None]
    cells = cells[-len(RESTRICTED_ORDER) :]
    if len(cells) != len(RESTRICTED_ORDER):
        raise ImportRefusedError(_("%(where)s：无法识别表头。") % {"where": block.where})
    return {key: amount(cell, block) for key, cell in zip(RESTRICTED_ORDER, cells, strict=True)}


def read_restricted_by_position(block):
    """read_restricted from where the header labels and the figures are printed; None when
    positions are unknown or the header does not give the nine columns.

    A header column is the text printed top to bottom in cells of one horizontal extent
    (“因公出国” / “（境）费”); the nine leaf columns hold no other column. A figure goes to the
    leaf column it overlaps most; a fragment overlapping none, touching the figure before
    it, is the rest of that figure (“267.8” | “0”: a ruling drawn through a number)."""
    figures_at = max(
        (i for i, cells in enumerate(block.rows) if any(is_number(cell) for cell in cells)),
        default=None,
    )
    if figures_at is None or any(xs is None for xs in block.extents[: figures_at + 1]):
        return None
    columns = {}  # (x0, x1) → label
    for cells, xs in zip(block.rows[:figures_at], block.extents[:figures_at], strict=True):
        texts = [cell or "" for cell in cells]
        if any(text.startswith("部门") or re.search("单位[：:]", text) for text in texts):
            continue
        for text, extent in zip(texts, xs, strict=True):
            if text and extent is not None:
                key = (round(extent[0]), round(extent[1]))
                columns[key] = columns.get(key, "") + normalise(text)
    leaves = sorted(
        (x0, x1)
        for x0, x1 in columns
        if not any((a, b) != (x0, x1) and x0 <= a and b <= x1 for a, b in columns)
    )
    keys, subtotals = {}, iter(["three_public", "vehicle_total"])
    for leaf in leaves:
        label = columns[leaf]
        key = next(subtotals, None) if label == "小计" else RESTRICTED_LABELS.get(label)
        if key is None:
            return None
        keys[leaf] = key
    if sorted(keys.values()) != sorted(RESTRICTED_ORDER):
        return None
    printed = {}  # leaf → figure text
    previous = None
    for text, extent in zip(block.rows[figures_at], block.extents[figures_at], strict=True):
        if not text or extent is None:
            continue
        overlaps = [(min(extent[1], b) - max(extent[0], a), (a, b)) for a, b in leaves]
        overlap, leaf = max(overlaps)
        if overlap > 0 and leaf not in printed:
            printed[leaf] = text
            previous = (leaf, extent)
        elif previous is not None and abs(extent[0] - previous[1][1]) < 1:
            printed[previous[0]] += text
            previous = (previous[0], (previous[1][0], extent[1]))
        else:
            return None
    return {key: amount(printed.get(leaf, ""), block) for leaf, key in keys.items()}


PROCUREMENT_PARTS = {"货物": "goods", "工程": "works", "服务": "services"}


def read_procurement(block):
    values = {}
    for cells in block.rows:
        first = next((cell for cell in cells if cell), "")
        label = strip_ordinal(first)
        figure = last_number(cells)
        if label in TOTAL_WORDS and "total" not in values:
            values["total"] = amount(figure, block) if figure else None
        for word, key in PROCUREMENT_PARTS.items():
            if re.match(rf"^{word}[A-Z]?$", label):
                values[key] = amount(figure, block) if figure else None
    return values


#: A procurement item's 采购组织形式 (分散自行组织, 政府集中采购, 部门集中采购 …).
ORGANISATION_FORM_RE = re.compile(r"(?:采购|组织)$")
CATEGORY_RE = re.compile(r"^(货物|工程|服务)[A-Z]?$")


def read_procurement_items(block):
    """([ProcurementItem fields] in printed order, [[project, 经济科目, figure, [items]]]) of
    政府采购预算表.

    Below 合计, a category row (一、货物A) opens a category; a row of a project's 经济科目 and
    its figure opens a group (the project's name printed once over its groups); an item row
    prints its 采购物品名称 (once over the rows it spans), 采购组织形式 and figure."""
    items, groups = [], []
    category, group, started = "", None, False
    for cells in block.rows:
        texts = [cell for cell in cells if cell and not is_number(cell)]
        figure = last_number(cells)
        label = strip_ordinal(texts[0]) if texts else ""
        started = started or label in TOTAL_WORDS
        if not started or figure is None or label in TOTAL_WORDS:
            continue
        part = CATEGORY_RE.match(label)
        if part:
            category, group = PROCUREMENT_PARTS[part.group(1)], None
        elif texts and ORGANISATION_FORM_RE.search(texts[-1]) and group is not None:
            previous = group[3][-1]["catalogue"] if len(texts) < 2 and group[3] else ""
            item = {
                "category": category,
                "item": group[0],
                "economic_name": group[1],
                "catalogue": texts[-2] if len(texts) >= 2 else previous,
                "organisation_form": texts[-1],
                "amount": amount(figure, block),
            }
            group[3].append(item)
            items.append(item)
        elif texts:
            project = texts[-2] if len(texts) >= 2 else (group[0] if group else "")
            group = [project, texts[-1], amount(figure, block), []]
            groups.append(group)
    return items, groups


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


# ---------------------------------------------------------------------------
# The parsed document.


@dataclass
class ParsedDocument:
    """A checked 江苏 document as ``writer.import_document`` stores it."""

    sha256: str
    created_on: str | None
    cover: object
    regions: list
    tables: dict  # {template number: SimpleNamespace(title, note, places)}
    narrative: object
    function_names: dict = field(default_factory=dict)
    economic_names: dict = field(default_factory=dict)
    revenue: list = field(default_factory=list)
    expenditure: list = field(default_factory=list)
    economic: list = field(default_factory=list)
    by_type: list = field(default_factory=list)  # [(coverage, expense type, amount)]
    basic_splits: list = field(default_factory=list)
    restricted: dict | None = None
    statements: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    printed_subtotals: list = field(default_factory=list)
    amount_unit: str = UNIT
    amount_places: int = 2
    blocks: dict = field(default_factory=dict)
    #: The 三公 table's figures as printed, subtotals included (for the narrative check).
    restricted_printed: dict = field(default_factory=dict)
    #: {table kind: template number}.
    numbers: dict = field(default_factory=dict)
    #: [(number, position, side, key, label)]: the rows the 收支 tables print (PrintedRow).
    printed_rows: list = field(default_factory=list)
    #: [(economic code, amount)]: 机关运行经费 by 款.
    running: list = field(default_factory=list)
    #: [ProcurementItem fields]: 政府采购预算表 item by item, in printed order.
    procurement_items: list = field(default_factory=list)

    @property
    def title(self):
        return f"{self.cover.owner}{self.cover.year}年部门预算"


def read_contents(contents, template):
    """Read and check one document from its parts (one whole PDF, or narrative + tables)."""
    identities = [identify(content) for content in contents]
    if any(identity is None for identity in identities):
        raise ImportRefusedError(_("不是江苏省省级部门预算公开文件。"))
    keys = {identity.document_key for identity in identities}
    if len(keys) != 1:
        raise ImportRefusedError(_("这些文件不属于同一份部门预算。"))
    parts = sorted(identity.part for identity in identities)
    if parts not in (["whole"], ["narrative", "tables"]):
        raise ImportRefusedError(
            _("江苏省部门预算应为一个完整PDF，或一个公开文件加一个公开表：收到 %(parts)s。")
            % {"parts": "、".join(parts)}
        )
    identity = identities[0]
    by_part = dict(zip((i.part for i in identities), contents, strict=True))
    table_content = by_part.get("tables") or by_part["whole"]
    narrative_content = by_part.get("narrative") or by_part["whole"]
    blocks, repeats = find_blocks(table_content.pages)
    template_tables = {table.kind: table for table in template.tables.all()}
    missing = [
        table.title
        for kind, table in template_tables.items()
        if kind not in blocks and kind not in OPTIONAL_KINDS
    ]
    if missing:
        raise ImportRefusedError(
            _("文件中找不到以下预算表：%(titles)s。") % {"titles": "、".join(missing)}
        )
    document = ParsedDocument(
        sha256=table_content.sha256,
        created_on=table_content.created_on or narrative_content.created_on,
        cover=SimpleNamespace(owner=identity.organisation, year=identity.year, scope="department"),
        regions=REGIONS,
        tables={
            template_tables[kind].number: SimpleNamespace(
                title=block.title, note=block.note, places=block.places
            )
            for kind, block in blocks.items()
        },
        narrative=Narrative(),
        blocks=blocks,
        numbers={kind: table.number for kind, table in template_tables.items()},
    )
    for kind in OPTIONAL_KINDS:
        if kind not in blocks:
            blocks[kind] = Block(kind=kind, title=template_tables[kind].title)
            document.warnings.append(
                Disagreement(template_tables[kind].title, "", "提示：文件未印出本表，按空表处理。")
            )
    check_repeats(document, repeats)
    read_facts(document)
    check_narrative(document, narrative_content)
    return document


def check_repeats(document, repeats):
    for block in repeats:
        first = document.blocks[block.kind]
        if [row for row in block.rows if any(row)] == [row for row in first.rows if any(row)]:
            document.warnings.append(
                Disagreement(
                    block.title, "", f"提示：本表在第{block.pages[0]}页重复印出，内容相同。"
                )
            )
            continue
        first_table, repeat_table = read_code_table(first), read_code_table(block)
        if first_table.rows == repeat_table.rows and first_table.total == repeat_table.total:
            document.warnings.append(
                Disagreement(
                    block.title, "", f"提示：本表在第{block.pages[0]}页重复印出，数字相同。"
                )
            )
        else:
            document.errors.append(
                Disagreement(
                    block.title,
                    "",
                    f"本表在第{first.pages[0]}页和第{block.pages[0]}页印出两次，数字不同",
                )
            )


def err(document, problem):
    if problem:
        document.errors.append(problem)


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


def by_code(table, length):
    return {code: figure for code, _name, figure in table.rows if len(code) == length}


def read_facts(document):
    """Every table read, checked against itself and the others, and turned into facts."""
    blocks = document.blocks
    errors = document.errors
    code_tables = {}
    for kind in FUNCTION_KINDS + ECONOMIC_KINDS:
        block = blocks[kind]
        table = read_code_table(block)
        code_tables[kind] = table
        lengths = (3, 5, 7) if kind in FUNCTION_KINDS else (3, 5)
        check_code_table(document, block, table, lengths)
        names = document.function_names if kind in FUNCTION_KINDS else document.economic_names
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
    fiscal = code_tables["jiangsu_fiscal_by_function"]
    general = code_tables["jiangsu_general_public_by_function"]
    fund = code_tables["jiangsu_government_fund_by_function"]
    # 财政拨款 by function = 一般公共预算 + 政府性基金, code by code.
    for length in (3, 5, 7):
        fiscal_codes, general_codes, fund_codes = (
            by_code(fiscal, length),
            by_code(general, length),
            by_code(fund, length),
        )
        for code in sorted(set(fiscal_codes) | set(general_codes) | set(fund_codes)):
            err(
                document,
                compare(
                    blocks["jiangsu_fiscal_by_function"].title,
                    f"{code} {document.function_names.get(code, '')}",
                    "财政拨款",
                    fiscal_codes.get(code),
                    "一般公共预算+政府性基金",
                    total_of([general_codes.get(code), fund_codes.get(code)]),
                ),
            )
    for source, table in (
        (FundingSource.GENERAL_PUBLIC, general),
        (FundingSource.GOVERNMENT_FUND, fund),
    ):
        for code, figure in by_code(table, 7).items():
            if figure:
                document.expenditure.append(Line(source, figure, ExpenseType.UNSPLIT, code, code))
    # Economic: 一般公共预算 basic by 款; 政府性基金's share is what 财政拨款 prints beyond it.
    fiscal_basic = code_tables["jiangsu_fiscal_basic_by_economic"]
    general_basic = code_tables["jiangsu_general_public_basic_by_economic"]
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
            errors.append(
                Disagreement(
                    blocks["jiangsu_fiscal_basic_by_economic"].title,
                    f"{code} {document.economic_names.get(code, '')}",
                    f"财政拨款 {fiscal_items.get(code) or 0} 元 ≠ 一般公共预算 "
                    f"{general_items.get(code) or 0} 元（无政府性基金支出）",
                )
            )
    read_summaries(document, code_tables)
    read_restricted_and_running(document, code_tables)
    procurement = read_procurement(blocks["jiangsu_procurement"])
    document.procurement_items, groups = read_procurement_items(blocks["jiangsu_procurement"])
    check_procurement(document, blocks["jiangsu_procurement"], procurement, groups)
    if procurement.get("total") is not None:
        parts = [procurement.get(key) for key in ("goods", "works", "services")]
        err(
            document,
            compare(
                blocks["jiangsu_procurement"].title,
                "合计",
                "合计",
                procurement["total"],
                "货物+工程+服务",
                total_of(parts),
            ),
        )
        document.narrative.procurement = {
            "total": procurement["total"],
            "goods": procurement.get("goods"),
            "works": procurement.get("works"),
            "services": procurement.get("services"),
        }
    places = set().union(*(block.places for block in blocks.values()))
    document.amount_places = 2 if 2 in places else max(places, default=2)


def read_summaries(document, code_tables):
    blocks = document.blocks
    errors = document.errors
    summary_block = blocks["jiangsu_summary"]
    summary, classes, labels = read_label_pairs(summary_block)
    title = summary_block.title

    def check(row, label_a, a, label_b, b, table=title):
        err(document, compare(table, row, label_a, a, label_b, b))

    def part(*keys):
        return total_of(summary.get(key) for key in keys)

    check(
        "一、财政拨款",
        "印出",
        summary.get("fiscal"),
        "一般公共预算+政府性基金预算",
        part("general_public", "government_fund"),
    )
    check(
        "当年收入小计",
        "印出",
        summary.get("income_subtotal"),
        "各项收入之和",
        part("fiscal", "special_account", "other_funds"),
    )
    check(
        "收入合计",
        "印出",
        summary.get("income_total"),
        "当年收入小计+上年结转资金",
        part("income_subtotal", "carried_over"),
    )
    check(
        "当年支出小计",
        "印出",
        summary.get("spending_subtotal"),
        "功能分类各类之和",
        total_of(figure for _name, figure in classes),
    )
    check(
        "当年支出小计",
        "印出",
        summary.get("spending_subtotal"),
        "基本+项目+单位预留机动经费",
        part("basic", "project", "reserve"),
    )
    check(
        "支出合计",
        "印出",
        summary.get("spending_total"),
        "当年支出小计+结转下年资金",
        part("spending_subtotal", "carryforward"),
    )
    check(
        "收入合计与支出合计",
        "收入",
        summary.get("income_total"),
        "支出",
        summary.get("spending_total"),
    )
    # 收入预算总表.
    revenue_block = blocks["jiangsu_revenue"]
    groups, revenue_total, revenue_rows = read_revenue(revenue_block)
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
            check(str(group), "小计", subtotal, "各项之和", total_of(children), revenue_block.title)
        subtotals[group] = subtotal if subtotal is not None else total_of(children)
    check(
        "收入总计",
        "印出",
        revenue_total,
        "各项小计之和",
        total_of(subtotals.values()),
        revenue_block.title,
    )
    for group, key in (
        (FundingSource.GENERAL_PUBLIC, "general_public"),
        (FundingSource.GOVERNMENT_FUND, "government_fund"),
        (FundingSource.SPECIAL_ACCOUNT, "special_account"),
        ("other_funds", "other_funds"),
        (FundingSource.CARRIED_OVER, "carried_over"),
    ):
        check(
            str(FundingSource(group).label) if group != "other_funds" else "其他资金",
            "收入预算总表",
            subtotals.get(group),
            "收支预算总表",
            summary.get(key),
        )
    check("收入合计", "收入预算总表", revenue_total, "收支预算总表", summary.get("income_total"))
    for group, leaves in groups.items():
        document.revenue += revenue_lines(document, revenue_block, group, leaves)
    # 支出预算总表.
    expenditure_block = blocks["jiangsu_expenditure"]
    spending, printed_rows = read_columns(expenditure_block, EXPENSE_COLUMNS)
    parts = [spending.get(key) for key in ("basic", "project", "reserve", "carryforward")]
    check(
        "合计",
        "印出",
        spending.get("total"),
        "基本+项目+预留+结转",
        total_of(parts),
        expenditure_block.title,
    )
    for key, label in (
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("reserve", "单位预留机动经费"),
        ("carryforward", "结转下年资金"),
    ):
        check(
            label,
            "支出预算总表",
            spending.get(key),
            "收支预算总表",
            summary.get(key),
            expenditure_block.title,
        )
    check(
        "合计",
        "支出预算总表",
        spending.get("total"),
        "收支预算总表支出合计",
        summary.get("spending_total"),
        expenditure_block.title,
    )
    for key, expense_type in (
        ("basic", ExpenseType.BASIC),
        ("project", ExpenseType.PROJECT),
        ("reserve", ExpenseType.RESERVE),
        ("carryforward", ExpenseType.CARRYFORWARD),
    ):
        if spending.get(key):
            document.by_type.append((ExpenditureByType.Coverage.ALL, expense_type, spending[key]))
    # 财政拨款收支预算总表.
    fiscal_block = blocks["jiangsu_fiscal_summary"]
    fiscal_summary, _classes, fiscal_labels = read_label_pairs(fiscal_block)
    add_printed_rows(document, "jiangsu_fiscal_summary", label_layout(fiscal_labels, {}, 1))
    ft = fiscal_block.title
    income = fiscal_summary.get("income_total")
    spent = fiscal_summary.get("spending_total")
    check(
        "收入合计",
        "印出",
        income,
        "一般公共预算+政府性基金预算",
        total_of([fiscal_summary.get("general_public"), fiscal_summary.get("government_fund")]),
        ft,
    )
    check(
        "支出合计",
        "印出",
        spent,
        "基本+项目+预留+结转",
        total_of(
            fiscal_summary.get(key) for key in ("basic", "project", "reserve", "carryforward")
        ),
        ft,
    )
    check("收入合计与支出合计", "收入", income, "支出", spent, ft)
    for key, label in (("general_public", "一般公共预算"), ("government_fund", "政府性基金预算")):
        check(
            label,
            "财政拨款收支预算总表",
            fiscal_summary.get(key),
            "收支预算总表",
            summary.get(key),
            ft,
        )
    fiscal_table = code_tables["jiangsu_fiscal_by_function"]
    check(
        "支出合计",
        "财政拨款收支预算总表",
        spent,
        blocks["jiangsu_fiscal_by_function"].title,
        fiscal_table.total,
        ft,
    )
    fiscal_basic = code_tables["jiangsu_fiscal_basic_by_economic"]
    check(
        "基本支出",
        "财政拨款收支预算总表",
        fiscal_summary.get("basic"),
        blocks["jiangsu_fiscal_basic_by_economic"].title,
        fiscal_basic.total,
        ft,
    )
    general_basic = code_tables["jiangsu_general_public_basic_by_economic"]
    general_table = code_tables["jiangsu_general_public_by_function"]
    check(
        "合计",
        "一般公共预算",
        general_table.total,
        "收支预算总表一般公共预算",
        summary.get("general_public"),
        blocks["jiangsu_general_public_by_function"].title,
    )
    if not fiscal_summary.get("government_fund"):
        check(
            "合计",
            "一般公共预算基本支出",
            general_basic.total,
            "财政拨款基本支出",
            fiscal_basic.total,
            blocks["jiangsu_general_public_basic_by_economic"].title,
        )
    for key, expense_type in (
        ("basic", ExpenseType.BASIC),
        ("project", ExpenseType.PROJECT),
        ("reserve", ExpenseType.RESERVE),
        ("carryforward", ExpenseType.CARRYFORWARD),
    ):
        if fiscal_summary.get(key):
            document.by_type.append(
                (ExpenditureByType.Coverage.FISCAL, expense_type, fiscal_summary[key])
            )
        if (fiscal_summary.get(key) or ZERO) > (spending.get(key) or ZERO):
            errors.append(Disagreement(ft, key, "财政拨款支出大于支出预算总表的同类支出"))
    # Function 类 of 收支预算总表 against 财政拨款支出预算表; money beyond 财政拨款 by 类.
    class_codes = {
        normalise(name): code for code, name in document.function_names.items() if len(code) == 3
    }
    add_printed_rows(document, "jiangsu_summary", label_layout(labels, class_codes, 2))
    fiscal_classes = by_code(fiscal_table, 3)
    non_fiscal = [
        line.source
        for line in document.revenue
        if line.source not in (FundingSource.GENERAL_PUBLIC, FundingSource.GOVERNMENT_FUND)
    ]
    for name, figure in classes:
        code = class_codes.get(normalise(name))
        if code is None:
            if figure:
                errors.append(Disagreement(title, name, "财政拨款支出预算表中没有该“类”"))
            continue
        beyond = (figure or ZERO) - (fiscal_classes.get(code) or ZERO)
        if beyond < 0:
            errors.append(
                Disagreement(
                    title, name, f"{figure or 0} 元小于财政拨款支出 {fiscal_classes.get(code)} 元"
                )
            )
        elif beyond and len(set(non_fiscal)) == 1:
            document.expenditure.append(
                Line(non_fiscal[0], beyond, ExpenseType.UNSPLIT, code, code)
            )
        elif beyond:
            errors.append(
                Disagreement(
                    title, name, f"支出比财政拨款多 {beyond} 元，收入预算总表不能确定其资金来源"
                )
            )
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


def add_printed_rows(document, kind, placed):
    """Keep the rows table ``kind`` prints (``placed``: [(position, side, key, label)])."""
    number = document.numbers[kind]
    document.printed_rows += [(number, *row) for row in placed]


def read_restricted_and_running(document, code_tables):
    blocks = document.blocks
    block = blocks["jiangsu_restricted"]
    values = read_restricted(block)
    for row, whole, parts in (
        ("合计", "total", ["three_public", "meetings", "training"]),
        ("“三公”经费", "three_public", ["outbound_travel", "vehicle_total", "reception"]),
        ("公务用车购置及运行维护费", "vehicle_total", ["vehicle_purchase", "vehicle_operation"]),
    ):
        err(
            document,
            compare(
                block.title,
                row,
                "印出",
                values.get(whole),
                "+".join(parts),
                total_of(values.get(part) for part in parts),
            ),
        )
    running = code_tables["jiangsu_administrative_running"]
    restricted = {
        key: values.get(key)
        for key in (
            "outbound_travel",
            "reception",
            "vehicle_purchase",
            "vehicle_operation",
            "meetings",
            "training",
        )
    }
    restricted["administrative_running"] = running.total
    document.running = [
        (code, figure) for code, _name, figure in running.rows if len(code) == 5 and figure
    ]
    document.restricted = restricted
    document.restricted_printed = values


# ---------------------------------------------------------------------------
# The narrative's stated figures.

CHANGE = (
    r"[。，,]?(?:与上年(?:预算)?相比|比上年(?:预算)?)[，,]?(?:[^。，,；]*?)?"
    r"(?:(?P<direction>增加|减少)(?P<change>\d[\d,]*(?:\.\d+)?)万元|(?P<flat>持平))"
    r"(?:[，,]?(?:增长|减少|下降)(?P<percent>\d[\d,]*(?:\.\d+)?)\s*%)?"
)
REASON = r"(?:[。，,]?主要原因(?:是|为)?[：:]?(?P<reason>[^。]+))?"

#: (topic, subject, pattern before the amount, figure key).
STATED = [
    ("revenue", "收入预算总计", r"(?<![\u4e00-\u9fff])收入预算总计", ("summary", "income_total")),
    (
        "expenditure",
        "支出预算总计",
        r"(?<![\u4e00-\u9fff])支出预算总计",
        ("summary", "spending_total"),
    ),
    (
        "revenue",
        "财政拨款收、支总预算",
        r"财政拨款收、支总预算",
        ("fiscal_summary", "income_total"),
    ),
    ("expenditure", "基本支出", r"基本支出预算数为", ("summary", "basic")),
    ("expenditure", "项目支出", r"项目支出预算数为", ("summary", "project")),
    ("administrative_running", "机关运行经费", r"机关运行经费预算支出", ("running", None)),
    ("three_public", "会议费", r"安排的会议费预算支出", ("restricted", "meetings")),
    ("three_public", "培训费", r"安排的培训费预算支出", ("restricted", "training")),
    (
        "three_public",
        "因公出国（境）费",
        r"因公出国（境）费预算支出",
        ("restricted", "outbound_travel"),
    ),
    ("three_public", "公务接待费", r"公务接待费预算支出", ("restricted", "reception")),
    (
        "three_public",
        "公务用车购置及运行费",
        r"公务用车购置及运行费预算支出",
        ("restricted", "vehicle_total"),
    ),
]


def check_narrative(document, content):
    text = re.sub(r"\s+", "", " ".join(line for page in content.pages for line in page.lines))
    text = text.replace("(", "（").replace(")", "）")
    summary = read_label_pairs(document.blocks["jiangsu_summary"])[0]
    fiscal_summary = read_label_pairs(document.blocks["jiangsu_fiscal_summary"])[0]
    figures = {
        "summary": summary,
        "fiscal_summary": fiscal_summary,
        "restricted": document.restricted_printed,
    }
    for topic, subject, pattern, (table, key) in STATED:
        match = re.search(pattern + r"(?:为)?" + AMOUNT + "(?:" + CHANGE + ")?" + REASON, text)
        if not match:
            continue
        groups = match.groupdict()
        direction = {"增加": "increase", "减少": "decrease"}.get(groups.get("direction") or "", "")
        if groups.get("flat"):
            direction = "flat"
        fields = {
            "topic": topic,
            "subject": subject,
            "amount": wan(groups["amount"]),
            "count": None,
            "comparison": "上年预算" if direction else "",
            "comparison_amount": None,
            "direction": direction,
            "change_amount": wan(groups["change"]) if groups.get("change") else None,
            "change_percent": Decimal(groups["percent"].replace(",", ""))
            if groups.get("percent")
            else None,
            "reason": (groups.get("reason") or "").strip()[:500],
            "quote": match.group(0)[:1000],
        }
        if direction == "flat":
            fields["change_amount"] = None
        printed = (
            document.restricted.get("administrative_running")
            if table == "running"
            else figures[table].get(key)
        )
        err(
            document,
            compare("说明", subject, "说明", fields["amount"], "表中", wan_rounded(printed)),
        )
        document.statements.append(fields)


def wan_rounded(amount):
    return None if amount is None else to_yuan(from_yuan(amount, UNIT), UNIT)


READER = Reader(
    name=gettext_lazy("江苏省省级部门预算（12张公开表，万元）"),
    identify=identify,
    read=read_contents,
)
