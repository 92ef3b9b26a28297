"""The shared table reader (``importers.tables``) on synthetic pages: grids shaped as
pdfplumber returns them (lists of rows of cells, None for a merged cell), no PDF needed.

Each case is one way real Shanghai PDFs differ from one another: the title and the
“编制单位 … 单位：元” line drawn inside the grid, blank rows, “无” in an empty table,
headers repeated on continuation pages, two tables on one page, tables in another
order, a table known by its header where no title is printed, amounts in 元 or 万元.
The Shanghai covers are tested with their family (``families/shanghai_budget/tests``).
"""

from decimal import Decimal

import pytest

from budgets.importers import registry
from budgets.importers.pdf import ImportRefusedError, Page, PdfContent
from budgets.importers.tables import (
    cell_text,
    find_tables,
    is_blank_row,
    parse_amount,
    preamble_length,
)

TEMPLATE = [
    ("1", "财务收支预算总表"),
    ("2", "收入预算总表"),
    ("3", "支出预算总表"),
    ("4", "财政拨款收支预算总表"),
    ("5", "一般公共预算支出功能分类预算表"),
    ("6", "政府性基金预算支出功能分类预算表"),
    ("7", "国有资本经营预算支出功能分类预算表"),
    ("8", "一般公共预算基本支出部门预算经济分类预算表"),
    ("9", "“三公”经费和机关运行经费预算表"),
]

FUNCTION_HEADER = [
    ["项目", None, None, None, "一般公共预算支出", None, None],
    ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", None, None, None, None],
]
FUND_HEADER = [
    ["项目", None, None, None, "政府性基金预算支出", None, None],
    ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", None, None, None, None],
]
BLANK = ["", "", "", "", "", "", ""]
ROWS_204 = [
    ["204", "", "", "公共安全支出", "1,000.50", "600.50", "400.00"],
    ["204", "06", "", "司法", "1,000.50", "600.50", "400.00"],
    ["204", "06", "01", "行政运行", "600.50", "600.50", "0.00"],
]
ROWS_208 = [
    ["208", "", "", "社会保障和就业支出", "400.00", "", "400.00"],
    ["208", "05", "", "行政事业单位养老支出", "400.00", "", "400.00"],
    ["208", "05", "01", "行政单位离退休", "400.00", "", "400.00"],
]
TOTAL = ["合计", None, None, None, "1,400.50", "600.50", "800.00"]
EMPTY_FUND = [*FUND_HEADER, ["无", "", "", "", "", "", ""], BLANK, BLANK]
EMPTY_FUND.append(["合计", None, None, None, "", "", ""])


def title_lines(title, unit="元", owner="上海市普陀区司法局"):
    return [title, f"编制单位：{owner} 单位：{unit}"]


def header_lines():
    return ["项目 一般公共预算支出", "功能分类科目编码", "功能分类科目名称 合计 基本支出 项目支出"]


def read(*pages):
    return find_tables(list(pages), TEMPLATE)


def codes(table):
    return [row.code for row in table.rows]


# The generic pieces.


@pytest.mark.parametrize("placeholder", ["无", "—", "-", "－", " 无 ", "——", None, "", " \n"])
def test_placeholders_are_blank(placeholder):
    assert cell_text(placeholder) == ""
    assert parse_amount(placeholder, "元", "test") is None


def test_amounts_are_exact_decimal_yuan():
    assert parse_amount("1,234.56", "元", "test") == Decimal("1234.56")
    assert parse_amount("6.4", "万元", "test") == Decimal("64000.00")
    assert parse_amount(" 12,345 ", "元", "test") == Decimal("12345")
    with pytest.raises(ImportRefusedError, match="无法识别的金额“12,34a”"):
        parse_amount("12,34a", "元", "第3页")


def test_preamble_is_title_unit_and_blank_rows():
    grid = [
        BLANK,
        ["2026年预算单位一般公共预算支出功能分类预算表", None, None, None, None, None, None],
        BLANK,
        ["编制单位：上海市普陀区司法局", None, None, "", "", "", "单位：元"],
        *FUNCTION_HEADER,
        *ROWS_204,
    ]
    assert preamble_length(grid) == 4
    assert preamble_length(FUNCTION_HEADER) == 0
    # A grid that starts with data (a continuation page) has no preamble either.
    assert preamble_length(ROWS_208) == 0
    assert is_blank_row(["无", None, "", "—"])
    assert not is_blank_row(["", "1.00"])


# Tables found by their titles and read by their headers.


def test_title_and_unit_rows_inside_the_grid():
    grid = [
        BLANK,
        ["2026年预算单位一般公共预算支出功能分类预算表", None, None, None, None, None, None],
        BLANK,
        ["编制单位：上海市普陀区司法局", None, None, "", "", "", "单位：元"],
        BLANK,
        *FUNCTION_HEADER,
        *ROWS_204,
        TOTAL,
    ]
    page = Page(3, [*title_lines("2026年预算单位一般公共预算支出功能分类预算表"), "…"], [grid])
    table = read(page)["5"]
    assert table.unit == "元"
    assert table.columns == ["class", "item", "sub", "name", "total", "basic", "project"]
    assert codes(table) == ["204", "20406", "2040601"]
    assert table.rows[2].amounts == {
        "total": Decimal("600.50"),
        "basic": Decimal("600.50"),
        "project": Decimal("0.00"),
    }
    assert table.total["project"] == Decimal("800.00")
    assert table.places == {2}


def test_blank_rows_between_and_after_rows_are_skipped():
    grid = [*FUNCTION_HEADER, BLANK, *ROWS_204, BLANK, BLANK, *ROWS_208, BLANK, TOTAL]
    table = read(Page(1, title_lines("2025年部门一般公共预算支出功能分类预算表"), [grid]))["5"]
    assert codes(table) == ["204", "20406", "2040601", "208", "20805", "2080501"]
    # A blank cell is a figure not printed, not a zero.
    assert table.rows[3].amounts["basic"] is None


def test_empty_table_printed_with_wu():
    lines = [
        *title_lines("2026年部门政府性基金预算支出功能分类预算表"),
        "无",
        "合计",
        "注:本部门2026年无政府性基金预算财政拨款安排的预算，故本表为空表。",
    ]
    table = read(Page(5, lines, [EMPTY_FUND]))["6"]
    assert table.rows == []
    assert table.is_empty
    assert table.total == {"total": None, "basic": None, "project": None}
    assert table.note.endswith("故本表为空表。")


def test_header_repeated_on_continuation_pages():
    first = Page(
        7,
        [*title_lines("2025年部门一般公共预算支出功能分类预算表"), *header_lines()],
        [[*FUNCTION_HEADER, *ROWS_204]],
    )
    second = Page(8, header_lines(), [[*FUNCTION_HEADER, *ROWS_208, TOTAL]])
    third = Page(9, ["其他相关情况说明"], [])
    tables = read(first, second, third)
    table = tables["5"]
    assert [page.number for page in table.pages] == [7, 8]
    assert codes(table) == ["204", "20406", "2040601", "208", "20805", "2080501"]
    assert table.total["total"] == Decimal("1400.50")


def test_continuation_page_without_repeated_header():
    first = Page(7, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    second = Page(8, ["208 05 01 …"], [[*ROWS_208, TOTAL]])
    table = read(first, second)["5"]
    assert codes(table) == ["208", "20805", "2080501"]


def test_changed_header_on_a_continuation_page_is_refused():
    first = Page(7, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    other = [row[:4] + row[5:] for row in FUNCTION_HEADER]
    second = Page(8, ["…"], [[*other, *[row[:4] + row[5:] for row in ROWS_208]]])
    with pytest.raises(ImportRefusedError, match="第8页.*续页表头与首页不同"):
        read(first, second)


def test_two_tables_on_one_page():
    fund = [*FUND_HEADER, ["无", "", "", "", "", "", ""], ["合计", None, None, None, "", "", ""]]
    capital = [row[:] for row in fund]
    capital[0][4] = "国有资本经营预算支出"
    lines = [
        *title_lines("2024年预算单位政府性基金预算支出功能分类预算表"),
        "注:本单位2024年无政府性基金预算财政拨款安排的预算，故本表为空表。",
        *title_lines("2024年预算单位国有资本经营预算支出功能分类预算表"),
        "注:本单位2024年无国有资本经营预算财政拨款安排的预算，故本表为空表。",
    ]
    tables = read(Page(12, lines, [fund, capital]))
    assert set(tables) == {"6", "7"}
    assert tables["6"].note.startswith("注:本单位2024年无政府性基金")
    assert tables["7"].note.startswith("注:本单位2024年无国有资本经营")
    assert tables["6"].is_empty and tables["7"].is_empty
    assert tables["6"].columns == tables["7"].columns


def test_table_continued_above_a_new_title_on_the_same_page():
    first = Page(7, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    second = Page(
        8,
        ["208 …", *title_lines("2025年部门政府性基金预算支出功能分类预算表")],
        [[*ROWS_208, TOTAL], EMPTY_FUND],
    )
    tables = read(first, second)
    assert codes(tables["5"]) == ["208", "20805", "2080501"]
    assert tables["6"].rows == [] and tables["6"].pages == [second]


def test_grid_holding_its_own_title_goes_to_that_table():
    # Grids given in another order than the titles: the grid's own title decides.
    fund = [
        ["2024年预算单位政府性基金预算支出功能分类预算表", None, None, None, None, None, None],
        *EMPTY_FUND,
    ]
    general = [
        ["2024年预算单位一般公共预算支出功能分类预算表", None, None, None, None, None, None],
        *FUNCTION_HEADER,
        *ROWS_204,
    ]
    lines = [
        *title_lines("2024年预算单位一般公共预算支出功能分类预算表"),
        *title_lines("2024年预算单位政府性基金预算支出功能分类预算表"),
    ]
    tables = read(Page(4, lines, [fund, general]))
    assert codes(tables["5"]) == ["204", "20406", "2040601"]
    assert tables["6"].rows == []


def test_tables_in_another_order():
    pages = [
        Page(1, title_lines("2025年部门政府性基金预算支出功能分类预算表"), [EMPTY_FUND]),
        Page(2, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER]),
        Page(3, ["…"], [[*ROWS_204, TOTAL]]),
    ]
    tables = read(*pages)
    assert list(tables) == ["6", "5"]
    assert codes(tables["5"]) == ["204", "20406", "2040601"]


def fund_by_header(page):
    """A ``by_header`` that knows 表6 by its band (as a family's layout would)."""
    band = page.tables[0][0][4] if page.tables[0] and len(page.tables[0][0]) > 4 else ""
    return ("6", "政府性基金预算支出功能分类预算表", "元") if band == FUND_HEADER[0][4] else None


def test_table_without_a_title_found_by_its_header():
    first = Page(7, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    # No title over 表6: without ``by_header`` its grid would continue 表5.
    second = Page(8, ["（表格）"], [EMPTY_FUND])
    tables = find_tables([first, second], TEMPLATE, by_header=fund_by_header)
    assert list(tables) == ["5", "6"]
    assert tables["6"].title == "政府性基金预算支出功能分类预算表"
    assert tables["6"].unit == "元"
    assert tables["6"].pages == [second] and tables["5"].pages == [first]
    assert tables["6"].is_empty


def test_a_found_table_repeating_its_header_is_continued_not_restarted():
    first = Page(5, title_lines("2025年部门政府性基金预算支出功能分类预算表"), [FUND_HEADER])
    second = Page(6, ["…"], [[*FUND_HEADER, ["无", "", "", "", "", "", ""]]])
    tables = find_tables([first, second], TEMPLATE, by_header=fund_by_header)
    assert [page.number for page in tables["6"].pages] == [5, 6]


def test_same_table_twice_is_refused():
    page = Page(1, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    again = Page(2, title_lines("2025年部门一般公共预算支出功能分类预算表"), [FUNCTION_HEADER])
    with pytest.raises(ImportRefusedError, match="第2页.*重复出现"):
        read(page, again)


RESTRICTED = [
    ["2024年“三公”经费预算数", None, None, None, None, None, "2024年机关运行经\n费预算数"],
    ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", None, None, None],
    [None, None, None, "小计", "购置费", "运行费", None],
    ["6.4", "0", "0", "6.4", "", "6.4", "0"],
]


def test_wan_yuan_table_converted_exactly():
    lines = ["单位“三公”经费和机关运行经费预算表", "编制单位：上海市普陀区社会福利院 单位:万元"]
    table = read(Page(15, lines, [RESTRICTED]))["9"]
    assert table.unit == "万元"
    assert table.rows[0].amounts == {
        "total": Decimal("64000.00"),
        "outbound_travel": Decimal("0.00"),
        "reception": Decimal("0.00"),
        "vehicle_total": Decimal("64000.00"),
        "vehicle_purchase": None,
        "vehicle_operation": Decimal("64000.00"),
        "administrative_running": Decimal("0.00"),
    }


def test_yuan_table_in_whole_yuan():
    grid = [*FUNCTION_HEADER, ["208", "", "", "社会保障和就业支出", "11,281,624", "8,661,624", ""]]
    table = read(Page(9, title_lines("2024年预算单位一般公共预算支出功能分类预算表"), [grid]))["5"]
    assert table.rows[0].amounts["total"] == Decimal("11281624")
    assert table.places == {0}


def test_misprinted_class_cell_is_read_under_its_class_and_kept_as_printed():
    grid = [
        *FUNCTION_HEADER,
        ["210", "", "", "卫生健康支出", "503,724", "503,724", ""],
        ["210", "11", "", "行政事业单位医疗", "503,724", "503,724", ""],
        ["7", "11", "02", "事业单位医疗", "503,724", "503,724", ""],
    ]
    table = read(Page(11, title_lines("2024年预算单位一般公共预算支出功能分类预算表"), [grid]))["5"]
    assert codes(table) == ["210", "21011", "2101102"]
    assert [row.printed_code for row in table.rows] == ["", "", "7 11 02"]


def test_unknown_header_is_refused_naming_it():
    grid = [["项目", "预算数", "神秘列"], ["一、财政拨款收入", "1.00", "2.00"]]
    with pytest.raises(ImportRefusedError, match="无法识别的表头“神秘列”"):
        read(Page(2, title_lines("2025年部门财务收支预算总表"), [grid]))


def content(*lines):
    return PdfContent(pages=[Page(1, list(lines))], sha256="0" * 64)


def test_unknown_file_is_refused_listing_the_known_templates():
    with pytest.raises(ImportRefusedError) as refused:
        registry.identify(content("某某省2025年省级部门预算", "预算主管部门：某某省财政厅"))
    message = str(refused.value)
    assert message.startswith("无法识别该文件的公开模板。已知的模板：")
    for reader in registry.readers():
        assert str(reader.name) in message
    assert "上海市区级/市级部门/单位预算" in message
