"""The published tables of a Shanghai-template document, read by their structure.

A table is found by its printed title (which contains the template table's title) on the
line above “编制单位/编制部门 … 单位：元”; pages that follow without a title continue it.
Columns are known by their header labels, rows by their code columns (类/款/项) or by
their row labels (“一、财政拨款收入”), never by position in these particular files.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from budgets.disclosures.models import FundingSource
from budgets.disclosures.money import to_yuan

from .pdf import ImportRefusedError

NUMBER_RE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
ORDINAL_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+\s*[、.．](?!\d)|（[一二三四五六七八九十]+）)\s*"
)
UNIT_RE = re.compile(r"单位\s*[：:]\s*(万元|元)")
#: The first line of a note printed under a table (“注：本部门…，故本表为空表。”).
NOTE_RE = re.compile(r"^注\s*[:：]")
TOTAL_LABELS = {"合计", "总计", "收入总计", "支出总计"}
#: What an empty cell is printed as besides nothing: a table with no figures prints “无”
#: in its first cell, some tables dash their empty cells.
PLACEHOLDERS = {"无", "-", "—", "——", "－", "–", "/"}

#: Header labels (normalised) → column keys. Funding sources by their own labels too.
COLUMN_KEYS = {
    "类": "class",
    "款": "item",
    "项": "sub",
    "项目": "name",
    "功能分类科目名称": "name",
    "经济分类科目名称": "name",
    "部门经济分类科目名称": "name",
    "合计": "total",
    "预算数": "total",
    "财政拨款收入": "fiscal",
    "事业收入": "operating",
    "事业单位经营收入": "business",
    "其他收入": "other",
    "基本支出": "basic",
    "项目支出": "project",
    "人员经费": "personnel",
    "公用经费": "running",
    "一般公共预算": "general_public",
    "政府性基金预算": "government_fund",
    "国有资本经营预算": "state_capital",
    "因公出国(境)费": "outbound_travel",
    "公务接待费": "reception",
    "小计": "vehicle_total",
    "购置费": "vehicle_purchase",
    "运行费": "vehicle_operation",
    "机关运行经费预算数": "administrative_running",
    "机关运行经费": "administrative_running",
}
for _source in FundingSource:
    COLUMN_KEYS.setdefault(str(_source.label), _source.value)

#: Row labels of the revenue side of 财务收支预算总表 / 财政拨款收支预算总表 → keys.
REVENUE_ROW_KEYS = {
    "财政拨款收入": "fiscal",
    "一般公共预算资金": "general_public",
    "一般公共预算": "general_public",
    "政府性基金": "government_fund",
    "政府性基金预算": "government_fund",
    "国有资本经营预算": "state_capital",
    "事业收入": "operating",
    "事业单位经营收入": "business",
    "其他收入": "other",
    "收入总计": "total",
}
for _source in FundingSource:
    REVENUE_ROW_KEYS.setdefault(str(_source.label), _source.value)

COLUMN_NAMES = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "running": "公用经费",
    "general_public": "一般公共预算",
    "government_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "outbound_travel": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_total": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "administrative_running": "机关运行经费",
}
for _source in FundingSource:
    COLUMN_NAMES.setdefault(_source.value, str(_source.label))


def normalise(text):
    """A label without spaces or line breaks, with ASCII parentheses and no leading year."""
    text = re.sub(r"\s+", "", text or "")
    text = text.replace("（", "(").replace("）", ")")
    return re.sub(r"^\d{4}年", "", text)


def strip_ordinal(label):
    return ORDINAL_RE.sub("", label or "").strip()


def printed_places(cell):
    """The decimal places of a printed figure (“1,234.50” → 2, “1,234” → 0); None if blank."""
    text = re.sub(r"\s+", "", cell or "")
    if not NUMBER_RE.match(text):
        return None
    return len(text.partition(".")[2])


def cell_text(cell):
    """A grid cell's text without whitespace; "" for a blank cell or a placeholder (无, —)."""
    text = re.sub(r"\s+", "", cell or "")
    return "" if text in PLACEHOLDERS else text


def is_blank_row(cells):
    return not any(cell_text(cell) for cell in cells)


def is_title_text(text):
    """A table title (“2026年预算单位财政拨款收支预算总表”) or the line under it
    (“编制单位：上海市普陀区司法局 … 单位：元”)."""
    text = cell_text(text)
    return bool(
        UNIT_RE.search(text)
        or text.startswith(("编制单位", "编制部门"))
        or (text.endswith("表") and not NUMBER_RE.match(text))
    )


def preamble_length(grid):
    """How many rows of ``grid`` come before its header: blank rows, the table's title and
    the “编制单位：… 单位：元” line, which some PDFs draw inside the ruled grid (others
    print them above it). Whatever else the first rows hold is the header."""
    count = 0
    for cells in grid:
        texts = [cell_text(cell) for cell in cells if cell_text(cell)]
        if texts and not all(is_title_text(text) for text in texts):
            break
        count += 1
    return count


def grid_unit(rows):
    """The amount unit (“元”, “万元”) printed in some rows of a grid, or ""."""
    for cells in rows:
        for cell in cells:
            match = UNIT_RE.search(cell_text(cell))
            if match:
                return match.group(1)
    return ""


def parse_amount(cell, unit, where):
    """A printed amount in ``unit`` as Decimal 元; None for a blank cell or a placeholder."""
    text = cell_text(cell)
    if text == "":
        return None
    if not NUMBER_RE.match(text):
        raise ImportRefusedError(
            _("%(where)s：无法识别的金额“%(text)s”。") % {"where": where, "text": text}
        )
    try:
        return to_yuan(Decimal(text.replace(",", "")), unit)
    except (InvalidOperation, ValueError) as error:
        raise ImportRefusedError(
            _("%(where)s：金额“%(text)s”超出两位小数。") % {"where": where, "text": text}
        ) from error


@dataclass
class Row:
    """One printed row: its code (7/5/3 digits, or '' for a labelled row), name and amounts."""

    code: str
    name: str
    amounts: dict
    page: int
    #: The code cells as printed (“7 11 02”) where they are not the code read (see
    #: ``enclosing_code``); "" when the printed code is the code.
    printed_code: str = ""

    @property
    def label(self):
        return f"{self.code} {self.name}".strip()


@dataclass
class Table:
    """One published table as printed: title, note, amount unit, header keys and rows.

    Two-sided tables (财务收支预算总表, 财政拨款收支预算总表) keep their revenue side in
    ``left`` and expenditure side in ``rows``.
    """

    number: str
    template_title: str
    title: str
    unit: str
    pages: list = field(default_factory=list)
    note: str = ""
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    total: dict | None = None
    left: list = field(default_factory=list)
    left_total: dict | None = None
    #: The decimal places the table's figures are printed with (e.g. {0} for whole 元).
    places: set = field(default_factory=set)
    #: {page number: [grid]}: the ruled grids of each page that belong to this table.
    grids: dict = field(default_factory=dict)
    #: Two-sided tables: [(position, side, label)] of every label printed, as printed
    #: (“1.一般公共预算资金”), by printed row (position) and side (0 revenue, 1 spending).
    labels: list = field(default_factory=list)

    @property
    def is_empty(self):
        amounts = [row.amounts for row in self.rows + self.left]
        amounts += [self.total or {}, self.left_total or {}]
        return all(value is None for values in amounts for value in values.values())

    @property
    def amount_columns(self):
        return [key for key in self.columns if key not in ("class", "item", "sub", "name")]

    def row_count(self):
        return len(self.rows) + len(self.left)


def find_tables(pages, template_tables, read=None, by_header=None):
    """{template number: Table} for every table found, with the pages and grids each covers.

    ``template_tables`` is a list of (number, title) of the template's tables. A table
    starts at a line holding its title with “编制单位/编制部门 …” or “单位：元” on the
    next line, anywhere on a page (several short tables may share one); pages that follow
    with a grid and no title continue the last table. Each grid of a page goes to the
    table whose title it holds (some PDFs draw the title inside the grid), the others in
    printed order: first the table continued from the previous page, then the titles.

    ``by_header`` (page → (number, title, unit) or None), where given, finds a table whose
    title is not printed or not one the template knows: a page without a title whose
    first grid's header ``by_header`` recognises, as a table not found yet, starts it.
    """
    tables = {}
    current = None
    by_length = sorted(template_tables, key=lambda item: -len(normalise(item[1])))

    def title_in(text):
        text = normalise(text)
        return next((item for item in by_length if normalise(item[1]) in text), None)

    for page in pages:
        starts = title_starts(page, title_in)
        if not starts and by_header is not None:
            starts = header_start(page, by_header, tables)
        if not starts and (current is None or not page.tables):
            current = None
            continue
        slots = []  # the tables this page's grids belong to, in printed order
        if current is not None and (not starts or starts[0][0] > 0) and page.tables:
            slots.append(current)
        for _index, match, unit, title in starts:
            if match[0] in tables:
                raise ImportRefusedError(
                    _("第%(page)s页：表“%(title)s”重复出现。")
                    % {"page": page.number, "title": title}
                )
            current = Table(number=match[0], template_title=match[1], title=title, unit=unit)
            tables[match[0]] = current
            slots.append(current)
        for table in slots:
            table.pages.append(page)
            table.grids[page.number] = []
        assign_grids(page, slots, title_in)
        attach_notes(page, starts, slots, tables)
    for table in tables.values():
        (read or read_rows)(table)
    return tables


def title_starts(page, title_in):
    """[(line index, template item, unit, title)] of each table whose title ``page``
    prints (``title_in`` knows it) over “编制单位/编制部门 …” or “单位：元”."""
    starts = []
    for index, line in enumerate(page.lines[:-1]):
        below = page.lines[index + 1].replace(" ", "")
        if below.startswith(("编制单位", "编制部门")) or UNIT_RE.match(below):
            match = title_in(line)
            if match:
                unit = UNIT_RE.search(below)
                starts.append((index, match, unit.group(1) if unit else "", line))
    return starts


def attach_notes(page, starts, slots, tables):
    """Give each note printed on ``page`` (with the lines it wraps onto) to the table
    printed above it: the last one starting above it, else the first of ``slots``."""
    for index, line in enumerate(page.lines):
        if NOTE_RE.match(line):
            owners = [tables[start[1][0]] for start in starts if start[0] < index]
            table = owners[-1] if owners else (slots[0] if slots else None)
            if table is not None:
                note = line + "".join(note_continuation(page, index, starts))
                table.note = " ".join(filter(None, [table.note, note]))


def note_continuation(page, index, starts):
    """The lines a note begun on ``page.lines[index]`` wraps onto: those after it until the
    page ends or another block starts (see ``continues_note``)."""
    stops = {start[0] for start in starts}
    lines = []
    for after in range(index + 1, len(page.lines)):
        if after in stops or not continues_note(page, index, after - 1, after):
            break
        lines.append(page.lines[after].strip())
    return lines


def continues_note(page, note, previous, index):
    """Whether ``page.lines[index]`` goes on with the note begun on line ``note`` whose
    last line so far is ``previous``. Not another note or a “编制单位：… 单位：元” line
    (a title the template knows is a table's start, see ``note_continuation``); where
    the page says where its lines are printed, one printed right under the previous line
    (no wider gap than a line's height) and outside any grid the note is not in; where it
    does not, not after a line that ends a sentence."""
    line = cell_text(page.lines[index])
    if NOTE_RE.match(line) or UNIT_RE.search(line) or line.startswith(("编制单位", "编制部门")):
        return False
    extents = page.line_extents if len(page.line_extents) == len(page.lines) else []
    placed = [extents[i] for i in (note, previous, index)] if extents else [None]
    if None in placed:
        return not page.lines[previous].rstrip().endswith("。")
    (note_top, _bottom), (top, bottom), (line_top, _line_bottom) = placed
    if line_top < top or line_top - bottom > bottom - top:
        return False
    grids = [(rows[0][0], rows[-1][1]) for rows in page.table_row_extents if rows]
    return not any(start <= line_top < end and not start <= note_top < end for start, end in grids)


def header_start(page, by_header, found):
    """[(0, (number, title), unit, title)]: the table a page without a title starts, known
    by its first grid's header (see ``find_tables``); [] when it starts none not yet found."""
    recognised = by_header(page) if page.tables else None
    if recognised is None or recognised[0] in found:
        return []
    number, title, unit = recognised
    return [(0, (number, title), unit, title)]


def assign_grids(page, slots, title_in):
    """Give each grid of ``page`` to one of ``slots`` (see ``find_tables``)."""
    rest = []
    for grid in page.tables:
        preamble = grid[: preamble_length(grid)]
        titled = {title_in(cell or "") for cells in preamble for cell in cells} - {None}
        owner = next(
            (table for table in slots if table.template_title in {item[1] for item in titled}), None
        )
        if owner is not None:
            owner.grids[page.number].append(grid)
        else:
            rest.append(grid)
    empty = [table for table in slots if not table.grids[page.number]]
    if not empty:
        return
    if len(rest) > len(empty):
        # More grids than tables: a table drawn as several grids; the extra ones continue
        # the first table without a grid.
        surplus = len(rest) - len(empty)
        empty[0].grids[page.number].extend(rest[: surplus + 1])
        rest, empty = rest[surplus + 1 :], empty[1:]
    for table, grid in zip(empty, rest, strict=False):
        table.grids[page.number].append(grid)


def is_data_row(cells):
    """Whether a grid row is a row of the table's body rather than of its header: a code,
    an ordinal label (“一、…”), a figure, a 合计 row, or nothing at all."""
    texts = [cell_text(cell) for cell in cells]
    if not any(texts):
        return True
    first, rest = texts[0], [text for text in texts[1:] if text]
    if first in TOTAL_LABELS:
        # A 合计 row, unless it is the 合计 label of a header (with other labels beside it);
        # a row that carries figures is data whatever else it prints (a 收支总表's
        # “收入总计 … 支出总计 …”, alone on a page without its header).
        return not rest or any(NUMBER_RE.match(text) for text in rest)
    return bool(
        re.match(r"^\d{3}$", first)
        or strip_ordinal(first) != first
        or any(NUMBER_RE.match(text) for text in texts)
    )


def header_keys(header_rows, table, page):
    """Column keys from header rows: each column is known by its lowest printed label."""
    width = max(len(row) for row in header_rows)
    keys = []
    for index in range(width):
        label = ""
        for row in header_rows:
            if index < len(row) and (row[index] or "").strip():
                label = normalise(row[index])
        if label not in COLUMN_KEYS:
            raise ImportRefusedError(
                _("第%(page)s页《%(title)s》：无法识别的表头“%(label)s”。")
                % {"page": page, "title": table.title, "label": label}
            )
        keys.append(COLUMN_KEYS[label])
    return keys


def read_rows(table):
    """Fill ``table`` from the ruled tables on its pages, skipping repeated headers."""
    two_sided = None
    for page in table.pages:
        for cells_list in table.grids.get(page.number, []):
            cells_list = cells_list[preamble_length(cells_list) :]
            header, body = [], []
            for cells in cells_list:
                if not body and not is_data_row(cells):
                    header.append(cells)
                else:
                    body.append(cells)
            if header:
                keys = header_keys(header, table, page.number)
                if not table.columns:
                    table.columns = keys
                    names = [i for i, key in enumerate(keys) if key == "name"]
                    two_sided = names[1] if len(names) > 1 else None
                elif keys != table.columns:
                    raise ImportRefusedError(
                        _("第%(page)s页《%(title)s》：续页表头与首页不同。")
                        % {"page": page.number, "title": table.title}
                    )
            if not table.columns:
                raise ImportRefusedError(
                    _("第%(page)s页《%(title)s》：找不到表头。")
                    % {"page": page.number, "title": table.title}
                )
            for cells in body:
                if two_sided is None:
                    add_row(table, cells, table.columns, page.number, "rows")
                else:
                    add_two_sided_row(table, cells, two_sided, page.number)


def add_two_sided_row(table, cells, two_sided, page):
    """Both halves of one printed row of a two-sided table, and the labels it prints."""
    position = len({position for position, _side, _label in table.labels}) + 1
    halves = (
        ("left", cells[:two_sided], table.columns[:two_sided]),
        ("right", cells[two_sided:], table.columns[two_sided:]),
    )
    for side, (name, part, keys) in enumerate(halves):
        add_row(table, part, keys, page, name)
        label = cell_text(part[keys.index("name")]) if "name" in keys else ""
        if label:
            table.labels.append((position, side, label))


def add_row(table, cells, keys, page, side):
    """Interpret one printed row under ``keys`` and append it to the table."""
    texts = [cell_text(cell) for cell in cells]
    if not any(texts):
        return
    where = _("第%(page)s页《%(title)s》") % {"page": page, "title": table.title}
    amount_keys = [key for key in keys if key not in ("class", "item", "sub", "name")]
    if len(texts) != len(keys):
        # A row whose label spans the code columns (a lone 合计 row on a continuation
        # page): its amounts are the last cells, right-aligned under the amount columns.
        if texts[0] in TOTAL_LABELS and len(texts) > len(amount_keys):
            values = texts[-len(amount_keys) :]
            note_places(table, values)
            amounts = {
                key: parse_amount(value, table.unit, where)
                for key, value in zip(amount_keys, values, strict=True)
            }
            store_total(table, side, amounts, where)
            return
        raise ImportRefusedError(
            _("%(where)s：无法识别的表格行“%(row)s”。") % {"where": where, "row": " ".join(texts)}
        )
    values = dict(zip(keys, texts, strict=True))
    amounts = {key: parse_amount(values[key], table.unit, where) for key in amount_keys}
    note_places(table, [values[key] for key in amount_keys])
    name = strip_ordinal(values.get("name", ""))
    first = texts[0]
    if first in TOTAL_LABELS or name in TOTAL_LABELS:
        store_total(table, side, amounts, where)
        return
    code = code_of(values, where)
    rows = table.left if side == "left" else table.rows
    code, printed_code = enclosing_code(values, code, rows)
    has_amount = any(value is not None for value in amounts.values())
    if not code and not name and "name" in keys:
        if has_amount:
            raise ImportRefusedError(
                _("%(where)s：有金额但没有科目或项目名称的行“%(row)s”。")
                % {"where": where, "row": " ".join(texts)}
            )
        return
    if not code and "class" in keys and not has_amount and rows:
        # The rest of a name that wrapped onto a row of its own.
        rows[-1].name += name
        return
    rows.append(Row(code=code, name=name, amounts=amounts, page=page, printed_code=printed_code))


def enclosing_code(values, code, rows):
    """(code, printed code) of a row whose 类 cell is misprinted (“7 11 02” under 210 11).

    A 类 is always three digits; a row printing fewer there, under a 款 and 项 of its own,
    is read under the 类 of the row above it, and the printed cells are returned beside the
    code so that the reader can report the misprint (it must not pass silently).
    """
    printed = values.get("class", "")
    if not code or re.match(r"^\d{3}$", printed) or not values.get("item") or not rows:
        return code, ""
    enclosing = rows[-1].code[:3]
    if len(enclosing) != 3:
        return code, ""
    cells = " ".join(values.get(key, "") for key in ("class", "item", "sub")).strip()
    return enclosing + code[3:], cells


def note_places(table, cells):
    table.places.update(
        places for places in (printed_places(cell) for cell in cells) if places is not None
    )


def store_total(table, side, amounts, where):
    if side == "left":
        table.left_total = amounts
    else:
        if table.total is not None:
            raise ImportRefusedError(_("%(where)s：合计行重复出现。") % {"where": where})
        table.total = amounts


def code_of(values, where):
    """The classification code of a row from its 类/款/项 cells (“201 03 01” → 2010301)."""
    parts = [values.get(key, "") for key in ("class", "item", "sub")]
    code = ""
    for index, part in enumerate(parts):
        if not part:
            if any(parts[index + 1 :]):
                raise ImportRefusedError(_("%(where)s：科目编码不完整。") % {"where": where})
            break
        expected = 3 if index == 0 else 2
        if not part.isdigit() or len(part) > expected:
            raise ImportRefusedError(
                _("%(where)s：无法识别的科目编码“%(part)s”。") % {"where": where, "part": part}
            )
        code += part.zfill(expected)
    return code
