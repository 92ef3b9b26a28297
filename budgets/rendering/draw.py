"""Drawing a document's parts on a Sheet: its cover, its narrative and its ruled tables.

A family says *what* is printed (``style.FamilyStyle``: the cover's lines, the sections,
each table's title, unit line and header); this module says *how*, the same for every
family, within what the Variant chooses.
"""

from dataclasses import dataclass, field

from . import fonts
from .grid import LEADING, PAD, SMALLEST, cell_lines, fits, grid_of, lay_out
from .sheet import LANDSCAPE, PORTRAIT, wrap


@dataclass(frozen=True)
class CoverLine:
    text: str
    #: Size as a multiple of the variant's title size.
    scale: float = 1.0
    #: Space before the line, in multiples of its own size.
    gap: float = 1.0
    title: bool = True


@dataclass
class Cover:
    lines: list
    size: tuple = PORTRAIT


@dataclass
class Section:
    heading: str
    paragraphs: list = field(default_factory=list)
    #: Whether the section starts a page of its own, and whether its heading is centred.
    new_page: bool = False
    centred: bool = True


@dataclass
class Narrative:
    sections: list
    size: tuple = PORTRAIT


@dataclass
class TablePrint:
    """One official table as printed: the table and what surrounds it."""

    table: object  # PublishedTable
    title: str
    #: (left, right) of the line under the title: “编制单位：…” and “单位：元”.
    unit_line: tuple = ("", "")
    header_rows: list = field(default_factory=list)
    #: A label printed above the title at the left (“表1”, “公开01表”), or "".
    label: str = ""
    note: str = ""
    #: The one row a table without figures prints where its document prints one
    #: (“此表为空”); "" leaves the body to the variant (``Variant.empty_table``).
    empty_text: str = ""
    #: The title the document's reader stores for the table as printed ("" for
    #: ``title``): a reader that joins the label to the title line stores both.
    stored_title: str = ""


@dataclass
class Tables:
    prints: list
    #: A heading over the first table (“第二部分 2018年度部门预算表”), or "".
    heading: str = ""


def draw_cover(sheet, cover):
    """The cover: its lines centred, from a third of the way down the page."""
    sheet.new_page(cover.size)
    sheet.top = sheet.height / 3
    variant = sheet.variant
    for line in cover.lines:
        size = variant.title_size * line.scale
        font = variant.title_font if line.title else variant.body_font
        sheet.top += line.gap * size
        sheet.centred(sheet.top, line.text, fitted(line.text, font, size, sheet.text_width), font)
        sheet.top += size * LEADING


def fitted(text, font, size, width):
    """``size``, smaller where ``text`` would not fit ``width`` on one line."""
    extent = fonts.width(text, font, size)
    return size if extent <= width else size * width / extent


def draw_narrative(sheet, narrative):
    """Sections of headings and paragraphs, wrapped to the text width, numbered pages."""
    sheet.new_page(narrative.size)
    sheet.numbered = True
    for index, section in enumerate(narrative.sections):
        if section.new_page and index:
            next_page(sheet)
        draw_heading(sheet, section)
        for paragraph in section.paragraphs:
            draw_paragraph(sheet, paragraph)


def next_page(sheet):
    sheet.new_page()
    sheet.numbered = True


def draw_heading(sheet, section):
    variant = sheet.variant
    size = variant.text_size * (1.4 if section.centred else 1.1)
    if sheet.room() < size * 5:
        next_page(sheet)
    sheet.top += size * 0.8
    font = variant.title_font
    if section.centred:
        sheet.centred(sheet.top, section.heading, size, font)
    else:
        sheet.text(variant.margin, sheet.top, section.heading, size, font)
    sheet.top += size * 2


def draw_paragraph(sheet, paragraph):
    """One paragraph, its first line indented by two characters."""
    variant = sheet.variant
    size = variant.text_size
    indent = 2 * size
    lines = wrap(paragraph, variant.body_font, size, sheet.text_width, indent)
    for number, line in enumerate(lines):
        if sheet.room() < size * LEADING:
            next_page(sheet)
        sheet.text(variant.margin + (indent if number == 0 else 0), sheet.top, line, size)
        sheet.top += size * 1.6


def page_size(grid, variant):
    """Portrait unless the table's columns need landscape (or the variant wants it)."""
    if variant.orientation == "landscape":
        return LANDSCAPE
    return PORTRAIT if fits(grid, variant, PORTRAIT[0] - 2 * variant.margin) else LANDSCAPE


def draw_tables(sheet, tables):
    """The tables, the first on a page of its own unless the variant begins it under the
    narrative before it (readers take a page with a table for a table page)."""
    if not sheet.variant.tables_after_text:
        sheet.new_page()
    if tables.heading:
        draw_heading(sheet, Section(tables.heading))
    for index, printed in enumerate(tables.prints):
        draw_table(sheet, printed, first=index == 0)


def draw_table(sheet, printed, first=False):
    """One table: title and unit line on its first page, its rows over as many pages as
    they take (the header repeated on each or not), its note under its last row."""
    variant = sheet.variant
    grid = grid_of(printed.table, printed.header_rows, variant, printed.empty_text)
    size = page_size(grid, variant)
    own_page = variant.table_on_new_page and not (first and variant.tables_after_text)
    if own_page or sheet.size != size or not sheet.drawn:
        sheet.new_page(size)
    layout = laid_out(sheet, grid, printed)
    note = note_lines(sheet, printed.note, layout)
    note_height = len(note[0]) * note[1] * LEADING
    first = layout.body_heights[0] if layout.body_heights else 0
    whole = title_height(variant) + layout.header_height + sum(layout.body_heights) + note_height
    if sheet.drawn and sheet.room() < title_height(variant) + layout.header_height + first:
        sheet.new_page(size)
    elif sheet.drawn and variant.keep_tables and sheet.room() < whole <= fresh_room(sheet):
        # A table that fits a page of its own is not begun at the foot of another.
        sheet.new_page(size)
    elif sheet.drawn:
        sheet.top += variant.title_size
    draw_title(sheet, printed, layout)
    draw_header(sheet, layout)
    draw_body(sheet, layout, note_height)
    draw_note(sheet, note, layout)


def laid_out(sheet, grid, printed):
    """The table's Layout, centred; a side-by-side form that would run over a page is
    set smaller until it fits one (as documents print it: never broken)."""
    variant = sheet.variant
    size = variant.cell_size
    while True:
        rng = variant.rng("columns", printed.table.number)
        layout = lay_out(grid, variant, sheet.text_width, rng, size)
        tall = title_height(variant) + layout.header_height + sum(layout.body_heights)
        if not grid.one_page or tall <= fresh_room(sheet) or layout.size <= SMALLEST:
            break
        size = layout.size - 0.5
    layout.left = variant.margin + (sheet.text_width - layout.width) / 2
    return layout


def fresh_room(sheet):
    return sheet.height - 2 * sheet.variant.margin


def note_lines(sheet, note, layout):
    """(lines, size) of a note as the variant prints it: on one line across the page
    (its print shrunk to fit, as documents do), or wrapped at the page's or the table's
    width (a line then starts without “注：”)."""
    if not note:
        return [], layout.size
    font, way = sheet.variant.body_font, sheet.variant.note_wrap
    if way == "fit":
        size = fitted(note, font, layout.size, sheet.text_width)
        if size >= SMALLEST_NOTE:
            return [note], size
    width = layout.width if way == "table" else sheet.text_width
    return wrap(note, font, layout.size, width), layout.size


#: The smallest print a note is shrunk to for one line; a longer note wraps.
SMALLEST_NOTE = 5.0


def draw_note(sheet, note, layout):
    """The note under the table, from its left edge (further left where it needs room)."""
    lines, size = note
    font = sheet.variant.body_font
    widest = max((fonts.width(line, font, size) for line in lines), default=0)
    left = min(layout.left, sheet.variant.margin + sheet.text_width - widest)
    for line in lines:
        sheet.text(left, sheet.top + size * 0.4, line, size)
        sheet.top += size * LEADING


def title_height(variant):
    return variant.title_size * 1.7 + variant.cell_size * 4


def draw_title(sheet, printed, layout):
    """The label (“表1”), the title centred over the table, and the unit line: its left
    part at the table's left edge, its right part ending at the table's right edge."""
    variant = sheet.variant
    if printed.label:
        sheet.text(layout.left, sheet.top, printed.label, layout.size)
        sheet.top += layout.size * 1.8
    size = fitted(printed.title, variant.title_font, variant.title_size, sheet.text_width)
    sheet.centred(sheet.top, printed.title, size, variant.title_font)
    sheet.top += size * 1.7
    left, right = printed.unit_line
    x0, x1 = layout.left, layout.left + layout.width
    extent = fonts.width(left + right, variant.body_font, layout.size) + 2 * layout.size
    if extent > layout.width:
        x0, x1 = variant.margin, variant.margin + sheet.text_width
    if left:
        sheet.text(x0, sheet.top, left, layout.size)
    if right:
        sheet.text(
            x1 - fonts.width(right, variant.body_font, layout.size), sheet.top, right, layout.size
        )
    sheet.top += layout.size * 1.8


def draw_header(sheet, layout):
    if layout.grid.header:
        draw_cells(sheet, layout, layout.grid.header, layout.header_heights)


def draw_body(sheet, layout, note_height):
    """The body rows, a new page where the next row (with the note, after the last row)
    does not fit or the variant's rows per page are printed."""
    variant = sheet.variant
    limit = None if layout.grid.one_page else variant.rows_per_page
    rows = list(zip(layout.grid.body, layout.body_heights, strict=True))
    # A table just one row too long for its page goes on with its last row alone.
    alone = len(rows) - 1 if variant.last_row_alone and not layout.grid.one_page else None
    on_page = 0
    for index, (cells, height) in enumerate(rows):
        need = height + (note_height if index == len(rows) - 1 else 0)
        if on_page and (sheet.room() < need or on_page == limit or index == alone):
            sheet.new_page()
            if variant.repeat_header:
                draw_header(sheet, layout)
            on_page = 0
        draw_cells(sheet, layout, cells, [height])
        on_page += 1


def draw_cells(sheet, layout, cells, heights):
    """Cells whose bands (of ``heights``) start at the cursor, each ruled on four sides
    with its text wrapped and centred in it vertically; the cursor moves below them."""
    top = sheet.top
    for cell in cells:
        y0 = top + sum(heights[: cell.row])
        y1 = y0 + sum(heights[cell.row : cell.row + cell.rowspan])
        x0 = layout.x(cell.column)
        x1 = x0 + layout.span(cell)
        for edge in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
            sheet.rule(*edge)
        draw_cell_text(sheet, layout, cell, (x0, y0, x1, y1))
    sheet.top = top + sum(heights)


def draw_cell_text(sheet, layout, cell, box):
    """A cell's lines, centred in it vertically, aligned as the cell says."""
    x0, y0, x1, y1 = box
    font, size = sheet.variant.body_font, layout.size
    lines = cell_lines(cell, layout, font)
    line = LEADING * size
    y = y0 + (y1 - y0 - len(lines) * line) / 2 + (line - size) / 2
    pad = PAD * size
    for text in lines:
        extent = fonts.width(text, font, size)
        x = {
            "left": x0 + pad + cell.indent,
            "right": x1 - pad - extent,
            "centre": (x0 + x1 - extent) / 2,
        }[cell.align]
        if text:
            sheet.text(x, y, text, size)
        y += line
