"""A form drawn as a ruled grid of labelled cells: a 绩效目标填报表.

Unlike an official table, a form has no header over a list: its rows are labels and
values in cells of fixed column shares, some spanning columns or rows. It is drawn in
blocks: a ``FormBlock`` (its title, its fields, its goals) is kept whole on a page; a
``FormList`` (its indicators) runs row by row over as many pages as it takes, its
header row printed again on each (or not, as the variant says), and the cells of its
merged columns (一级指标, 二级指标) spanning the rows that repeat them on one page.
"""

from dataclasses import dataclass, field

from .draw import draw_cells
from .grid import Cell, Layout, band_heights
from .sheet import PORTRAIT


@dataclass
class FormBlock:
    """Rows of cells (``Cell.row`` counted within the block) kept on one page."""

    cells: list
    rows: int


@dataclass
class FormList:
    """A list under a header row: each item a row of texts, one per column span."""

    header: list  # [Cell] of one row
    #: (first column, how many) each item's texts go in, in order.
    spans: list
    items: list  # [tuple of texts]
    #: Positions (in an item) whose repeated texts are merged into one cell per page.
    merged: tuple = ()
    #: A cell spanning the whole list at the left (“绩效指标”), before ``spans``.
    label: str = ""


@dataclass
class Form:
    #: Each column's share of the form's width.
    shares: tuple
    parts: list = field(default_factory=list)  # FormBlock / FormList, in order
    size: tuple = PORTRAIT


def draw_form(sheet, form):
    """The form from the top of a new page, as wide as the text width; its pages are
    not numbered (a form is printed apart from the narrative)."""
    sheet.new_page(form.size)
    variant = sheet.variant
    total = sum(form.shares)
    widths = [sheet.text_width * share / total for share in form.shares]
    layout = Layout(None, variant.cell_size, widths, [], [], left=variant.margin)
    for part in form.parts:
        if isinstance(part, FormBlock):
            draw_block(sheet, layout, part.cells, part.rows)
        else:
            draw_list(sheet, layout, part)


def draw_block(sheet, layout, cells, rows):
    heights = band_heights(cells, rows, layout, sheet.variant.body_font)
    if sheet.drawn and sheet.room() < sum(heights):
        sheet.new_page()
    draw_cells(sheet, layout, cells, heights)


def draw_list(sheet, layout, part):
    """The header, then as many items as fit on each page, merged cells per page."""
    font = sheet.variant.body_font
    heights = [band_heights(item_cells(part, item), 1, layout, font)[0] for item in part.items]
    header = band_heights(part.header, 1, layout, font)[0]
    start = 0
    while start < len(part.items):
        if sheet.room() < header + heights[start]:
            sheet.new_page()
        room, end = sheet.room() - header, start
        while end < len(part.items) and (end == start or room >= heights[end]):
            room -= heights[end]
            end += 1
        first = start == 0 or sheet.variant.repeat_header
        draw_page_of_list(sheet, layout, part, (start, end), first, (header, heights))
        start = end


def draw_page_of_list(sheet, layout, part, bounds, with_header, band):
    """Items ``bounds`` (start, end) on the current page, under the header if asked."""
    header, heights = band
    start, end = bounds
    items = part.items[start:end]
    cells, rows = [], list(heights[start:end])
    if with_header:
        cells = [Cell(c.text, c.column, c.colspan, 1, 0, c.align) for c in part.header]
        rows.insert(0, header)
    offset = 1 if with_header else 0
    if part.label:
        cells.append(Cell(part.label if start == 0 else "", 0, 1, len(rows), 0, "centre"))
    for index, item in enumerate(items):
        for position, (text, (column, colspan)) in enumerate(zip(item, part.spans, strict=True)):
            if position in part.merged and index and same_run(items, index, position):
                continue
            span = run_length(items, index, position) if position in part.merged else 1
            cells.append(Cell(text, column, colspan, span, index + offset, "centre"))
    draw_cells(sheet, layout, cells, rows)


def same_run(items, index, position):
    """Whether item ``index`` repeats the merged texts of the item before it (up to and
    including ``position``), so its cell is covered by the one above."""
    return items[index][: position + 1] == items[index - 1][: position + 1]


def run_length(items, index, position):
    length = 1
    while index + length < len(items) and same_run(items, index + length, position):
        length += 1
    return length


def item_cells(part, item):
    return [
        Cell(text, column, colspan, align="centre")
        for text, (column, colspan) in zip(item, part.spans, strict=True)
    ]
