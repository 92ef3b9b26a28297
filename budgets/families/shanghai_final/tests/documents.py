"""The family's real documents as read, and copies of them changed line by line or cell by
cell (a page's text lines and ruled grids, as ``importers.pdf`` reads them) to make the
documents the tests need from what real ones print."""

from budgets.importers.registry import read_content

SOCIAL = "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
FINANCE = "上海市普陀区财政局2024年度部门决算.pdf"


def read(disclosure, name):
    """A fresh copy of a real document's content (pages are extracted once per session)."""
    return read_content(name, disclosure(name).read_bytes())


def table_page(content, title):
    """The page a table starts on: the one printing ``title`` as a line of its own."""
    return next(
        page for page in content.pages if any(line.replace(" ", "") == title for line in page.lines)
    )


def set_cells(content, title, label, cells):
    """In the table titled ``title``, the first grid row holding the cell ``label``: its
    cells at the given indexes ({index: text}) replaced."""
    page = table_page(content, title)
    row = next(row for grid in page.tables for row in grid if label in row)
    for index, text in cells.items():
        row[index] = text


def replace_in_line(content, old, new):
    """The one line printing ``old``, with ``new`` in its place."""
    places = [
        (page, index)
        for page in content.pages
        for index, line in enumerate(page.lines)
        if old in line
    ]
    assert len(places) == 1, (old, len(places))
    page, index = places[0]
    page.lines[index] = page.lines[index].replace(old, new)


def drop_lines(content, starting):
    """Every line that starts with one of ``starting`` (spaces ignored) left out."""
    for page in content.pages:
        kept = [line for line in page.lines if not line.replace(" ", "").startswith(starting)]
        page.lines[:] = kept
        page.line_extents[:] = []
