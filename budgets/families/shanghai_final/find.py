"""The nine tables found in a document's pages by what the layout says they print.

First by title (``TableLayout.titles``, on the line above “单位：万元”), as the shared
``find_tables`` does for every template, in whatever order the document prints them and
over as many pages as each takes. A table whose title is not printed is then found by its
header (``TableLayout.header``): a page whose first grid's header holds every declared
word of a missing table gets that table's title back, and the pages are read again, so
that it starts that table and the untitled pages after it carry it on.
A table found neither way is named, by its number and title, in the refusal.
"""

import re
from dataclasses import replace

from django.utils.translation import gettext as _

from budgets.importers.pdf import ImportRefusedError
from budgets.importers.tables import NUMBER_RE, cell_text, find_tables, normalise

from .layout import FINAL_ACCOUNTS

ORDINAL_START = re.compile(r"^[一二三四五六七八九十]+、")


def find_final_tables(pages, layout=FINAL_ACCOUNTS):
    """{number: importers.tables.Table} of every table of ``layout``; ImportRefusedError
    naming the tables that are not there."""
    titles = [(table.number, title) for table in layout.tables for title in table.titles]
    found = find_tables(pages, titles, read=lambda table: None)
    if any(table.number not in found for table in layout.tables):
        pages = titled_by_header(pages, found, layout)
        found = find_tables(pages, titles, read=lambda table: None)
    required = [t for t in layout.tables if t.number not in found and not t.optional]
    if required:
        raise ImportRefusedError(
            _("文件中找不到以下决算表：%(titles)s。")
            % {"titles": "、".join(f"表{table.number} {table.title}" for table in required)}
        )
    return found


def titled_by_header(pages, found, layout):
    """``pages`` with the title put back over each table of ``layout`` not ``found`` whose
    header a page's first grid prints, on a page no found table starts on: read
    again, such a page starts the table instead of running on from the one before. A page
    repeating the header of the table it runs on from stays with that table."""
    starts = {table.pages[0].number for table in found.values()}
    runs_on = {page.number: table.number for table in found.values() for page in table.pages[1:]}
    by_number = {table.number: table for table in layout.tables}
    missing = [table for table in layout.tables if table.number not in found]
    titled = []
    for page in pages:
        table = None
        if page.number not in starts and page.tables:
            before = [by_number[runs_on[page.number]]] if page.number in runs_on else []
            table = header_layout(page.tables[0], [*missing, *before])
        if table is not None and table in missing:
            missing.remove(table)
            unit = table.amount_unit or layout.amount_unit
            page = replace(page, lines=[table.title, f"单位：{unit}", *page.lines], line_extents=[])
        titled.append(page)
    return titled


def header_layout(grid, candidates):
    """The one of ``candidates`` whose every header word stands in a column of ``grid``'s
    header; of several, the one that declares the most words (表4 holds 表1's words and
    more); None when none does or two tie."""
    labels = column_labels(header_rows(grid))
    matching = [
        table
        for table in candidates
        if table.header
        and all(any(normalise(word) in label for label in labels) for word in table.header)
    ]
    matching.sort(key=lambda table: -len(table.header))
    if not matching or (len(matching) > 1 and len(matching[1].header) == len(matching[0].header)):
        return None
    return matching[0]


def header_rows(grid):
    """The rows of ``grid`` before its first row of figures, codes or ordinal labels."""
    rows = []
    for cells in grid:
        texts = [cell_text(cell) for cell in cells]
        if any(NUMBER_RE.match(text) or ORDINAL_START.match(text) for text in texts):
            break
        rows.append(texts)
    return rows


def column_labels(rows):
    """Each column's header, its rows' cells joined (a merged cell counts once)."""
    width = max((len(row) for row in rows), default=0)
    return [
        normalise("".join(row[index] for row in rows if index < len(row))) for index in range(width)
    ]
