"""Load a year's classification catalogue (政府收支分类科目) from a CSV or XLSX file.

The Ministry of Finance publishes the catalogues each year. The file has a header row
with a code column (科目编码 / code) or the code split into 类 / 款 / 项 columns, a name
column (科目名称 / name) and, if it mixes schemes, a scheme column (科目类别 / scheme);
other columns are ignored. The whole file is checked before anything is written: one
bad line refuses the file and the database is left as it was.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets.classifications.models import SCHEMES

#: Header names accepted for each column (compared without spaces, case-insensitively).
COLUMN_NAMES = {
    "code": {"code", "科目编码", "科目代码", "编码", "代码"},
    "name": {"name", "科目名称", "名称"},
    "scheme": {"scheme", "科目类别", "分类", "类别"},
    "lei": {"类"},
    "kuan": {"款"},
    "xiang": {"项"},
}

#: Values accepted in the scheme column, besides the scheme keys themselves.
SCHEME_ALIASES = {
    "支出功能分类科目": "function",
    "支出功能分类": "function",
    "功能分类": "function",
    "部门预算支出经济分类科目": "dept_economic",
    "部门预算支出经济分类": "dept_economic",
    "部门经济分类": "dept_economic",
    "政府预算支出经济分类科目": "gov_economic",
    "政府预算支出经济分类": "gov_economic",
    "政府经济分类": "gov_economic",
}

#: At most this many line errors are listed; the count says how many there were.
MAX_LISTED_ERRORS = 30


class CatalogueError(Exception):
    """Why a file, or a line of it, cannot be loaded; the message is for the clerk."""


@dataclass
class Row:
    line: int
    scheme: str
    code: str
    name: str


def scheme_label(scheme):
    return SCHEMES[scheme]._meta.verbose_name


def cell_text(value):
    """A cell as text: numbers written as Excel stores them (201.0 → "201")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_csv(path):
    """(line number, cells) of a CSV file in UTF-8 (with or without BOM) or GBK."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogueError(f"无法读取 {path.name}：{error.strerror}。") from error
    if b"\x00" in data:
        raise CatalogueError(f"无法读取 {path.name}：不是 CSV 文本文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CatalogueError(f"无法读取 {path.name}：文件既不是 UTF-8 也不是 GBK 编码。")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            yield reader.line_num, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise CatalogueError(
            f"无法读取 {path.name}：第{reader.line_num}行不是有效的 CSV（{error}）。"
        ) from error


def read_xlsx(path):
    """(row number, cells) of the first sheet of an XLSX workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise CatalogueError(
            f"无法读取 {path.name}：文件已损坏或不是 Excel（.xlsx）工作簿。"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def read_rows(path):
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".xls":
        raise CatalogueError("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV。")
    raise CatalogueError(
        f"不支持的文件类型“{path.suffix or path.name}”：请提供 CSV（.csv）或 Excel（.xlsx）文件。"
    )


def find_columns(line, header):
    """{column: index} from the header row, or a CatalogueError naming what is missing."""
    columns = {}
    for index, title in enumerate(header):
        key = "".join(title.split()).lower()
        for column, names in COLUMN_NAMES.items():
            if key in names and column not in columns:
                columns[column] = index
    if "code" in columns:
        columns.pop("lei", None)
        columns.pop("kuan", None)
        columns.pop("xiang", None)
    missing = []
    if "code" not in columns and "lei" not in columns:
        missing.append("科目编码（code，或“类/款/项”分列）")
    if "name" not in columns:
        missing.append("科目名称（name）")
    if missing:
        present = "、".join(f"“{title}”" for title in header if title) or "（空）"
        raise CatalogueError(f"第{line}行（表头）缺少{'、'.join(missing)}列。现有列：{present}。")
    return columns


def cell(cells, columns, column):
    """The text of one column of a row ("" where the row is short or has no such column)."""
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def code_from_split(cells, columns):
    """A code from 类 / 款 / 项 columns ("201", "03", "50" → "2010350"), or a CatalogueError.

    款 and 项 are two digits; one digit is taken as a dropped leading zero (Excel's 3 = 03).
    """
    code = cell(cells, columns, "lei")
    kuan, xiang = cell(cells, columns, "kuan"), cell(cells, columns, "xiang")
    if xiang and not kuan:
        raise CatalogueError("有“项”而没有“款”。")
    for label, part in (("款", kuan), ("项", xiang)):
        if not part:
            break
        if not (part.isascii() and part.isdigit()) or len(part) > 2:
            raise CatalogueError(f"“{label}”应为2位数字，实际为“{part}”。")
        code += part.zfill(2)
    return code


def check_row(line, cells, columns, fixed_scheme):
    """One data row as a Row, or a CatalogueError saying what is wrong with it."""
    scheme = fixed_scheme
    if "scheme" in columns:
        value = cell(cells, columns, "scheme")
        scheme = value if value in SCHEMES else SCHEME_ALIASES.get(value)
        if scheme is None:
            raise CatalogueError(
                f"科目类别“{value}”无法识别，应为 function、dept_economic 或 gov_economic"
                "（或其中文名称）。"
            )
        if fixed_scheme and scheme != fixed_scheme:
            raise CatalogueError(f"科目类别为“{value}”，与 --scheme {fixed_scheme} 不符。")
    code = cell(cells, columns, "code") if "code" in columns else code_from_split(cells, columns)
    name = cell(cells, columns, "name")
    model = SCHEMES[scheme]
    if not code:
        raise CatalogueError("科目编码为空。")
    if not (code.isascii() and code.isdigit()):
        raise CatalogueError(f"科目编码“{code}”只能由数字组成。")
    if len(code) not in model.LENGTHS:
        lengths = "/".join(str(n) for n in model.LENGTHS)
        raise CatalogueError(
            f"{scheme_label(scheme)}编码应为{lengths}位数字，“{code}”为{len(code)}位。"
        )
    if not name:
        raise CatalogueError(f"科目 {code} 的名称为空。")
    max_length = model._meta.get_field("name").max_length
    if len(name) > max_length:
        raise CatalogueError(f"科目 {code} 的名称超过{max_length}个字。")
    return Row(line, scheme, code, name)


def parse(path, year, fixed_scheme):
    """Every row of the file, checked; raises CatalogueError listing every problem."""
    rows = iter(read_rows(path))
    header_line, header = next(((line, cells) for line, cells in rows if any(cells)), (0, None))
    if header is None:
        raise CatalogueError(f"{path.name} 中没有任何数据。")
    columns = find_columns(header_line, header)
    if "scheme" not in columns and fixed_scheme is None:
        raise CatalogueError(
            "文件没有“科目类别”（scheme）列，请用 --scheme 指定：function（支出功能分类）、"
            "dept_economic（部门预算支出经济分类）或 gov_economic（政府预算支出经济分类）。"
        )

    errors = []  # (line, message)
    first_seen = {}  # (scheme, code) → Row
    for line, cells in rows:
        if not any(cells):
            continue
        try:
            row = check_row(line, cells, columns, fixed_scheme)
        except CatalogueError as error:
            errors.append((line, str(error)))
            continue
        earlier = first_seen.setdefault((row.scheme, row.code), row)
        if earlier.name != row.name:
            errors.append(
                (
                    line,
                    f"科目编码 {row.code} 与第{earlier.line}行重复，但名称不同"
                    f"（“{earlier.name}”与“{row.name}”）。",
                )
            )

    for row in first_seen.values():
        model = SCHEMES[row.scheme]
        parent = model.parent_code_of(row.code)
        if (
            parent
            and (row.scheme, parent) not in first_seen
            and not model.objects.filter(year=year, code=parent).exists()
        ):
            errors.append(
                (
                    row.line,
                    f"科目 {row.code} 的上级科目 {parent} 既不在文件中，"
                    f"也不在 {year} 年{scheme_label(row.scheme)}目录中。",
                )
            )

    if errors:
        listed = [f"第{line}行：{message}" for line, message in sorted(errors)]
        if len(listed) > MAX_LISTED_ERRORS:
            listed = listed[:MAX_LISTED_ERRORS] + [
                f"……另有 {len(errors) - MAX_LISTED_ERRORS} 处错误未列出。"
            ]
        raise CatalogueError(f"发现 {len(errors)} 处错误：\n" + "\n".join(listed))
    if not first_seen:
        raise CatalogueError(f"{path.name} 中除表头外没有任何科目。")
    return list(first_seen.values())


def save(rows, year):
    """Create or rename the codes, parents first; returns {scheme: (created, renamed, same)}."""
    counts = {}
    for row in sorted(rows, key=lambda row: (row.scheme, len(row.code), row.code)):
        model = SCHEMES[row.scheme]
        created, renamed, same = counts.get(row.scheme, (0, 0, 0))
        parent_code = model.parent_code_of(row.code)
        parent = model.objects.get(year=year, code=parent_code) if parent_code else None
        code = model.objects.filter(year=year, code=row.code).first()
        if code is None:
            model.objects.create(
                year=year, code=row.code, name=row.name, parent=parent, source=model.Source.FILE
            )
            created += 1
        elif code.name != row.name or code.parent_id != (parent and parent.pk):
            code.name = row.name
            code.parent = parent
            code.source = model.Source.FILE
            code.save()
            renamed += 1
        else:
            same += 1
        counts[row.scheme] = (created, renamed, same)
    return counts


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件载入某一年度的政府收支分类科目（整个文件校验通过才写入）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV（UTF-8 或 GBK）或 XLSX 文件")
        parser.add_argument("--year", type=int, required=True, help="科目所属年度，如 2023")
        parser.add_argument(
            "--scheme",
            choices=sorted(SCHEMES),
            help="文件中全部科目的类别；文件有“科目类别”列时可省略",
        )

    def handle(self, *args, path, year, scheme, **options):
        path = Path(path)
        if not 1990 <= year <= 2100:
            raise CommandError(f"年度 {year} 不合理。")
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            with transaction.atomic():
                rows = parse(path, year, scheme)
                counts = save(rows, year)
        except CatalogueError as error:
            raise CommandError(f"{path.name} 未载入，数据库未作任何改动。{error}") from error
        for key, (created, renamed, same) in sorted(counts.items()):
            self.stdout.write(
                f"{year}年{scheme_label(key)}：新增 {created} 条，更新 {renamed} 条，"
                f"未变 {same} 条。"
            )
