"""The found tables' grids read into ``FinalTable``s: {(row key, column key): amount}.

Each kind of table has its reader: the two 收支总表 by printed position on two sides, the
code tables by their header columns, 表6 by its two sides of economic codes, 表7 as one
row of 预算数/决算数. Amounts are read in 万元 and kept in 元; a label or header the layout
does not know refuses the file, naming the table and the row.
"""

import re

from django.utils.translation import gettext as _

from budgets.importers.pdf import ImportRefusedError
from budgets.importers.tables import NUMBER_RE, normalise, parse_amount, strip_ordinal

from . import tables as builders
from .continued import table_rows
from .layout import (
    CODE_COLUMNS,
    FUND_COLUMNS,
    SUMMARY_REVENUE_ROWS,
    SUMMARY_SPENDING_ROWS,
    THREE_PUBLIC_HEADER,
)
from .parsed import FUND_KINDS, UNIT, FinalTable

THREE_PUBLIC_COLUMNS = [
    f"{period}:{part}"
    for part, _label in builders.THREE_PUBLIC_PARTS
    for period in ("budget", "final")
]
#: What 表6 prints in place of a code on its last row, → row key.
ECONOMIC_TOTALS = {"人员经费合计": "personnel_total", "公用经费合计": "running_total"}
#: The cells of a code table's code columns that name the columns, not a code.
CODE_LEVELS = ("类", "款", "项")


def read_table(found, layout):
    """The FinalTable of ``found`` (importers.tables.Table) as ``layout`` (TableLayout)
    says to read it."""
    table = FinalTable(number=layout.number, kind=layout.kind, title=found.title, note=found.note)
    READERS.get(layout.kind, read_code_table)(table, found, table_rows(found, layout))
    return table


def where(table, row):
    return f"《{table.title}》{row}"


def amount(text, table, row):
    return parse_amount(text or "", UNIT, where(table, row))


def is_number(text):
    return bool(text) and bool(NUMBER_RE.match(text))


def padded(row, width):
    return [cell or "" for cell in row] + [""] * (width - len(row))


# ---------------------------------------------------------------------------
# 表1, 表4: labels and amounts on two sides.


def read_two_sided(table, found, rows):
    """Labels and amounts on two sides, by printed position (``FinalTable.rows``)."""
    start = next((i for i, row in enumerate(rows) if (row[0] or "").startswith("一、")), None)
    if start is None:
        raise ImportRefusedError(_("%(table)s：找不到表体。") % {"table": where(found, "")})
    width = len(rows[start])
    columns = builders.COLUMN_KEYS[table.kind][1]
    opening_seen = False
    for position, row in enumerate(rows[start:]):
        row = padded(row, width)
        if row[0]:
            opening_seen = read_revenue_side(table, found, position, row, opening_seen)
        if row[2]:
            read_spending_side(table, found, position, row, columns)


def read_revenue_side(table, found, position, row, opening_seen):
    """The 收入 side of one row; whether 年初结转和结余 has been read by its end."""
    label, printed = row[0], row[1]
    key = SUMMARY_REVENUE_ROWS.get(normalise(strip_ordinal(label)))
    if key is None:
        raise ImportRefusedError(
            _("%(where)s：无法识别的收入项目。") % {"where": where(found, label)}
        )
    key = str(key)
    if key == "opening":
        opening_seen = True
    elif opening_seen and key in builders.SOURCE_SHORT:
        key = f"opening:{builders.SOURCE_SHORT[key]}"
    if (key, "amount") in table.cells:
        raise ImportRefusedError(
            _("%(where)s：收入项目重复出现。") % {"where": where(found, label)}
        )
    table.cells[(key, "amount")] = amount(printed, found, label)
    table.labels[key] = label
    table.rows.append((position, 0, key, label))
    return opening_seen


def read_spending_side(table, found, position, row, columns):
    label = row[2]
    name = normalise(strip_ordinal(label))
    key = SUMMARY_SPENDING_ROWS.get(name) or f"class:{name}"
    for column, text in zip(columns, row[3 : 3 + len(columns)], strict=True):
        table.cells[(key, column)] = amount(text, found, label)
    table.labels[key] = label
    table.rows.append((position, 1, key, label))


# ---------------------------------------------------------------------------
# 表2, 表3, 表5, 表8, 表9: code rows and a 合计 row.


def read_code_table(table, found, rows):
    """Code rows (code whole or split into 类/款/项) and a 合计 row, under the columns the
    header names."""
    if not rows:
        return
    fund = table.kind in FUND_KINDS
    width = max(len(row) for row in rows)
    head = code_table_head(rows, fund)
    labels = [header_label(head, index) for index in range(width)]
    name_at = next(
        (i for i, label in enumerate(labels) if label.endswith("科目名称") and i > 0), None
    )
    if name_at is None:
        raise ImportRefusedError(_("%(table)s：找不到“科目名称”列。") % {"table": where(found, "")})
    columns = list(FUND_COLUMNS) if fund else code_columns(labels[name_at + 1 :], found)
    if len(columns) != width - name_at - 1:
        raise ImportRefusedError(_("%(table)s：表头列数不对。") % {"table": where(found, "")})
    for row in rows[len(head) :]:
        read_code_row(table, found, padded(row, width), name_at, columns)


def code_table_head(rows, fund):
    """The header rows: those before the first row of figures or codes, and before the
    合计 row (表8/表9 print 合计 where 本年支出 heads its 小计/基本/项目 columns, so there
    the 合计 row ends the header and is part of it)."""
    head = []
    for row in rows:
        texts = [cell or "" for cell in row]
        if any(is_number(text) for text in texts) or re.match(r"^\d{3,7}$", texts[0]):
            break
        if texts[0] == "合计" and not fund:
            break
        head.append(row)
        if fund and texts[0] == "合计":
            break
    return head


def header_label(rows, index):
    return normalise("".join(row[index] or "" for row in rows if index < len(row)))


def code_columns(labels, found):
    """Column keys of the amount columns' header labels (``CODE_COLUMNS``)."""
    columns = []
    for label in labels:
        key = next((k for text, k in CODE_COLUMNS.items() if label.endswith(text)), None)
        if key is None:
            raise ImportRefusedError(
                _("%(table)s：无法识别的表头“%(label)s”。")
                % {"table": where(found, ""), "label": label}
            )
        columns.append(str(key))
    return columns


def read_code_row(table, found, texts, name_at, columns):
    code_cells, name, values = texts[:name_at], texts[name_at], texts[name_at + 1 :]
    if "合计" in code_cells or name == "合计":
        key, label = builders.TOTAL_ROW, "合计"
    else:
        code = "".join(cell for cell in code_cells if cell not in CODE_LEVELS)
        if not code and not any(values):
            return
        if not code.isdigit() or len(code) not in (3, 5, 7):
            raise ImportRefusedError(
                _("%(where)s：无法识别的科目编码“%(code)s”。")
                % {"where": where(found, name), "code": code}
            )
        key, label = code, f"{code} {name}"
        table.codes.append(code)
        table.names[code] = name
    table.labels[key] = label
    fund = table.kind in FUND_KINDS
    for column, text in zip(columns, values, strict=True):
        if fund and text and not is_number(text):
            text = ""  # the 合计 row doubles as the header of 本年支出
        table.cells[(key, column)] = amount(text, found, label)


# ---------------------------------------------------------------------------
# 表6: economic codes on two sides.


def read_economic(table, found, rows):
    """Two sides of economic codes (whole or split 类/款), name and 决算数."""
    start = next((i for i, row in enumerate(rows) if re.match(r"^\d{3}$", row[0] or "")), None)
    if start is None:
        return
    width = max(len(row) for row in rows)
    half = width // 2
    position = 0
    for row in rows[start:]:
        texts = padded(row, width)
        if not any(texts):
            continue
        for side in (0, 1):
            read_economic_side(table, found, texts[side * half : (side + 1) * half], position, side)
        position += 1


def read_economic_side(table, found, cells, position, side):
    half = len(cells)
    code = "".join(cells[: half - 2])
    name, printed = cells[half - 2], cells[half - 1]
    if cells[0] in ECONOMIC_TOTALS:
        key = ECONOMIC_TOTALS[cells[0]]
        table.cells[(key, "amount")] = amount(printed, found, cells[0])
        table.labels[key] = cells[0]
        table.rows.append((position, side, key, cells[0]))
        return
    if not code and not name:
        return
    if not code.isdigit() or len(code) not in (3, 5):
        raise ImportRefusedError(
            _("%(where)s：无法识别的经济分类科目编码“%(code)s”。")
            % {"where": where(found, name), "code": code}
        )
    table.cells[(code, "amount")] = amount(printed, found, f"{code} {name}")
    table.labels[code] = f"{code} {name}"
    table.codes.append((side, code))
    table.names[code] = name
    table.rows.append((position, side, code, name))


# ---------------------------------------------------------------------------
# 表7: one row of 预算数/决算数.


def read_three_public(table, found, rows):
    """One row of 预算数/决算数 for 合计, 出国, 车辆 小计/购置/运行, 接待."""
    marker = next((i for i, row in enumerate(rows) if (row[0] or "") == "预算数"), None)
    if marker is None or len(rows[marker]) != len(THREE_PUBLIC_COLUMNS):
        raise ImportRefusedError(
            _("%(table)s：找不到“预算数/决算数”表头。") % {"table": where(found, "")}
        )
    head = " ".join(cell or "" for row in rows[:marker] for cell in row)
    for word in THREE_PUBLIC_HEADER:
        if word not in head:
            raise ImportRefusedError(
                _("%(table)s：表头缺少“%(word)s”。") % {"table": where(found, ""), "word": word}
            )
    body = [row for row in rows[marker + 1 :] if any(row)]
    if len(body) > 1:
        raise ImportRefusedError(_("%(table)s：本表应只有一行数字。") % {"table": where(found, "")})
    values = [cell or "" for cell in body[0]] if body else [""] * len(THREE_PUBLIC_COLUMNS)
    for column, text in zip(THREE_PUBLIC_COLUMNS, values, strict=True):
        table.cells[("", column)] = amount(text, found, "")
    table.labels[""] = ""


READERS = {
    "final_summary": read_two_sided,
    "final_fiscal_summary": read_two_sided,
    "final_basic_economic": read_economic,
    "final_three_public": read_three_public,
}
