"""Figures a Shanghai budget prints off the sum of the facts beneath them.

Each table is built from the facts as ``tables.py`` will build it once they are stored
(``facts_as_stored``), and every cell it names by row and column key is compared with the
figure printed there (``find_printed_subtotals``).
"""

from decimal import Decimal
from types import SimpleNamespace

from budgets.disclosures import tables as published

from .document import left_key
from .layout import SHANGHAI_DISTRICT

ZERO = Decimal(0)


def facts_as_stored(document, template_kinds):
    """The facts to be stored, shaped as ``tables.load_facts`` reads them back (codes as
    ``line.function.code`` …), so that ``tables.py`` can build each table from them
    (``template_kinds``: {table number: kind}, the template tables' ids being their numbers)."""

    def fact(line, **codes):
        return SimpleNamespace(
            source=line.source, amount=line.amount, expense_type=line.expense_type, **codes
        )

    def function_fact(line):
        return fact(line, function=SimpleNamespace(code=line.code), function_id=line.code)

    return published.DocumentFacts(
        document=None,
        revenue=[function_fact(line) for line in document.revenue],
        function_lines=[function_fact(line) for line in document.expenditure],
        economic_lines=[
            fact(
                line,
                dept_economic=SimpleNamespace(code=line.code),
                gov_economic=None,
                gov_economic_id=None,
            )
            for line in document.economic
        ],
        basic_splits=[
            SimpleNamespace(
                function=SimpleNamespace(code=code), personnel=personnel, running=running
            )
            for code, personnel, running in document.basic_splits
        ],
        projects=[],
        restricted={},
        procurement_items=[],
        target_sets=[],
        notes={},
        template_tables=[
            SimpleNamespace(id=number, kind=kind) for number, kind in template_kinds.items()
        ],
        names={
            "function": document.function_names,
            "dept_economic": document.economic_names,
            "gov_economic": {},
        },
        printed_rows=stored_rows(document.printed_rows),
    )


def stored_rows(printed_rows):
    """{table number: [row]}: ``printed_rows`` shaped as ``PrintedRow``."""
    rows = {}
    for number, position, side, code, label in printed_rows:
        rows.setdefault(number, []).append(
            SimpleNamespace(position=position, side=side, code=code, label=label)
        )
    return rows


def find_printed_subtotals(document, layout=SHANGHAI_DISTRICT):
    """The subtotals and totals a document prints off the sum of the facts beneath them.

    A figure that differs from the table built from the facts is kept as printed, so the
    tables show what is printed: whole-元 rounding (万里 2025: 21201 printed 94,995,790
    where its 项 add up to 94,995,789), or a subtotal the document's own rows do not add
    up to (司法局 2026: 20406 printed 79,189,400.34 where its 项 add up to
    144,029,947.34). The checks still record each as a finding (a warning for rounding,
    else an error). A 0 printed where no fact exists is not a difference.
    """
    kinds = {table.number: table.kind for table in layout.tables}
    facts = facts_as_stored(document, kinds)
    for number, kind in kinds.items():
        printed = printed_figures(document, number)
        if not printed:
            continue
        built = published.BUILDERS[kind](facts)
        for row in built.rows:
            for key, computed in zip(cell_keys(built, row), row.cells, strict=True):
                figure = printed.get(key) if key else None
                if figure is not None and (figure or ZERO) != (computed or ZERO):
                    document.printed_subtotals.append((number, *key, figure))


def cell_keys(table, row):
    """(row key, column key) of each cell of a built ``row`` (None where it has none)."""
    keys = getattr(row, "keys", None)
    if keys is not None:
        return keys
    key = published.row_key(table, row)
    return [(key, column.key) if key and column.key else None for column in table.columns]


def printed_figures(document, number):
    """{(row key, column key): amount} of every figure table ``number`` prints, keyed as
    its built table keys its cells; {} for a table without code rows or two sides."""
    table = document.tables.get(number)
    if table is None:
        return {}
    if table.left:
        rows = [(left_key(row.name), row.amounts) for row in table.left]
        rows.append(("revenue_total", table.left_total or {}))
        rows.append(("spending_total", table.total or {}))
        rows += [(document.class_codes.get((number, row.name)), row.amounts) for row in table.rows]
    elif any(row.code for row in table.rows):
        rows = [(row.code, row.amounts) for row in table.rows]
        rows.append((published.TOTAL_ROW, table.total or {}))
    else:
        return {}
    return {
        (key, column): amount
        for key, amounts in rows
        for column, amount in amounts.items()
        if key and amount is not None
    }
