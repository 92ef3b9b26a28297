"""Finding the 公开表 in a document's pages: a stream of titles, headers and grid rows.

A table runs from its printed title to the next title, whether titles sit in a grid, in
the text between grids, or several to a page; continued over pages (with or without its
header repeated) it goes on. The titles looked for are those the layouts declare
(``layout.TABLES``); a grid whose title is missing or printed unforeseen is still found
by its header, where the layout declares header cells that tell its table apart.
"""

import re
from dataclasses import dataclass, field

from budgets.importers.tables import normalise, printed_places

from .layout import TABLES

#: A note printed under a table (“注：本部门无相关收支项目”, “说明：本部门无相关收支项目。”).
NOTE_RE = re.compile(r"^(?:注|说明)\s*[:：]")
#: A note printed in a table's grid (“此表为空”, “（无）”).
GRID_NOTE = ("注", "说明", "(无", "（无", "此表为空")
#: Numbering printed before a title: “公开01表：”, “公开表三”, “表11”, “十一、”.
NUMBERING_RE = re.compile(
    r"^(?:公开\d+表[:：]?|公开表[一二三四五六七八九十]+|附?表\d+[:：]?|[一二三四五六七八九十]+、)"
)
#: Quotation marks a title may print around 三公 (“”, 〝〞, ＂, 「」 …).
QUOTES_RE = re.compile("[“”\"'‘’〝〞＂「」『』]")


def clean(text):
    return re.sub(r"\s+", "", text or "")


def title_key(text):
    """A printed table title reduced to its words: no numbering (“公开01表”, “十、”), year,
    quotes or (功能科目)/(经济科目) suffix."""
    text = NUMBERING_RE.sub("", normalise(text))
    text = re.sub(r"^\d{4}年度?", "", text)
    text = re.sub(r"\((?:功能|经济)科目\)$", "", text)
    return QUOTES_RE.sub("", text)


def title_kinds(tables):
    """{title key: table kind} of every title and title variant ``tables`` declare."""
    return {title_key(title): table.kind for table in tables for title in table.titles}


TITLE_KINDS = title_kinds(TABLES)


def kind_of_title(text, kinds=None):
    return (TITLE_KINDS if kinds is None else kinds).get(title_key(text))


def header_kind(grid, tables=TABLES):
    """The kind of the one table whose declared header cells all appear in ``grid``'s header
    (its cells above the first figure, read row by row and column by column, so that a
    label wrapped over ruled rows counts); None when none or several match."""
    texts = [[normalise(cell) for cell in row] for row in header_rows(grid)]
    rows = "|".join("".join(row) for row in texts)
    width = max((len(row) for row in texts), default=0)
    columns = "|".join(
        "".join(row[index] for row in texts if index < len(row)) for index in range(width)
    )
    found = {
        table.kind
        for table in tables
        if table.header
        and all(cell in rows or cell in columns for cell in map(normalise, table.header))
    }
    return found.pop() if len(found) == 1 else None


def header_rows(grid):
    rows = []
    for row in grid:
        if any(printed_places(cell) is not None for cell in row):
            break
        rows.append(row)
    return rows


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
    #: True for a table found by its header, its title not read.
    by_header: bool = False

    @property
    def where(self):
        return f"第{self.pages[0] if self.pages else '?'}页《{self.title}》"

    def add_note(self, text):
        self.note = " ".join(filter(None, [self.note, text]))

    def add_row(self, page, value, extents):
        if page not in self.pages:
            self.pages.append(page)
        # None marks a cell covered by a merged one (pdfplumber), kept apart from "".
        cells = [None if cell is None else clean(cell) for cell in value]
        note = next((cell for cell in cells if cell and cell.startswith(GRID_NOTE)), "")
        if note:
            self.add_note(note)
        self.rows.append(cells)
        self.extents.append(extents if extents and len(extents) == len(cells) else None)
        self.places.update(places for places in map(printed_places, cells) if places is not None)


def cell_title(cell, kinds):
    """The title a grid cell prints on its first line (or first lines, wrapped), or None."""
    lines = (cell or "").split("\n")
    for span in (1, 2, 3):
        text = "".join(lines[:span]).strip()
        if span <= len(lines) and kind_of_title(text, kinds):
            return text
    return None


def grid_title(grid, kinds=None):
    """(row index, printed title) of each title printed inside a grid."""
    found = []
    for index, row in enumerate(grid):
        for cell in row:
            title = cell_title(cell, kinds)
            if title:
                found.append((index, title))
                break
    return found


def line_titles(lines, kinds=None):
    """(line index, printed title) of titles in a page's text, a title wrapping onto a
    second or third line (“…支出预” / “表”, quotes on a line of their own) included."""
    found = []
    index = 0
    while index < len(lines):
        for span in (1, 2, 3):
            text = "".join(lines[index : index + span])
            if index + span <= len(lines) and kind_of_title(text, kinds):
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


def stream(pages, tables=TABLES):
    """[(event, value, page, cell extents or None)] in reading order: ("title", printed),
    ("header", kind) where a grid's header tells its table, ("row", cells) and ("note",
    printed). Where the PDF gives positions, titles and grid rows are ordered by where they
    are printed and anything outside the printed page is left out (some PDFs carry a second
    copy of a table below the page's edge, which no reader sees); otherwise by matching each
    grid's first cell to the text."""
    kinds = title_kinds(tables)
    events = []
    for page in pages:
        if not page.tables:
            continue
        if is_placed(page):
            events += placed_events(page, kinds, tables)
        else:
            events += text_order_events(page, kinds, tables)
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


def grid_events(grid, page, kinds, tables, cell_extents=None):
    """(row index, event) of a grid's rows: its titles, a header event just before its first
    row that is no title (where the header tells the table), and its other rows."""
    titles = dict(grid_title(grid, kinds))
    kind = header_kind(grid, tables)
    events = []
    for index, row in enumerate(grid):
        if index in titles:
            events.append((index, ("title", titles[index], page.number, None)))
            continue
        if kind is not None:
            events.append((index, ("header", kind, page.number, None)))
            kind = None
        extents = cell_extents[index] if cell_extents else None
        events.append((index, ("row", row, page.number, extents)))
    return events


def placed_events(page, kinds=None, tables=TABLES):
    """A page's titles and grid rows by their top on the page; what lies outside it dropped."""
    placed = []  # (top, order, event)
    grid_titles = set()
    cells = page.table_cell_extents
    if len(cells) != len(page.tables):
        cells = [[None] * len(grid) for grid in page.tables]
    for grid, extents, xs in zip(page.tables, page.table_row_extents, cells, strict=True):
        for index, event in grid_events(grid, page, kinds, tables, xs):
            top = extents[index][0]
            if 0 <= top < page.height - 1:
                if event[0] == "title":
                    grid_titles.add(title_key(event[1]))
                placed.append((top, len(placed), event))
    for index, title in line_titles(page.lines, kinds):
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


def text_order_events(page, kinds=None, tables=TABLES):
    """A page's titles and grid rows, each grid placed by finding its first cell in the text."""
    events = []
    in_grids = [title_key(title) for grid in page.tables for _i, title in grid_title(grid, kinds)]
    text_titles = [
        (index, title)
        for index, title in line_titles(page.lines, kinds)
        if title_key(title) not in in_grids
    ]
    after = -1
    for grid in page.tables:
        start = grid_start(page, grid, after)
        while text_titles and text_titles[0][0] <= start:
            events.append(("title", text_titles.pop(0)[1], page.number, None))
        after = start
        events += [event for _index, event in grid_events(grid, page, kinds, tables)]
    for _index, title in text_titles:
        events.append(("title", title, page.number, None))
    # Without positions a note printed under a grid is taken to follow the page's grids.
    events += [("note", line, page.number, None) for line in page.lines if NOTE_RE.match(line)]
    return events


def find_blocks(pages, tables=TABLES):
    """{kind: Block} of every table found; a table printed twice goes in ``repeats``.

    A grid whose header tells its table opens that table, unless the table open is the same
    (its header repeated over pages) or was opened by a title just above, no row read yet
    (that title names the grid)."""
    blocks, repeats = {}, []
    kinds = title_kinds(tables)
    titles = {table.kind: table.title for table in tables}
    current = None
    for event, value, page, extents in stream(pages, tables):
        opened = None
        if event == "title":
            opened = Block(kind=kind_of_title(value, kinds), title=value, pages=[page])
        elif event == "header" and (current is None or current.kind != value and current.rows):
            opened = Block(kind=value, title=titles[value], pages=[page], by_header=True)
        elif event == "note" and current is not None and value not in current.note:
            # A note printed under the grid (“注：本部门无相关收支项目”), kept once.
            current.add_note(value)
        elif event == "row" and current is not None:
            current.add_row(page, value, extents)
        if opened is not None:
            current = opened
            if opened.kind in blocks:
                repeats.append(opened)
            else:
                blocks[opened.kind] = opened
    return blocks, repeats
