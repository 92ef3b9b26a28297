"""Printed cells against served cells, both ways: the fidelity gate's verdict.

A printed amount is reproduced when the table the site serves under the same number has
the same amount, in the column printed at that place, in a row whose label (its code and
name, or the words before the amount in a side-by-side table) is what the PDF prints to the
amount's left. A served amount is printed when such a printed amount exists for it.
Zero and blank cells are left out on both sides: a PDF prints zero as 0.00, — or nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from budgets.disclosures import money

from .printed import normalise


@dataclass(frozen=True)
class ServedCell:
    table: str
    row: int
    column: int  # index among the table's amount columns
    column_name: str
    amount: Decimal  # in the table's unit, at the places the document prints
    #: The row's nonempty text cells before this amount (code, name …), normalised.
    label: tuple
    row_label: str  # the row as a person names it (its code and name), for messages


@dataclass
class Verdict:
    """What the gate found for one document."""

    printed: list
    served: list
    #: Printed cells with no served cell at their table, row and column.
    not_reproduced: list = field(default_factory=list)
    #: Served cells that the PDF does not print at their table, row and column.
    not_printed: list = field(default_factory=list)

    @property
    def ok(self):
        return not (self.not_reproduced or self.not_printed)

    def share(self, side):
        """The share of printed (or served) cells matched, as a Decimal percentage."""
        cells, missing = {
            "printed": (self.printed, self.not_reproduced),
            "served": (self.served, self.not_printed),
        }[side]
        if not cells:
            return Decimal("100.0")
        return (Decimal(100) * (len(cells) - len(missing)) / len(cells)).quantize(Decimal("0.1"))


def cell_text(cell):
    if cell is None:
        return ""
    return str(cell)


def served_cells(table):
    """The nonzero amounts of one PublishedTable as ServedCells, in the printed unit."""
    amount_columns = [
        index for index, column in enumerate(table.columns) if column.kind == "amount"
    ]
    places = table.amount_places
    cells = []
    for row_index, row in enumerate(table.rows):
        for ordinal, index in enumerate(amount_columns):
            value = row.cells[index] if index < len(row.cells) else None
            label = tuple(
                normalise(cell_text(cell))
                for cell in row.cells[:index]
                if not isinstance(cell, Decimal) and cell_text(cell).strip()
            )
            if not isinstance(value, Decimal) or value == 0:
                continue
            shown = money.from_yuan(value, table.amount_unit).quantize(Decimal(1).scaleb(-places))
            cells.append(
                ServedCell(
                    table=table.number,
                    row=row_index,
                    column=ordinal,
                    column_name=table.columns[index].name,
                    amount=shown,
                    label=label,
                    row_label=" ".join(
                        cell_text(cell)
                        for cell in row.cells
                        if not isinstance(cell, Decimal) and cell
                    ),
                )
            )
    return cells


def is_subsequence(part, whole):
    """True where every character of ``part`` appears in ``whole`` in order: a label wrapped
    over several printed lines is read with the words of its neighbours between its pieces,
    and a code may be printed before or after its name."""
    characters = iter(whole)
    return all(character in characters for character in part)


def printed_forms(part):
    """The ways a label part may be printed: a 款 or 项 code split into columns may drop
    its leading zero (30102 printed “301 2”)."""
    if part.isdigit() and len(part) in (5, 7):
        groups = [part[:3]] + [part[index : index + 2] for index in range(3, len(part), 2)]
        return (part, "".join(group.lstrip("0") if len(group) == 2 else group for group in groups))
    return (part,)


def same_cell(printed, served):
    return (
        printed.table == served.table
        and printed.amount == served.amount
        and all(
            any(is_subsequence(form, printed.label) for form in printed_forms(part))
            for part in served.label
        )
    )


def column_map(printed, candidates):
    """{printed column: served column} for one table on one page: the order-keeping
    assignment under which the most printed cells find their served cell.
    ``candidates``: {printed cell: the served cells it could be, in any column}."""
    score = {}
    for cell in printed:
        for column in {other.column for other in candidates[cell]}:
            score[cell.column, column] = score.get((cell.column, column), 0) + 1
    printed_columns = sorted({cell.column for cell in printed})
    served_columns = sorted({column for _printed, column in score})
    # best[i][j]: the best total for the first i printed and first j served columns.
    best = [[(0, {})] * (len(served_columns) + 1) for _ in range(len(printed_columns) + 1)]
    for i, p in enumerate(printed_columns, 1):
        for j, s in enumerate(served_columns, 1):
            options = [best[i - 1][j], best[i][j - 1]]
            if score.get((p, s)):
                took = best[i - 1][j - 1][0] + score[p, s]
                options.append((took, {**best[i - 1][j - 1][1], p: s}))
            best[i][j] = max(options, key=lambda option: option[0])
    return best[-1][-1][1]


def compare(printed, tables):
    """The Verdict for ``printed`` cells against the PublishedTables the site serves."""
    served = [cell for table in tables if not table.form for cell in served_cells(table)]
    verdict = Verdict(printed=printed, served=served)
    by_amount = {}
    for cell in served:
        by_amount.setdefault((cell.table, cell.amount), []).append(cell)
    matched = set()
    for key in sorted({(cell.table, cell.page) for cell in printed}):
        on_page = [cell for cell in printed if (cell.table, cell.page) == key]
        candidates = {
            cell: [
                other
                for other in by_amount.get((cell.table, cell.amount), ())
                if same_cell(cell, other)
            ]
            for cell in on_page
        }
        mapping = column_map(on_page, candidates)
        for cell in on_page:
            found = [
                other for other in candidates[cell] if other.column == mapping.get(cell.column)
            ]
            if not found:
                verdict.not_reproduced.append(cell)
            matched.update(found)
    verdict.not_printed = [cell for cell in served if cell not in matched]
    return verdict
