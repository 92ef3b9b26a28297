"""The declared layout (``layout.SHANGHAI_DISTRICT``) and the reader following it: the
stored template is the declaration; tables are found by any title the documents print, or
by their header where no known title is; a missing table is named by number and title.

The headers here are those the 2023–2026 普陀区 PDFs print, cell for cell (pdfplumber's
grids, merged cells None), department and unit documents alike."""

import json

import pytest
from django.conf import settings

from budgets.families.shanghai_budget.layout import SHANGHAI_DISTRICT
from budgets.families.shanghai_budget.read_tables import (
    header_cells,
    read_tables,
    table_of_header,
)
from budgets.importers.layout import template_rows
from budgets.importers.pdf import ImportRefusedError, Page
from budgets.importers.tables import normalise

CODES = ["类", "款", "项", None, None, None, None]
FUNCTION_NAME = ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"]


def band(label, width=7, labels=4):
    return ["项目", *[None] * (labels - 1), label, *[None] * (width - labels - 1)]


#: (table number, header rows) as the real documents print them.
PRINTED_HEADERS = [
    ("1", [["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"]]),
    (
        "1",
        [
            ["本年收入", None, "本年支出", None, None, None, None],
            ["项目", "预算数", "项目", "预算数", None, None, None],
            [None, None, None, "合计", "基本支出", None, "项目支出"],
            [None, None, None, None, "人员经费", "公用经费", None],
        ],
    ),
    (
        "2",
        [
            band("收入预算", width=9),
            [
                "功能分类科目编码",
                None,
                None,
                "功能分类科目名称",
                "合计",
                "财政拨款收入",
                "事业收入",
                "事业单位经营收入",
                "其他收入",
            ],
            ["类", "款", "项", None, None, None, None, None, None],
        ],
    ),
    ("3", [band("支出预算"), FUNCTION_NAME, CODES]),
    (
        "4",
        [
            ["财政拨款收入", None, "财政拨款支出", None, None, None, None],
            [
                "项目",
                "预算数",
                "项目",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
            ],
        ],
    ),
    ("5", [band("一般公共预算支出"), FUNCTION_NAME, CODES]),
    ("6", [band("政府性基金预算支出"), FUNCTION_NAME, CODES]),
    ("7", [band("国有资本经营预算支出"), FUNCTION_NAME, CODES]),
    # 万里 2023.
    ("7", [band("国有资本经营财政拨款预算支出"), FUNCTION_NAME, CODES]),
    (
        "8",
        [
            band("一般公共预算基本支出", width=6, labels=3),
            ["部门预算经济分类科目编码", None, "经济分类科目名称", "合计", "人员经费", "公用经费"],
            ["类", "款", None, None, None, None],
        ],
    ),
    # Unit documents.
    (
        "8",
        [
            band("一般公共预算基本支出", width=6, labels=3),
            ["经济分类科目编码", None, "部门经济分类科目名称", "合计", "人员经费", "公用经费"],
            ["类", "款", None, None, None, None],
        ],
    ),
    (
        "9",
        [
            ["2024年“三公”经费预算数", None, None, None, None, None, "2024年机关运行经\n费预算数"],
            ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", None, None, None],
            [None, None, None, "小计", "购置费", "运行费", None],
        ],
    ),
]
#: The first header printed of each table.
HEADERS = dict(reversed(PRINTED_HEADERS))
#: A first row of figures under each table's header (a function table's by default).
BODY = {
    "1": ["一、财政拨款收入", "1.00", "一、一般公共服务支出", "1.00", "", "", "1.00"],
    "4": ["一、一般公共预算资金", "1.00", "一、一般公共服务支出", "1.00", "1.00", "", ""],
    "8": ["301", "", "工资福利支出", "1.00", "1.00", ""],
    "9": ["1.00"] * 7,
}
FUNCTION_BODY = ["201", "", "", "一般公共服务支出", *["1.00"] * 5]


def grid_of(number, header):
    return [*header, BODY.get(number, FUNCTION_BODY)[: len(header[0])]]


def test_the_stored_template_is_the_declaration():
    stored = json.loads((settings.BASE_DIR / "fixtures" / "templates.json").read_text())
    code = SHANGHAI_DISTRICT.code
    mine = [
        row
        for row in stored
        if row["fields"].get("code") == code or row["fields"].get("template") == [code]
    ]
    assert template_rows(SHANGHAI_DISTRICT) == mine
    assert [table.number for table in SHANGHAI_DISTRICT.tables] == [str(n) for n in range(1, 10)]


def test_no_title_of_one_table_is_within_another_tables_title():
    """A printed title names one table whichever of the titles is looked for first."""
    for table in SHANGHAI_DISTRICT.tables:
        for other in SHANGHAI_DISTRICT.tables:
            if other is not table:
                for title in table.titles:
                    assert not any(normalise(title) in normalise(mine) for mine in other.titles)


@pytest.mark.parametrize(("number", "header"), PRINTED_HEADERS)
def test_every_printed_header_names_its_table_alone(number, header):
    table = table_of_header(header_cells(grid_of(number, header)), SHANGHAI_DISTRICT)
    assert table is not None and table.number == number


def test_a_header_that_fits_no_table_or_several_names_none():
    assert table_of_header(["项目", "合计"], SHANGHAI_DISTRICT) is None
    both = [
        cell
        for number, header in PRINTED_HEADERS[5:7]
        for cell in header_cells(grid_of(number, header))
    ]
    assert table_of_header(both, SHANGHAI_DISTRICT) is None


def page_of(position, number, title, unit):
    """Page ``position`` printing table ``number`` under ``title`` (None: no title)."""
    lines = [title, f"编制部门：上海市普陀区司法局 单位：{unit}"] if title else ["（续表）"]
    return Page(position, lines, [grid_of(number, HEADERS[number])])


def all_pages(titles):
    """One page per table, titled as ``titles`` ({number: title or None}) say."""
    return [
        page_of(
            position,
            table.number,
            titles.get(table.number, f"2025年部门{table.title}"),
            table.amount_unit or "元",
        )
        for position, table in enumerate(SHANGHAI_DISTRICT.tables, start=1)
    ]


def test_tables_found_by_the_titles_documents_print():
    titles = {
        "2": "2024年预算单位收入预算总表",
        "5": "2026年预算单位一般公共预算支出功能分类预算表",
        "9": "单位“三公”经费和机关运行经费预算表",
    }
    tables = read_tables(all_pages(titles))
    assert list(tables) == [table.number for table in SHANGHAI_DISTRICT.tables]
    assert tables["9"].title == "单位“三公”经费和机关运行经费预算表"
    assert tables["9"].template_title == "“三公”经费和机关运行经费预算表"
    assert tables["9"].unit == "万元"
    assert tables["2"].template_title == "收入预算总表"


def test_tables_in_another_order():
    pages = all_pages({})
    tables = read_tables([*reversed(pages)])
    assert list(tables) == [str(number) for number in range(9, 0, -1)]


def test_a_table_without_its_title_is_found_by_its_header():
    # 表7 printed without a title, and 表9 under a title no document has printed.
    pages = all_pages({"7": None, "9": "2025年部门三公经费预算表"})
    tables = read_tables(pages)
    assert tables["7"].title == "国有资本经营预算支出功能分类预算表"
    assert tables["7"].pages == [pages[6]]
    assert tables["6"].pages == [pages[5]]
    # The unit as the page prints it, else as declared (表9 in 万元).
    assert tables["9"].unit == "万元"
    assert tables["9"].rows[0].amounts["total"] == 10000


def test_a_missing_table_is_named_by_number_and_title():
    pages = all_pages({})
    del pages[5:7]
    with pytest.raises(ImportRefusedError) as refused:
        read_tables(pages)
    assert str(refused.value) == (
        "文件中找不到以下预算表：表6《政府性基金预算支出功能分类预算表》、"
        "表7《国有资本经营预算支出功能分类预算表》。"
    )
