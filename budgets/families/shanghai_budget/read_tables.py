"""The nine tables of a Shanghai budget found as ``layout.SHANGHAI_DISTRICT`` declares them.

A table is found by any of its declared titles printed over it (the shared
``importers.tables.find_tables`` reads its grids), or, on a page that prints no title the
template knows, by its declared header cells; a table the document lacks is named in the
refusal by its number and title.
"""

from dataclasses import replace

from django.utils.translation import gettext as _

from budgets.importers.pdf import ImportRefusedError
from budgets.importers.tables import (
    UNIT_RE,
    cell_text,
    find_tables,
    grid_unit,
    is_data_row,
    is_title_text,
    normalise,
    preamble_length,
)

from .layout import SHANGHAI_DISTRICT


def read_tables(pages, layout=SHANGHAI_DISTRICT):
    """{number: Table} of every table ``layout`` declares; ImportRefusedError naming the
    tables it requires that ``pages`` do not print."""
    titles = [(table.number, title) for table in layout.tables for title in table.titles]
    tables = find_tables(pages, titles, by_header=lambda page: header_table(page, layout))
    declared = {table.number: table for table in layout.tables}
    for number, table in tables.items():
        # Whichever of its titles the document printed, the table is the template's.
        table.template_title = declared[number].title
    missing = [table for table in layout.tables if table.number not in tables]
    missing = [table for table in missing if not table.optional]
    if missing:
        names = "、".join(f"表{table.number}《{table.title}》" for table in missing)
        raise ImportRefusedError(_("文件中找不到以下预算表：%(titles)s。") % {"titles": names})
    return tables


def lines_above(table):
    """The page ``table`` starts on with only the lines printed above it (its grids left
    out): above its title line, or, for a table known by its header, above its first grid
    where the page says where that is, title and “编制单位/单位：元” lines left out."""
    page = table.pages[0]
    if table.title in page.lines:
        end = page.lines.index(table.title)
    else:
        end = len(above_grid(page, table.grids[page.number]))
        while end and is_title_text(page.lines[end - 1]):
            end -= 1
    placed = len(page.line_extents) == len(page.lines)
    return replace(
        page,
        lines=page.lines[:end],
        line_extents=page.line_extents[:end] if placed else [],
        tables=[],
        table_row_extents=[],
        table_cell_extents=[],
        words=[],
        rulings=[],
    )


def above_grid(page, grids):
    """The lines of ``page`` printed above the first of ``grids`` (its grids of the table);
    none where the page does not say where they are."""
    indexes = [i for i, grid in enumerate(page.tables) if any(grid is mine for mine in grids)]
    if not indexes or len(page.line_extents) != len(page.lines):
        return []
    top = page.table_row_extents[indexes[0]][0][0]
    lines = []
    for line, extent in zip(page.lines, page.line_extents, strict=True):
        if extent is None or extent[1] > top:
            break
        lines.append(line)
    return lines


def header_table(page, layout):
    """(number, title, unit) of the table ``page``'s first grid is by its header, or None
    (see ``table_of_header``); its unit as the page prints it, else as declared."""
    grid = page.tables[0]
    table = table_of_header(header_cells(grid), layout)
    if table is None:
        return None
    printed = grid_unit(grid) or next(
        (match.group(1) for match in map(UNIT_RE.search, page.lines) if match), ""
    )
    return table.number, table.title, printed or table.amount_unit or layout.amount_unit


def header_cells(grid):
    """The normalised texts of a grid's header cells: the rows after its preamble (title,
    unit line) and before its first row of figures."""
    cells = []
    for row in grid[preamble_length(grid) :]:
        if is_data_row(row):
            break
        cells += [normalise(cell) for cell in row if cell_text(cell)]
    return cells


def table_of_header(cells, layout):
    """The one table of ``layout`` whose every declared header cell appears within one of
    ``cells``; None when none or several do (a header alone must not guess)."""
    matches = [
        table
        for table in layout.tables
        if table.header
        and all(any(normalise(wanted) in cell for cell in cells) for wanted in table.header)
    ]
    return matches[0] if len(matches) == 1 else None
