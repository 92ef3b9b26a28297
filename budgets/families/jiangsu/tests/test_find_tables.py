"""Finding the 公开表 by their declared titles and title variants, or by their header where
no title is read; a missing table named in the refusal by its number and title."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from budgets.disclosures.models import Template
from budgets.families.jiangsu import find
from budgets.families.jiangsu.reader import read_contents
from budgets.importers.pdf import ImportRefusedError, Page, read_pdf

RESTRICTED_TITLE = "“三公”经费、会议费、培训费支出预算表"
RESTRICTED_HEADER = [
    ["部门：江苏省某厅", None, None, None, None, None, "单位：万元", None, None],
    ["合计", "“三公”经费", None, None, None, None, None, "会议费", "培训费"],
    [
        None,
        "小计",
        "因公出国\n（境）费",
        "公务用车购置及运行维护费",
        None,
        None,
        "公务接待费",
        None,
        None,
    ],
    [None, None, None, "小计", "公务用车购\n置费", "公务用车运\n行维护费", None, None, None],
]
RESTRICTED_FIGURES = ["3.00", "1.00", "1.00", "", "", "", "", "1.00", "1.00"]
RUNNING = [
    ["科目编码", "科目名称", "机关运行经费支出"],
    ["", "合计", "5.00"],
    ["302", "商品和服务支出", "5.00"],
]


@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("〝三公〞经费、会议费、培训费支出预算表", "jiangsu_restricted"),
        ("表11 ＂三公＂经费、会议费、培训费支出预算表", "jiangsu_restricted"),
        ("十、政府性基金财政拨款支出预算表", "jiangsu_government_fund_by_function"),
        ("公开 05 表：财政拨款支出预算表（功能科目）", "jiangsu_fiscal_by_function"),
        ("2019年政府采购预算表", "jiangsu_procurement"),
    ],
)
def test_titles_are_known_by_any_declared_variant_however_quoted_or_numbered(printed, kind):
    assert find.kind_of_title(printed) == kind


def test_a_table_without_a_title_is_found_by_its_header_and_its_continuation_stays_one():
    running = Page(
        number=10,
        lines=["一般公共预算机关运行经费支出预算表", "科目编码 科目名称 机关运行经费支出"],
        tables=[RUNNING],
    )
    # The 三公 table's title is printed as a picture: only its grid is read, over two pages,
    # its header repeated on the second.
    restricted = Page(number=11, lines=["部门：江苏省某厅 单位：万元"], tables=[RESTRICTED_HEADER])
    continued = Page(
        number=12, lines=["合计 3.00"], tables=[RESTRICTED_HEADER[1:] + [RESTRICTED_FIGURES]]
    )
    blocks, repeats = find.find_blocks([running, restricted, continued])
    assert not repeats
    assert set(blocks) == {"jiangsu_administrative_running", "jiangsu_restricted"}
    assert len(blocks["jiangsu_administrative_running"].rows) == len(RUNNING)
    found = blocks["jiangsu_restricted"]
    assert found.by_header and found.title == RESTRICTED_TITLE and found.pages == [11, 12]
    assert found.rows[-1] == RESTRICTED_FIGURES


def test_a_grid_under_its_title_is_not_opened_again_by_its_header():
    page = Page(
        number=11,
        lines=[
            "十一、一般公共预算“三公”经费、会议费、培训费支出预算表",
            "部门：江苏省某厅 单位：万元",
        ],
        tables=[RESTRICTED_HEADER + [RESTRICTED_FIGURES]],
    )
    blocks, repeats = find.find_blocks([page])
    assert not repeats and not blocks["jiangsu_restricted"].by_header
    assert (
        blocks["jiangsu_restricted"].title
        == "十一、一般公共预算“三公”经费、会议费、培训费支出预算表"
    )


# ---------------------------------------------------------------------------
# 委办 2017 (narrative + tables, 2017 template), its 三公 table's title edited.

COMMITTEE_2017 = ("江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf")
#: The 三公 table as 委办 2017 prints it (p. 11 of its tables), 万元.
RESTRICTED_2017 = {
    "total": "1467.70",
    "three_public": "509.20",
    "outbound_travel": "70.00",
    "vehicle_total": "411.20",
    "vehicle_purchase": None,
    "vehicle_operation": "411.20",
    "reception": "28.00",
    "meetings": "933.50",
    "training": "25.00",
}


@pytest.fixture
def committee_2017(db, disclosure):
    call_command("loaddata", "templates", verbosity=0)
    narrative, tables = (read_pdf(disclosure(name).read_bytes()) for name in COMMITTEE_2017)
    return narrative, tables, Template.objects.get(code="jiangsu-provincial-2017")


def wan(text):
    return Decimal(text) * 10000


def retitle(page, title, printed):
    """The page as if it printed ``title`` as ``printed`` (None: not at all, as a title
    printed as a picture), in its text and in its grid."""
    at = page.lines.index(title)
    if printed is None:
        del page.lines[at]
        del page.line_extents[at]
    else:
        page.lines[at] = printed
    for grid in page.tables:
        for row in grid:
            for index, cell in enumerate(row):
                if cell == title:
                    row[index] = printed or ""


@pytest.mark.disclosures
@pytest.mark.parametrize("printed", [None, "〝三公〞经费、会议费、培训费支出预算表"])
def test_the_restricted_table_of_a_two_file_2017_budget_is_found_whatever_its_title(
    committee_2017, printed
):
    """Refused as “文件中找不到以下预算表：“三公”经费、会议费、培训费支出预算表” while the
    reader knew the table only by the titles it had seen."""
    narrative, tables, template = committee_2017
    retitle(tables.pages[10], RESTRICTED_TITLE, printed)
    document = read_contents([narrative, tables], template)
    assert document.errors == []
    assert document.blocks["jiangsu_restricted"].by_header == (printed is None)
    assert document.restricted_printed == {
        key: None if figure is None else wan(figure) for key, figure in RESTRICTED_2017.items()
    }
    assert document.restricted["administrative_running"] == wan("10101.76")


@pytest.mark.disclosures
def test_a_missing_table_is_named_by_its_number_and_title(committee_2017):
    narrative, tables, template = committee_2017
    del tables.pages[10]  # the 三公 table's page
    with pytest.raises(ImportRefusedError) as refused:
        read_contents([narrative, tables], template)
    assert "找不到以下预算表：表11《“三公”经费、会议费、培训费支出预算表》" in str(refused.value)
