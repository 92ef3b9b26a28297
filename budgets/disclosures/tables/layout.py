"""Side-by-side tables (收支总表 and their kind) built from the rows a document prints.

Such a table prints two lists (收入 | 支出) next to each other, row by row, in the
document's own order and wording (``PrintedRow``). Each amount cell carries its (row key,
column key) in ``Row.keys`` so that a figure the document prints off the sum of the facts
shows as printed, and so that the fidelity gate can compare every printed cell.
"""

from .common import Row


def table_id(facts, kind):
    return next((table.id for table in facts.template_tables if table.kind == kind), kind)


def placed_labels(facts, kind):
    """{(position, side): (code, label)} of the rows the document prints in ``kind``."""
    rows = facts.printed_rows.get(table_id(facts, kind), [])
    return {(row.position, row.side): (row.code, row.label) for row in rows}


def printed_cells(facts, kind):
    return facts.printed.get(table_id(facts, kind), {})


def keyed(cells, keys, printed, kind="item", depth=0):
    """A Row whose keyed cells show the printed figure where one is stored."""
    cells = [
        printed.get(key, cell) if key is not None and key in printed else cell
        for cell, key in zip(cells, keys, strict=True)
    ]
    row = Row(cells, kind=kind, depth=depth)
    row.keys = keys
    return row


def layout_rows(facts, kind, value_of, columns):
    """Rows of a side-by-side table from its printed rows: each side a label and the
    amounts ``value_of(side, key)`` (a list) under ``columns[side]`` (their column keys)."""
    return placed_rows(placed_labels(facts, kind), printed_cells(facts, kind), value_of, columns)


def placed_rows(placed, printed, value_of, columns):
    """Rows of a side-by-side table from ``placed`` ({(position, side): (key, label)}),
    its keyed cells as ``printed`` ({(row key, column key): amount}) where one is."""
    rows = []
    for position in sorted({position for position, _side in placed}):
        cells, keys, is_total = [], [], False
        for side in (0, 1):
            code, label = placed.get((position, side), ("", ""))
            amounts = value_of(side, code) if code else [None] * len(columns[side])
            cells += [label, *amounts]
            keys += [None] + [(code, column) if code else None for column in columns[side]]
            is_total = is_total or code in TOTAL_KEYS
        rows.append(keyed(cells, keys, printed, "total" if is_total else "item"))
    return rows


TOTAL_KEYS = {"revenue_total", "spending_total", "total_in", "total_out"}
