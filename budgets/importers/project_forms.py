"""上海 财政项目支出绩效目标填报表: one project's form, read from its ruled grid.

A 上海 budget prints, after its tables, a 项目经费情况说明 and a 绩效目标填报表 per main
project. The form is a grid of labels and values (项目名称, 项目性质, 项目类别, 主管部门,
实施单位, dates, 项目资金 in 元), the goals for the project and the year, and indicators in
the 一级/二级/三级指标 frame with their 指标值. A form may go on over the next page, with
or without its header row; a page that starts another form's title starts a new one.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .narrative import FORM_TITLE, NarrativeProject

#: The form's labels and the field each names. 其他资金 is printed twice: first for the
#: whole project, then for the year.
LABELS = {
    "项目名称": "name",
    "项目性质": "nature",
    "项目类别": "category",
    "主管部门": "department",
    "实施单位": "implementer",
    "计划开始日期": "start",
    "计划完成日期": "end",
    "项目资金总额": "total",
    "财政资金": "fiscal",
    "年度资金申请总额": "annual_total",
    "当年财政拨款": "annual_fiscal",
    "上年结转资金": "annual_carryover",
}
MONEY = {"total", "fiscal", "other", "annual_total", "annual_fiscal", "annual_carryover"}
#: Closing marks a document may print past the right edge of their cell, at the end of a
#: wrapped line (标点溢出边界, as word processors do by default).
HANGING = set("，。、；：！？）》」』”’,.;:!?)")
#: How far apart (points) the tops of two characters of one printed line may be.
LINE_TOLERANCE = 3


@dataclass
class ProjectForm:
    page: int
    values: dict = field(default_factory=dict)
    overall_goal: str = ""
    annual_goal: str = ""
    #: (一级指标, 二级指标, 三级指标, 指标值) as printed, in printed order.
    indicators: list = field(default_factory=list)
    #: Which part of the form the next row continues: "fields", "goals" or "indicators".
    part: str = "fields"
    goal_columns: tuple = (1, 5)

    @property
    def name(self):
        return self.values.get("name", "")

    def amount(self, key):
        """A 项目资金 figure in 元 as printed, or None."""
        text = self.values.get(key, "")
        try:
            return Decimal(text.replace(",", "")) if text else None
        except InvalidOperation:
            return None


def clean(cell):
    return re.sub(r"\s+", "", cell or "")


def label_of(cell):
    return clean(cell).removeprefix("其中：").removeprefix("其中:")


def read_forms(pages):
    """Every 绩效目标填报表 in ``pages`` (importers.pdf.Page), in printed order."""
    forms, previous_page = [], None
    for page in pages:
        for table, grid in enumerate(page.tables):
            if grid and FORM_TITLE in clean(grid[0][0]):
                forms.append(ProjectForm(page=page.number))
            elif not forms or previous_page not in (page.number - 1, page.number):
                continue
            for index, row in enumerate(grid):
                read_row(forms[-1], row_as_printed(page, (table, index), row))
            previous_page = page.number
    return [form for form in forms if form.name]


@dataclass(frozen=True)
class Char:
    """One character of a printed word, where it is (estimated within its word)."""

    text: str
    x0: float
    x1: float
    top: float

    @property
    def middle(self):
        return (self.x0 + self.x1) / 2


def row_as_printed(page, where, row):
    """``row`` (of grid ``where``: (table, row) on ``page``) as printed: where a closing
    mark is printed past its cell's right edge (“…工作推进。” over the border), the cells
    it was read into read again from the page's words, each character in the cell it
    begins in.

    pdfplumber gives a character to the cell its middle lies in: such a mark would end its
    own cell's text without it and appear in the next cell, first on the line printed
    level with it (“…办公用房。紧张的问题…”), or be lost past the grid's last column. A cell
    read again replaces the one read only where the two differ in closing marks alone
    (a cell spanning rows below is left as read). Without the positions (a page built by
    hand), ``row`` as it is."""
    extents, chars = row_chars(page, where)
    if len(extents) != len(row) or not any(
        char.text in HANGING and cell_at(extents, char.x0) != cell_at(extents, char.middle)
        for char in chars
    ):
        return row
    cells = [[] for _extent in extents]
    for char in chars:
        column = cell_at(extents, char.x0)
        if column is not None:
            cells[column].append(char)
    again = [text_of(cell) for cell in cells]
    return [
        text if text is None or clean_marks(text) != clean_marks(again[index]) else again[index]
        for index, text in enumerate(row)
    ]


def row_chars(page, where):
    """(the (x0, x1) of each cell of row ``where`` (table, row), the characters printed
    in the row's band: from its top to the next row's); ([], []) where not known."""
    table, index = where
    try:
        rows = page.table_row_extents[table]
        extents = page.table_cell_extents[table][index]
        top, bottom = rows[index]
    except IndexError:
        return [], []
    if index + 1 < len(rows) and top < rows[index + 1][0] < bottom:
        bottom = rows[index + 1][0]
    chars = [
        char
        for word in page.words
        if top <= (word[3] + word[4]) / 2 < bottom
        for char in characters(word)
    ]
    return extents, chars


def clean_marks(text):
    """A cell's text without spaces, line breaks and closing marks."""
    return "".join(char for char in clean(text) if char not in HANGING)


def characters(word):
    """The characters of a word (text, x0, x1, top, bottom), each as wide as its share
    of the word (a CJK character twice a Latin letter or figure)."""
    text, x0, x1, top, _bottom = word
    weights = [2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text]
    unit = (x1 - x0) / (sum(weights) or 1)
    chars, left = [], x0
    for char, weight in zip(text, weights, strict=True):
        chars.append(Char(char, left, left + weight * unit, top))
        left += weight * unit
    return chars


def cell_at(extents, x):
    """The index of the cell (of a row's (x0, x1) ``extents``) that ``x`` lies in."""
    return next(
        (index for index, extent in enumerate(extents) if extent and extent[0] <= x < extent[1]),
        None,
    )


def text_of(chars):
    """A cell's characters as its text: lines top to bottom, each read left to right."""
    lines = []
    for char in sorted(chars, key=lambda char: char.top):
        if lines and char.top - lines[-1][0].top <= LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return "\n".join(
        "".join(char.text for char in sorted(line, key=lambda char: char.x0)) for line in lines
    )


def read_row(form, row):
    cells = [clean(cell) for cell in row]
    if "一级指标" in cells:
        form.part = "indicators"
    elif "项目总目标" in cells or "年度总体目标" in cells:
        form.part = "goals"
        form.goal_columns = (cells.index("项目总目标"), cells.index("年度总体目标"))
    elif form.part == "indicators":
        read_indicator(form, row)
    elif form.part == "goals":
        overall, annual = (row[index] if index < len(row) else None for index in form.goal_columns)
        form.overall_goal += clean(overall)
        form.annual_goal += clean(annual)
    else:
        read_fields(form, cells)


def read_fields(form, cells):
    """Each label with the first value printed after it in its row."""
    for index, cell in enumerate(cells):
        label = label_of(cell)
        key = LABELS.get(label)
        if label == "其他资金":
            key = "other" if "other" not in form.values else "annual_other"
        if key is None:
            continue
        value = next((text for text in cells[index + 1 :] if text), "")
        if value and label_of(value) not in LABELS and label_of(value) != "其他资金":
            form.values.setdefault(key, value)


def read_indicator(form, row):
    """An indicator row: 一级 and 二级指标 printed once for the rows under them."""
    cells = [clean(cell) for cell in row]
    texts = [text for text in cells[1:] if text]
    if len(texts) < 2:
        return
    previous = form.indicators[-1] if form.indicators else ("", "", "", "")
    level1 = cells[1] if len(cells) > 1 and cells[1] else previous[0]
    level2 = cells[2] if len(cells) > 2 and cells[2] else previous[1]
    content = cells[3] if len(cells) > 3 else ""
    value = next((text for text in reversed(cells[4:]) if text), "")
    if content:
        form.indicators.append((level1, level2, content, value))


def attach(projects, forms):
    """The document's projects: each 项目经费情况说明 (``narrative.NarrativeProject``) with
    the 绩效目标填报表 printed after it, before the next description, and each form without
    a description as a project of its own; in printed order, names made unique. Returns
    (projects, warnings)."""
    described = sorted(projects, key=lambda project: project.page)
    result, warnings = list(described), []
    for form in forms:
        before = [project for project in described if project.page < form.page]
        project = before[-1] if before else None
        if project is None or project.form is not None or later_form(forms, project, form):
            result.append(NarrativeProject(form.name, "", form.page, form=form))
            continue
        project.form = form
        if not project.named:
            project.name, project.named = form.name, True
    for project in result:
        if not project.named:
            warnings.append(
                ("项目经费情况说明", "", "提示：项目经费情况说明未印项目名称，以标题作为名称。")
            )
    result.sort(key=lambda project: project.page)
    warnings += [
        ("绩效目标填报表", project.name, message)
        for project in result
        if project.form is not None
        for message in funding_problems(project.form)
    ]
    return unique_names(result), warnings


#: A form's funding rows: (total, its parts, how the form names them).
FUNDING = (
    ("total", ("fiscal", "other"), "项目资金总额", "财政资金、其他资金"),
    (
        "annual_total",
        ("annual_fiscal", "annual_carryover", "annual_other"),
        "年度资金申请总额",
        "当年财政拨款、上年结转资金、其他资金",
    ),
)


def funding_problems(form):
    """A 提示 for each funding total the form prints that its parts do not add up to."""
    problems = []
    for total_key, part_keys, total_name, part_names in FUNDING:
        total = form.amount(total_key)
        parts = [form.amount(key) for key in part_keys]
        if total is None or all(part is None for part in parts):
            continue
        summed = sum(part or 0 for part in parts)
        if summed != total:
            problems.append(
                f"提示：{total_name} {total:,.2f} 元，{part_names}合计 {summed:,.2f} 元；"
                "按文件印出保存。"
            )
    return problems


def later_form(forms, project, form):
    """True where another form lies between a description and ``form``."""
    return any(project.page < other.page < form.page for other in forms)


def unique_names(projects):
    seen = set()
    for project in projects:
        base, number = project.name, 2
        while project.name in seen:
            project.name, number = f"{base}（{number}）", number + 1
        seen.add(project.name)
    return projects
