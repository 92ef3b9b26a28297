"""Finding the 公开表 in a document's pages: a stream of titles, headers and grid rows.

A table runs from its printed title to the next title, whether titles sit in a grid, in
the text between grids, or several to a page; continued over pages (with or without its
header repeated) it goes on. The titles looked for are those the layouts declare
(``layout.TABLES``); a grid whose title is missing or printed unforeseen is still found
by its header, where the layout declares header cells that tell its table apart, and
keeps the title printed over it, if any.
"""

import re
from dataclasses import dataclass, field

from budgets.importers.tables import normalise, note_continuation, printed_places

from .layout import TABLES

#: A note printed under a table (“注：本部门无相关收支项目”, “说明：本部门无相关收支项目。”).
NOTE_RE = re.compile(r"^(?:注|说明)\s*[:：]")
#: A note printed in a table's grid (“此表为空”, “（无）”).
GRID_NOTE = ("注", "说明", "(无", "（无", "此表为空")
#: Numbering printed before a title: “公开01表：”, “公开表三”, “表11”, “十一、”. A label
#: in numerals (“公开表七”) ends at its line's end, a colon or a space: the title after it
#: may start with a numeral too (“公开表七” over “一般公共预算支出预算表”).
NUMBERING_RE = re.compile(
    r"^\s*(?:公开\s*\d+\s*表\s*[:：]?|公开表[一二三四五六七八九十]+(?:[:：]|(?=\s)|$)"
    r"|附?表\s*\d+\s*[:：]?|[一二三四五六七八九十]+、)"
)
#: Quotation marks a title may print around 三公 (“”, 〝〞, ＂, 「」 …).
QUOTES_RE = re.compile("[“”\"'‘’〝〞＂「」『』]")
#: The line between a table's title and its grid: “部门：…  单位：万元”, “编制单位：…”.
UNIT_LINE_RE = re.compile(r"^(?:部门|编制单位|单位名称)|单位\s*[:：]")
#: A title no layout declares, as printed (label aside) over a grid its header tells:
#: words ending in 表, a “（功能科目）” after it at most; no sentence.
TITLE_LIKE_RE = re.compile(r"^[^。，,；;：:]{2,40}表(?:[（(][^（）()]{1,8}[）)])?$")


def clean(text):
    return re.sub(r"\s+", "", text or "")


def title_key(text):
    """A printed table title (its lines joined by line breaks, which end a label) reduced
    to its words: no numbering (“公开01表”, “十、”), year, quotes or (功能科目)/(经济科目)
    suffix."""
    text = normalise(NUMBERING_RE.sub("", text or ""))
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
    #: True for a table found by its header: its title, if printed, is none a layout
    #: declares (``title`` is then as printed over it, else the template's).
    by_header: bool = False
    #: The rows printed above its first figure (its header, cells normalised): a page the
    #: table goes on to may print them again over its rows.
    header: list = field(default_factory=list)
    #: True while the rows read are the first of a page the table goes on to.
    page_top: bool = False

    @property
    def where(self):
        return f"第{self.pages[0] if self.pages else '?'}页《{self.title}》"

    def add_note(self, text):
        self.note = " ".join(filter(None, [self.note, text]))

    def add_row(self, page, value, extents):
        """A grid row, unless it is the header printed again at the top of a page the
        table goes on to."""
        if page not in self.pages:
            self.pages.append(page)
            self.page_top = bool(self.rows)
        # None marks a cell covered by a merged one (pdfplumber), kept apart from "".
        cells = [None if cell is None else clean(cell) for cell in value]
        printed = [normalise(cell) for cell in cells]
        if self.page_top and any(printed) and printed in self.header:
            return
        self.page_top = False
        if not self.places:
            self.header.append(printed)
        note = next((cell for cell in cells if cell and cell.startswith(GRID_NOTE)), "")
        if note:
            self.add_note(note)
        self.rows.append(cells)
        self.extents.append(extents if extents and len(extents) == len(cells) else None)
        self.places.update(places for places in map(printed_places, cells) if places is not None)


def cell_title(cell, kinds):
    """(printed title, kind) of the title a grid cell prints on its first line (or first
    lines, wrapped), or None."""
    lines = (cell or "").split("\n")
    for span in (1, 2, 3):
        kind = kind_of_title("\n".join(lines[:span]), kinds) if span <= len(lines) else None
        if kind:
            return "".join(lines[:span]).strip(), kind
    return None


def grid_title(grid, kinds=None):
    """(row index, printed title, kind) of each title printed inside a grid."""
    found = []
    for index, row in enumerate(grid):
        for cell in row:
            title = cell_title(cell, kinds)
            if title:
                found.append((index, *title))
                break
    return found


def line_titles(lines, kinds=None):
    """(line index, printed title, kind) of titles in a page's text, a title wrapping onto
    a second or third line (“…支出预” / “表”, quotes on a line of their own) included. The
    lines are matched joined by line breaks, which end a label (“公开表七”)."""
    found = []
    index = 0
    while index < len(lines):
        for span in (1, 2, 3):
            printed = lines[index : index + span]
            kind = kind_of_title("\n".join(printed), kinds) if index + span <= len(lines) else None
            if kind:
                found.append((index, "".join(printed).strip(), kind))
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
    """[(event, value, page, extra)] in reading order: ("title", printed) (extra: its kind),
    ("header", kind) where a grid's header tells its table (extra: the title printed over
    the grid, if any), ("row", cells) (extra: the cells' extents, or None) and ("note",
    printed, with the lines it wraps onto). Where the PDF gives positions, titles and grid
    rows are ordered by where they are printed and anything outside the printed page is
    left out (some PDFs carry a second copy of a table below the page's edge, which no
    reader sees); otherwise by matching each grid's first cell to the text."""
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


def grid_events(grid, page, kinds, tables, cell_extents=None, above=()):
    """(row index, event) of a grid's rows: its titles, a header event just before its first
    row that is no title (where the header tells the table; with the title printed in the
    lines ``above`` the grid, nearest first), and its other rows."""
    titles = {index: (title, kind) for index, title, kind in grid_title(grid, kinds)}
    kind = header_kind(grid, tables)
    events = []
    for index, row in enumerate(grid):
        if index in titles:
            title, title_kind = titles[index]
            events.append((index, ("title", title, page.number, title_kind)))
            continue
        if kind is not None:
            events.append((index, ("header", kind, page.number, printed_title(page, above))))
            kind = None
        extents = cell_extents[index] if cell_extents else None
        events.append((index, ("row", row, page.number, extents)))
    return events


def printed_title(page, above):
    """The title printed over a grid, as printed, known or not: in the lines ``above`` it
    (indices, nearest first), past its unit line, a label (“公开09表：”) and words ending in
    表 on up to three lines (a title may wrap), each printed right under the one before;
    None where no such title is printed."""
    lines = [index for index in above if page.lines[index].strip()]
    while lines and UNIT_LINE_RE.search(page.lines[lines[0]]):
        lines.pop(0)
    pieces = []
    for index in lines[:4]:
        if pieces and not printed_over(page, index, pieces[-1]):
            break
        pieces.append(index)
    for span in range(len(pieces), 0, -1):
        text = "\n".join(page.lines[index].strip() for index in reversed(pieces[:span]))
        label = NUMBERING_RE.match(text)
        if TITLE_LIKE_RE.match(clean(text[label.end() if label else 0 :])):
            return text.replace("\n", "")
    return None


def printed_over(page, upper, lower):
    """Whether line ``upper`` is printed right over line ``lower`` (no wider gap than its
    own height), as a wrapped title's lines are; without positions, the line before."""
    extents = page.line_extents if len(page.line_extents) == len(page.lines) else []
    if not extents or extents[upper] is None or extents[lower] is None:
        return upper == lower - 1
    (top, bottom), (lower_top, _bottom) = extents[upper], extents[lower]
    return top <= lower_top and lower_top - bottom <= bottom - top


def lines_above(page, top, grids):
    """Indices of the lines printed above ``top`` (a grid's) and below any of ``grids``
    ((top, bottom) each) above it, nearest first."""
    floor = max((bottom for _top, bottom in grids if bottom <= top), default=-1)
    return sorted(
        (
            index
            for index, extent in enumerate(page.line_extents)
            if extent is not None and floor <= extent[0] and extent[1] <= top + 1
        ),
        key=lambda index: -page.line_extents[index][0],
    )


def notes(page, titles):
    """(line index, note) of each note a page prints, with the lines it wraps onto (until
    the page ends, a title starts (``titles``: line indices) or a line is not printed
    right under it)."""
    starts = [(index, None, "", "") for index in titles]
    return [
        (index, line + "".join(note_continuation(page, index, starts)))
        for index, line in enumerate(page.lines)
        if NOTE_RE.match(line)
    ]


def placed_events(page, kinds=None, tables=TABLES):
    """A page's titles and grid rows by their top on the page; what lies outside it dropped."""
    placed = []  # (top, order, event)
    grid_titles = set()  # kinds
    cells = page.table_cell_extents
    if len(cells) != len(page.tables):
        cells = [[None] * len(grid) for grid in page.tables]
    spans = [(rows[0][0], rows[-1][1]) for rows in page.table_row_extents if rows]
    for grid, extents, xs in zip(page.tables, page.table_row_extents, cells, strict=True):
        above = lines_above(page, extents[0][0], spans) if extents else []
        for index, event in grid_events(grid, page, kinds, tables, xs, above):
            top = extents[index][0]
            if 0 <= top < page.height - 1:
                if event[0] == "title":
                    grid_titles.add(event[3])
                placed.append((top, len(placed), event))
    titles = line_titles(page.lines, kinds)
    for index, title, kind in titles:
        extent = page.line_extents[index]
        if extent is None or kind in grid_titles:
            continue
        top, bottom = extent
        if 0 <= (top + bottom) / 2 < page.height:
            placed.append((top, len(placed), ("title", title, page.number, kind)))
    for index, note in notes(page, [index for index, _title, _kind in titles]):
        extent = page.line_extents[index]
        if extent is not None and 0 <= extent[0] < page.height:
            placed.append((extent[0], len(placed), ("note", note, page.number, None)))
    return [event for _top, _order, event in sorted(placed, key=lambda item: item[:2])]


def text_order_events(page, kinds=None, tables=TABLES):
    """A page's titles and grid rows, each grid placed by finding its first cell in the text."""
    events = []
    in_grids = {kind for grid in page.tables for *_title, kind in grid_title(grid, kinds)}
    titles = line_titles(page.lines, kinds)
    text_titles = [title for title in titles if title[2] not in in_grids]
    after = -1
    for grid in page.tables:
        start = grid_start(page, grid, after)
        while text_titles and text_titles[0][0] <= start:
            _index, title, kind = text_titles.pop(0)
            events.append(("title", title, page.number, kind))
        above = range(start - 1, after, -1)
        after = start
        events += [event for _index, event in grid_events(grid, page, kinds, tables, None, above)]
    events += [("title", title, page.number, kind) for _index, title, kind in text_titles]
    # Without positions a note printed under a grid is taken to follow the page's grids.
    found = notes(page, [index for index, _title, _kind in titles])
    events += [("note", note, page.number, None) for _index, note in found]
    return events


def find_blocks(pages, tables=TABLES):
    """{kind: Block} of every table found; a table printed twice goes in ``repeats``.

    A grid whose header tells its table opens that table, under the title printed over it
    (else the template's), unless the table open is the same (its header repeated over
    pages) or was opened by a title just above, no row read yet (that title names the
    grid)."""
    blocks, repeats = {}, []
    titles = {table.kind: table.title for table in tables}
    current = None
    for event, value, page, extra in stream(pages, tables):
        opened = None
        if event == "title":
            opened = Block(kind=extra, title=value, pages=[page])
        elif event == "header" and (current is None or current.kind != value and current.rows):
            # Its title as printed over it, where it prints one no layout declares.
            title = extra or titles[value]
            opened = Block(kind=value, title=title, pages=[page], by_header=True)
        elif event == "note" and current is not None and value not in current.note:
            # A note printed under the grid (“注：本部门无相关收支项目”), kept once.
            current.add_note(value)
        elif event == "row" and current is not None:
            current.add_row(page, value, extra)
        if opened is not None:
            current = opened
            if opened.kind in blocks:
                repeats.append(opened)
            else:
                blocks[opened.kind] = opened
    return blocks, repeats
