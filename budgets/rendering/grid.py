"""A ``PublishedTable`` laid out as a ruled grid: header, body, column widths and row heights.

Every cell is ruled on all four sides, as in the real documents: pdfplumber finds the
table by its ruling lines and a merged cell (colspan/rowspan) by the lines it lacks. A code
printed as 类/款/项 takes one column per part; an amount is never wrapped, any other text
wraps inside its cell.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from budgets.disclosures.tables import Code, split_code

from . import fonts
from .amounts import format_amount
from .sheet import TOKEN, wrap

#: Cell padding and line spacing as shares of the font size.
PAD = 0.45
LEADING = 1.3
#: The smallest size a table's font is shrunk to for its columns to fit the page.
SMALLEST = 5.0


@dataclass
class Cell:
    text: str
    column: int
    colspan: int = 1
    rowspan: int = 1
    #: The band (row) of the header or the body the cell starts in.
    row: int = 0
    align: str = "left"  # left, right, centre
    indent: float = 0.0
    #: True where the text may not wrap (amounts and codes).
    whole: bool = False


@dataclass
class Grid:
    """The cells of one table, before widths are known."""

    columns: int
    header: list = field(default_factory=list)  # [Cell], rows counted within the header
    header_rows: int = 0
    body: list = field(default_factory=list)  # [[Cell]], one list per printed row
    #: A side-by-side form (收支总表) is printed on one page whatever the variant's
    #: rows per page: real documents never break one where the page has room.
    one_page: bool = False


@dataclass
class Layout:
    """A Grid with its font size, column widths and band heights."""

    grid: Grid
    size: float
    widths: list
    header_heights: list
    body_heights: list
    left: float = 0.0

    @property
    def width(self):
        return sum(self.widths)

    @property
    def header_height(self):
        return sum(self.header_heights)

    def x(self, column):
        return self.left + sum(self.widths[:column])

    def span(self, cell):
        return sum(self.widths[cell.column : cell.column + cell.colspan])


def physical(table):
    """(first physical column, how many) of each column: a split code takes one per part."""
    spans, start = [], 0
    for column in table.columns:
        count = len(column.code_parts) or 1
        spans.append((start, count))
        start += count
    return spans


def place_header(header_rows):
    """The header's cells placed on a grid, as HTML places colspan/rowspan cells."""
    taken, cells = set(), []
    for row, header_cells in enumerate(header_rows):
        column = 0
        for header in header_cells:
            while (row, column) in taken:
                column += 1
            cells.append(
                Cell(header.text, column, header.colspan, header.rowspan, row, align="centre")
            )
            taken |= {
                (row + down, column + across)
                for down in range(header.rowspan)
                for across in range(header.colspan)
            }
            column += header.colspan
    return cells


def value_cells(value, column, start, count, table, variant):
    """The printed cell(s) of one value in one column."""
    if isinstance(value, Code) and column.code_parts:
        return [
            Cell(part, start + index, align="centre", whole=True)
            for index, part in enumerate(split_code(value.code, column.code_parts))
        ]
    if isinstance(value, Decimal) or (value is None and column.kind == "amount"):
        text = format_amount(value, table.amount_unit, table.amount_places, variant.grouping)
        return [Cell(text, start, count, align="right", whole=True)]
    text = "" if value is None else str(value)
    return [Cell(text, start, count, whole=isinstance(value, Code))]


def body_row(table, row, spans, variant):
    """One body row's cells; a row shorter than the table spans its last cell to the end."""
    cells = []
    total = sum(spans[-1]) if spans else 0
    for index, value in enumerate(row.cells):
        column = table.columns[min(index, len(table.columns) - 1)]
        start, count = spans[index] if index < len(spans) else (total, 0)
        if index == len(row.cells) - 1:
            count = total - start
        cells += value_cells(value, column, start, count, table, variant)
    named = next((cell for cell in cells if not cell.whole and cell.text.strip()), None)
    if variant.indent and named is not None and not table.layout:
        named.indent = row.depth * variant.cell_size
    if row.kind == "heading":
        for cell in cells:
            cell.align = "centre"
    if row.kind == "total" and not table.layout:
        cells = merged_label(cells)
    if table.layout:
        cells = spanning_labels(cells)
    return cells


def spanning_labels(cells):
    """A side-by-side table's label whose figure is the row's last cell, past two or more
    empty cells (江苏's “当年支出小计” across the 功能分类 and 支出用途 panels), drawn across
    those cells, as documents print it."""
    merged, index = [], 0
    while index < len(cells):
        cell = cells[index]
        merged.append(cell)
        index += 1
        if cell.whole or not cell.text:
            continue
        end = index
        while end < len(cells) and not cells[end].text:
            end += 1
        if end == len(cells) - 1 and cells[end].whole and end - index >= 2:
            cell.colspan += sum(covered.colspan for covered in cells[index:end])
            index = end
    return merged


def merged_label(cells):
    """A 合计 row's label centred across the empty text cells after it (its code and
    name columns), as documents print it."""
    label = cells[0]
    rest = cells[1:]
    while rest and not rest[0].text and rest[0].align == "left":
        label.colspan += rest.pop(0).colspan
    label.align = "centre"
    return [label, *rest]


def blank_row(columns):
    return [Cell("", column) for column in range(columns)]


def grid_of(table, header_rows, variant, empty_text=""):
    """The Grid of ``table`` with ``header_rows`` (HeaderCell rows) as its header; an
    empty list's one row reads ``empty_text`` where given."""
    spans = physical(table)
    columns = sum(spans[-1]) if spans else 1
    header = place_header(header_rows)
    height = max((cell.row + cell.rowspan for cell in header), default=0)
    body = body_of(table, spans, columns, variant, empty_text)
    return Grid(columns, header, height, body, one_page=table.layout and not variant.split_layout)


def body_of(table, spans, columns, variant, empty_text=""):
    """The body rows: a list without figures printed the document's way (``empty_text``)
    or the variant's (as built, one “无” row, or none); a list's blank rows (the
    variant's) before its closing 合计 row."""
    if not table.has_figures and not (table.layout or table.form):
        if empty_text:
            return [[Cell(empty_text, 0, columns)]]
        if variant.empty_table == "no_rows":
            return []
        if variant.empty_table == "无":
            return [[Cell("无", 0), *blank_row(columns)[1:]]]
    body = [body_row(table, row, spans, variant) for row in table.rows]
    if table.layout or table.form:
        # A side-by-side table's rows stand where it prints them (``PrintedRow``).
        return body
    closing = 1 if len(table.rows) > 1 and table.rows[-1].kind == "total" else 0
    at = len(body) - closing
    body[at:at] = [blank_row(columns) for _ in range(variant.blank_rows if body else 0)]
    return body


def limits(grid, font, size):
    """(smallest, natural) width of each column at ``size``: an amount or a code is never
    narrower than its text, nor any cell than its longest number; other body text may
    wrap down to four characters a line, a header's to two."""
    pad = 2 * PAD * size
    smallest = [2 * size + pad] * grid.columns
    natural = list(smallest)
    body = [cell for cells in grid.body for cell in cells]
    for cells, least, most in ((body, 4, 16), (grid.header, 2, 4)):
        for cell in cells:
            if cell.colspan != 1 or not cell.text:
                continue
            extent = fonts.width(cell.text, font, size) + pad + cell.indent
            floor = (
                extent
                if cell.whole
                else max(min(extent, least * size + pad), token_width(cell.text, font, size) + pad)
            )
            column = cell.column
            smallest[column] = max(smallest[column], floor)
            natural[column] = max(natural[column], smallest[column], min(extent, most * size + pad))
    return smallest, natural


def token_width(text, font, size):
    """The width of the longest run of ``text`` that is never broken (a number)."""
    return max((fonts.width(token, font, size) for token in TOKEN.findall(text)), default=0.0)


def fit(smallest, natural, width, variant, rng):
    """Column widths in ``width``: natural shares (strayed by the variant's spread), filling
    the width or kept natural; squeezed towards the smallest where they do not fit."""
    spread = variant.column_spread
    natural = [
        max(low, value * (1 + rng.uniform(-spread, spread)))
        for low, value in zip(smallest, natural, strict=True)
    ]
    total = sum(natural)
    if total <= width:
        scale = width / total if variant.full_width else 1.0
        return [value * scale for value in natural]
    spare, extra = width - sum(smallest), total - sum(smallest)
    return [
        low + (value - low) * spare / extra for low, value in zip(smallest, natural, strict=True)
    ]


def cell_lines(cell, layout, font):
    """The lines a cell prints: its text wrapped within the cell (amounts never)."""
    if cell.whole:
        return [cell.text]
    inner = layout.span(cell) - 2 * PAD * layout.size - cell.indent
    return wrap(cell.text, font, layout.size, max(inner, layout.size))


def band_heights(cells, rows, layout, font):
    """The height of each of ``rows`` bands holding ``cells``: one line at least, and as
    many as the tallest cell wraps to (a spanning cell grows its last band)."""
    line = LEADING * layout.size
    heights = [line + 2 * PAD * layout.size] * rows
    for cell in sorted(cells, key=lambda cell: cell.rowspan):
        need = len(cell_lines(cell, layout, font)) * line + 2 * PAD * layout.size
        have = sum(heights[cell.row : cell.row + cell.rowspan])
        if need > have:
            heights[cell.row + cell.rowspan - 1] += need - have
    return heights


def lay_out(grid, variant, width, rng, size=None):
    """The Layout of ``grid`` in ``width`` points: the variant's cell size (or ``size``),
    shrunk (to ``SMALLEST`` at most) until every amount fits its column."""
    size = size or variant.cell_size
    smallest, natural = limits(grid, variant.body_font, size)
    while sum(smallest) > width and size > SMALLEST:
        size -= 0.5
        smallest, natural = limits(grid, variant.body_font, size)
    layout = Layout(grid, size, fit(smallest, natural, width, variant, rng), [], [])
    font = variant.body_font
    layout.header_heights = band_heights(grid.header, grid.header_rows, layout, font)
    layout.body_heights = [band_heights(cells, 1, layout, font)[0] for cells in grid.body]
    return layout


def fits(grid, variant, width):
    """Whether the grid fits ``width`` at the variant's cell size without squeezing its
    columns much below their natural widths."""
    smallest, natural = limits(grid, variant.body_font, variant.cell_size)
    return sum(smallest) <= width and sum(natural) <= SQUEEZE * width


#: How far a table's natural width may exceed the page's text width and still be printed
#: on a portrait page (its text wrapping more).
SQUEEZE = 1.2
