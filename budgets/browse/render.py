"""One PublishedTable, rendered for HTML, CSV, XLSX and JSON.

Every renderer reads the same ``disclosures.tables.PublishedTable``; amounts (Decimal 元)
are converted to the display unit here and nowhere else.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from budgets.disclosures.money import from_yuan
from budgets.disclosures.tables import Code, split_code
from budgets.web.units import format_amount, plain_amount


@dataclass
class HtmlCell:
    text: str
    css: str = ""
    colspan: int = 1
    header: bool = False
    url: str = ""

    @property
    def html(self):
        """The cell's markup: a row header ``<th scope="row">``, else a ``<td>``, its text
        a link where it has one. Built here, not in the template: an official tables page
        prints about 2,000 cells, and the template engine took half its time on them."""
        span = f' colspan="{self.colspan}"' if self.colspan > 1 else ""
        text = conditional_escape(self.text)
        if self.header:
            return f'<th scope="row" class="{escape(self.css)}"{span}>{text}</th>'
        if self.url and self.text:
            text = f'<a href="{escape(self.url)}">{text}</a>'
        return f'<td class="{escape(self.css)}"{span}>{text}</td>'


@dataclass
class HtmlRow:
    kind: str
    depth: int
    cells: list

    @property
    def html(self):
        return mark_safe("".join(cell.html for cell in self.cells))  # each cell escapes its own


def html_width(table):
    return sum(len(column.code_parts) or 1 for column in table.columns)


def html_rows(table, unit, code_url=None):
    """The table's rows as cells to print: codes split where the document splits them,
    amounts formatted in ``unit``, function codes linking to their drill-down."""
    width = html_width(table)
    places = table.places_in(unit)
    rows = []
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row.cells):
            column = table.columns[index] if index < len(table.columns) else None
            if isinstance(cell, Code):
                url = code_url(cell) if code_url else ""
                if column is not None and column.code_parts:
                    for piece in split_code(cell.code, column.code_parts):
                        cells.append(HtmlCell(piece, "code", url=url))
                else:
                    cells.append(HtmlCell(cell.code, "code", url=url))
            elif isinstance(cell, Decimal) or (
                cell is None and column is not None and column.kind == "amount"
            ):
                cells.append(HtmlCell(format_amount(cell, unit, places), "num"))
            else:
                text = "" if cell is None else str(cell)
                span = len(column.code_parts) if column is not None and column.code_parts else 1
                cells.append(HtmlCell(text, "text", colspan=span))
        if row.kind == "heading":
            for cell in cells:
                cell.header = True
        if row.kind in ("field", "total") and cells and cells[0].css == "text":
            cells[0].header = True
        used = sum(cell.colspan for cell in cells)
        if cells and used < width:
            cells[-1].colspan += width - used
        rows.append(HtmlRow(row.kind, row.depth, cells))
    return rows


#: A text cell starting with one of these is read as a formula by spreadsheets (OWASP,
#: "CSV injection"): organisation, project and catalogue names come from documents and
#: admin input, so ``=HYPERLINK(…)`` must arrive as the text it is.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text):
    """Whether a spreadsheet would evaluate ``text``. Leading spaces are skipped (the CSV
    indents names by depth, and some spreadsheets trim before parsing)."""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def csv_text(text):
    """A text cell for CSV: a single quote before a would-be formula, as OWASP advises.
    Only text goes through here; an amount (a negative one too) stays a plain number."""
    return "'" + text if starts_formula(text) else text


def export_header(table, unit):
    return [
        f"{column.name}（{unit}）" if column.kind == "amount" else column.name
        for column in table.columns
    ]


def is_number(cell):
    return isinstance(cell, Decimal | int | float) and not isinstance(cell, bool)


def export_cell(cell, unit, places):
    """A cell as CSV text: amounts as plain decimals in ``unit``, blanks empty."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return plain_amount(cell, unit, places)
    return str(cell)


def csv_bytes(table, unit):
    """UTF-8 with a BOM, so Excel opens the Chinese correctly; amounts without separators;
    text that a spreadsheet would evaluate is quoted (``csv_text``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_text(name) for name in export_header(table, unit)])
    places = table.places_in(unit)
    for row in table.rows:
        values = []
        for index, cell in enumerate(row.cells):
            value = export_cell(cell, unit, places)
            if index == 1:
                value = "  " * row.depth + value
            values.append(value if is_number(cell) else csv_text(value))
        writer.writerow(values)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_text(text):
    """Text for an XLSX cell: without the control characters XML cannot hold (openpyxl
    refuses them with an exception; they are invisible in any case)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def append_row(sheet, values):
    """Append ``values`` (numbers, None or text) as one row. Text is always a string cell:
    openpyxl would store a str starting with "=" as a formula, so the type is set here,
    and a would-be formula also gets Excel's quote prefix (it stays text when edited)."""
    values = [xlsx_text(value) if isinstance(value, str) else value for value in values]
    sheet.append(values)
    cells = sheet[sheet.max_row]
    for cell, value in zip(cells, values, strict=False):
        if isinstance(value, str):
            text_cell(cell)
    return cells


def text_cell(cell):
    """``cell`` (holding a str) kept as text: never a formula, and a would-be formula
    quoted with Excel's prefix. Also for write-only cells (``budgets.bulk``)."""
    cell.data_type = "s"
    if starts_formula(cell.value):
        cell.quotePrefix = True
    return cell


def add_sheet(workbook, table, unit, document):
    sheet = workbook.create_sheet(title=table.number[:31] or "表")
    append_row(sheet, [table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [f"{document.organisation.name}　单位：{unit}"])
    for cell in append_row(sheet, export_header(table, unit)):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    places = table.places_in(unit)
    number_format = "#,##0" if places == 0 else "#,##0." + "0" * places
    for row in table.rows:
        values = []
        for cell in row.cells:
            if isinstance(cell, Decimal):
                values.append(from_yuan(cell, unit, places))
            elif cell is None or is_number(cell):
                values.append(cell)
            else:
                values.append(str(cell))
        for cell in append_row(sheet, values):
            if isinstance(cell.value, Decimal):
                cell.number_format = number_format
    if table.note:
        append_row(sheet, [table.note])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 36
    return sheet


def xlsx_bytes(tables_with_units, document):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, unit in tables_with_units:
        add_sheet(workbook, table, unit, document)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_cell(cell, unit, places):
    """A cell for the API: codes as one full code, amounts as decimal strings (with the
    document's decimal places), blanks null."""
    if cell is None:
        return None
    if isinstance(cell, Decimal):
        return plain_amount(cell, unit, places)
    if isinstance(cell, Code):
        return cell.code
    return str(cell) if str(cell) != "" else None


def json_table(table):
    unit = table.amount_unit
    places = table.places_in(unit)
    return {
        "number": table.number,
        "title": table.title,
        "amount_unit": unit,
        "columns": table.column_names,
        "rows": [[json_cell(cell, unit, places) for cell in row.cells] for row in table.rows],
        "note": table.note,
    }
