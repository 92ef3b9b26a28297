"""A table's grids as one list of rows, however the table runs over pages.

A table that goes on to another page may print its header again at the top of it: that
header is known by the table's declared header words (``TableLayout.header``, as
``find.header_layout`` matches them) and left out, so that no header row is read as a row
of figures. A short continuation (a 合计 row alone on the next page, its label drawn
across the code and name columns) has fewer ruled columns than the table: its cells are
put back under the columns of the table's header by where they are printed. A grid
without a word is left out: blank rows that end a table may stand alone above the next
table's title, where the page's text, which has none of theirs, cannot tell whose they are.
"""

from budgets.importers.tables import cell_text

from .find import header_layout


def table_rows(found, layout):
    """The rows of every grid of ``found`` (importers.tables.Table), cells as text (None
    for a merged cell), each in the table's columns, without repeated headers."""
    rows, first, columns = [], None, None
    for index, page in enumerate(found.pages):
        for position, grid in enumerate(found.grids.get(page.number, [])):
            if not any(any(texts(row)) for row in grid):
                continue
            extents = cell_extents(page, grid)
            if first is None:
                first, columns = grid, column_extents(extents)
            elif columns and extents and len(columns) > width_of(grid):
                grid = realigned(grid, extents, columns)
            if index and not position:
                grid = grid[repeated_header_length(grid, first, layout) :]
            rows += [[None if cell is None else cell_text(cell) for cell in row] for row in grid]
    return rows


def repeated_header_length(grid, first, layout):
    """How many rows at the top of a continuation page's ``grid`` print the table's header
    again: the rows its ``first`` grid begins with, as long as they are the same, where
    they hold every word the layout declares its header holds; else 0."""
    count = 0
    for row, head in zip(grid, first, strict=False):
        if texts(row) != texts(head):
            break
        count += 1
    if not count or header_layout(grid[:count], [layout]) is not layout:
        return 0
    return count


def texts(row):
    return [cell_text(cell) for cell in row]


def cell_extents(page, grid):
    """(x0, x1) of each cell of ``grid`` as ``page`` printed it (None for a merged cell);
    [] where the page does not say (a page built by hand)."""
    for index, printed in enumerate(page.tables):
        if printed is grid and index < len(page.table_cell_extents):
            return page.table_cell_extents[index]
    return []


def column_extents(extents):
    """(x0, x1) of each column of a grid, from the narrowest cell any row prints in it (a
    merged cell spans several); [] where unknown."""
    width = max((len(row) for row in extents), default=0)
    columns = []
    for column in range(width):
        cells = [row[column] for row in extents if column < len(row) and row[column]]
        if not cells:
            return []
        columns.append(min(cells, key=lambda cell: cell[1] - cell[0]))
    return columns


def width_of(grid):
    return max((len(row) for row in grid), default=0)


def realigned(grid, extents, columns):
    """``grid``'s rows with each cell under the columns (of ``columns``) it spans: its
    text in the first, None in the others, as a merged cell reads."""
    rows = []
    for cells, placed in zip(grid, extents, strict=True):
        row = [""] * len(columns)
        for text, extent in zip(cells, placed, strict=True):
            if extent is None:
                continue
            first = nearest([column[0] for column in columns], extent[0])
            last = nearest([column[1] for column in columns], extent[1])
            row[first] = text
            for covered in range(first + 1, last + 1):
                row[covered] = None
        rows.append(row)
    return rows


def nearest(edges, x):
    """The index of the edge nearest ``x``."""
    return min(range(len(edges)), key=lambda index: abs(edges[index] - x))
