"""A region-year's bulk download written to a file: CSV files in a zip, an XLSX workbook,
or Parquet files in a zip. No HTTP here (the views and ``export_bulk`` call ``build``).

Each writer reads the documents one at a time (``records.region_documents``) and writes
as it goes (a temporary file per table kind, openpyxl's write-only workbook, Parquet row
groups), so a region-year of thousands of documents never sits in memory whole. Text
cells go through the same guards against spreadsheet formulas as every other download
(``browse.render``); amounts are exact: decimal strings in the CSV, numbers holding the
exact two-place value in the XLSX, decimal128(20, 2) in Parquet.
"""

import csv
import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from budgets.browse.render import csv_text, starts_formula, text_cell, xlsx_text

from .records import DOCUMENT_FIELDS, FACT_FIELDS, FINDING_FIELDS, region_documents

FORMATS = ("csv", "xlsx", "parquet")
#: The file name's ending of each format.
EXTENSIONS = {"csv": "csv.zip", "xlsx": "xlsx", "parquet": "parquet.zip"}
#: Rows of an XLSX sheet (Excel's limit, the header included); more go on a next sheet.
MAX_SHEET_ROWS = 1_048_576
#: Rows of a Parquet row group.
PARQUET_BATCH = 50_000


def build(region, year, fmt, path):
    """Write the bulk download of ``region`` in ``year`` as ``fmt`` to ``path``."""
    WRITERS[fmt](region, year, Path(path))


def file_name(region, year, fmt):
    return f"{region.code}-{region.name}-{year}.{EXTENSIONS[fmt]}"


def readme(region, year, fmt):
    """README.txt: what the files hold and what each column means."""
    lines = [
        f"{region.full_name} {year}年 已公开预算、决算文件的全部表格数据与数据核对结果",
        f"Every published document of {region.code} in {year}: its tables and findings.",
        "",
        "每个金额一行（长表）：文件、表、行、列与金额。金额以元计，精确到分；",
        "unit 与 amount_printed 为文件印发的单位与数字。合计、小计行（row_kind）与明细",
        "行同列，求和时请只取 item 行，或只取 total 行。",
        "One row per printed amount (long format). Amounts are exact, in yuan; totals and",
        "subtotals are rows too (row_kind), so sum item rows only.",
        "",
    ]
    files = {
        "csv": "<table_kind>.csv（每种表式一个）, documents.csv, findings.csv；UTF-8 with BOM",
        "xlsx": "每种表式一个工作表, documents, findings",
        "parquet": "facts.parquet（全部表式）, documents.parquet, findings.parquet",
    }
    lines += [files[fmt], ""]
    for title, fields in (
        ("facts", FACT_FIELDS),
        ("documents", DOCUMENT_FIELDS),
        ("findings", FINDING_FIELDS),
    ):
        lines.append(f"[{title}]")
        lines += [f"  {field.name}: {field.description}" for field in fields]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# CSV in a zip.


def csv_value(field, value):
    """A CSV cell: amounts and numbers as they are, text guarded against formulas."""
    if field.kind == "text":
        return csv_text(str(value))
    return str(value)


class CsvFiles:
    """One CSV file per name in a folder, each opened when its first row comes."""

    def __init__(self, folder, stack):
        self.folder = Path(folder)
        self.stack = stack
        self.writers = {}

    def writer(self, name, fields):
        """utf-8-sig: the BOM by which Excel reads the file as UTF-8."""
        if name not in self.writers:
            path = self.folder / f"{name}.csv"
            handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self.stack.enter_context(handle)  # closed with the stack
            self.writers[name] = csv.writer(handle)
            self.writers[name].writerow([field.name for field in fields])
        return self.writers[name]

    def write(self, name, fields, records):
        writer = self.writer(name, fields)
        for record in records:
            writer.writerow([csv_value(field, record[field.name]) for field in fields])


def write_csv_zip(region, year, path):
    with tempfile.TemporaryDirectory() as folder:
        with ExitStack() as stack:
            files = CsvFiles(folder, stack)
            files.writer("documents", DOCUMENT_FIELDS)
            files.writer("findings", FINDING_FIELDS)
            for data in region_documents(region, year):
                for kind, facts in data.facts.items():
                    files.write(kind, FACT_FIELDS, facts)
                files.write("documents", DOCUMENT_FIELDS, [data.record])
                files.write("findings", FINDING_FIELDS, data.findings)
        names = sorted(files.writers)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme(region, year, "csv"))
            for name in names:
                archive.write(Path(folder) / f"{name}.csv", f"{name}.csv")


# ---------------------------------------------------------------------------
# XLSX.


class Sheets:
    """Write-only sheets by name, each with its header row, continued on a new sheet
    (“name 2”) at Excel's row limit."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.sheets = {}  # name → [sheet, rows written, sheets so far]

    def title(self, name, count):
        title = name[:28] if count == 1 else f"{name[:25]} {count}"
        taken = {sheet.title for sheet in self.workbook.worksheets}
        while title in taken:
            count += 1
            title = f"{name[:25]} {count}"
        return title

    def new_sheet(self, name, fields, count):
        sheet = self.workbook.create_sheet(self.title(name, count))
        sheet.append([field.name for field in fields])
        self.sheets[name] = [sheet, 1, count]

    def write(self, name, fields, records):
        if name not in self.sheets:
            self.new_sheet(name, fields, 1)
        for record in records:
            if self.sheets[name][1] >= MAX_SHEET_ROWS:
                self.new_sheet(name, fields, self.sheets[name][2] + 1)
            sheet = self.sheets[name][0]
            sheet.append([xlsx_cell(sheet, field, record[field.name]) for field in fields])
            self.sheets[name][1] += 1


def xlsx_cell(sheet, field, value):
    """Amounts as numbers shown with two places (openpyxl writes a Decimal's exact value);
    text as text, a would-be formula quoted as in every other download (only those need a
    cell object: a plain str is written as text, and hundreds of thousands of rows are)."""
    if field.kind == "text":
        text = xlsx_text(str(value))
        return text_cell(WriteOnlyCell(sheet, text)) if starts_formula(text) else text
    if field.kind == "amount":
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "0.00"
        return cell
    return value


def write_xlsx(region, year, path):
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("README")
    for line in readme(region, year, "xlsx").splitlines():
        about.append([text_cell(WriteOnlyCell(about, line))])
    sheets = Sheets(workbook)
    sheets.write("documents", DOCUMENT_FIELDS, [])
    sheets.write("findings", FINDING_FIELDS, [])
    for data in region_documents(region, year):
        for kind, facts in data.facts.items():
            sheets.write(kind, FACT_FIELDS, facts)
        sheets.write("documents", DOCUMENT_FIELDS, [data.record])
        sheets.write("findings", FINDING_FIELDS, data.findings)
    workbook.save(path)


# ---------------------------------------------------------------------------
# Parquet in a zip.

ARROW_TYPES = {"text": pa.string(), "int": pa.int64(), "amount": pa.decimal128(20, 2)}


def arrow_schema(fields):
    return pa.schema([(field.name, ARROW_TYPES[field.kind]) for field in fields])


class ParquetFile:
    """Records written to one Parquet file in row groups of ``PARQUET_BATCH``."""

    def __init__(self, path, fields):
        self.fields = fields
        self.schema = arrow_schema(fields)
        self.writer = pq.ParquetWriter(path, self.schema)
        self.pending = []

    def write(self, records):
        self.pending.extend(records)
        if len(self.pending) >= PARQUET_BATCH:
            self.flush()

    def flush(self):
        columns = {field.name: [r[field.name] for r in self.pending] for field in self.fields}
        self.writer.write_table(pa.table(columns, schema=self.schema))
        self.pending = []

    def close(self):
        if self.pending:
            self.flush()
        self.writer.close()


def write_parquet_zip(region, year, path):
    with tempfile.TemporaryDirectory() as folder:
        outputs = {
            name: ParquetFile(Path(folder) / f"{name}.parquet", fields)
            for name, fields in (
                ("facts", FACT_FIELDS),
                ("documents", DOCUMENT_FIELDS),
                ("findings", FINDING_FIELDS),
            )
        }
        for data in region_documents(region, year):
            for facts in data.facts.values():
                outputs["facts"].write(facts)
            outputs["documents"].write([data.record])
            outputs["findings"].write(data.findings)
        for output in outputs.values():
            output.close()
        # Parquet is compressed already (Snappy): stored, not deflated again.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("README.txt", readme(region, year, "parquet"))
            for name in outputs:
                archive.write(Path(folder) / f"{name}.parquet", f"{name}.parquet")


WRITERS = {"csv": write_csv_zip, "xlsx": write_xlsx, "parquet": write_parquet_zip}
