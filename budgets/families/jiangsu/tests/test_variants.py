"""What documents vary that the reader once misread (``JiangsuStyle.gaps`` before): a header
printed again over a table's next page, a title no layout declares, a label in numerals
over a title starting with one, a note wrapped over lines. Each on pages built by hand,
then rendered from a stored document in a variant that prints it, and imported back."""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import transaction

from budgets.disclosures.models import Document
from budgets.families.jiangsu import find, grids
from budgets.importers.pdf import Page
from budgets.rendering.roundtrip import round_trip
from budgets.rendering.style import style_for

REVENUE_HEADER = ["项目名称", "明细", "金额"]
RESTRICTED_GRID = [
    ["合计", "“三公”经费", None, None, None, None, None, "会议费", "培训费"],
    [None, "小计", "因公出国\n（境）费", "公务用车购置及运行维护费", None, None, "公务接待费"]
    + [None, None],
    [None, None, None, "小计", "公务用车购\n置费", "公务用车运\n行维护费", None, None, None],
    ["3.00", "1.00", "1.00", "", "", "", "", "1.00", "1.00"],
]
RUNNING_GRID = [
    ["科目编码", "科目名称", "机关运行经费支出"],
    ["合计", None, "5.00"],
    ["302", "商品和服务支出", "5.00"],
]


def test_a_header_printed_again_over_the_next_page_is_no_row():
    first = Page(
        number=3,
        lines=["收入预算总表", "部门：某厅 单位：万元", "项目名称 明细 金额", "收入总计 30.00"],
        tables=[
            [
                REVENUE_HEADER,
                ["收入总计", None, "30.00"],
                ["一般公共预算资金", "小计", "30.00"],
                ["", "公共财政拨款(补助)资金", "30.00"],
            ]
        ],
    )
    continued = Page(
        number=4,
        lines=["项目名称 明细 金额", "专项收入"],
        tables=[[REVENUE_HEADER, ["", "专项收入", ""], ["政府性基金", "小计", ""]]],
    )
    blocks, _repeats = find.find_blocks([first, continued])
    revenue = blocks["jiangsu_revenue"]
    assert revenue.pages == [3, 4]
    assert revenue.rows == [*first.tables[0], *continued.tables[0][1:]]
    _groups, _total, rows = grids.read_revenue(revenue)
    assert [label for *_place, label in rows][-3:] == ["专项收入", "政府性基金", "小计"]


def test_a_title_no_layout_declares_is_kept_as_printed_over_the_grid_its_header_finds():
    running = Page(
        number=10,
        lines=["公开11表：", "一般公共预算机关运行经费支出预算表", "部门：某厅 单位：万元"]
        + ["科目编码 科目名称 机关运行经费支出", "合计 5.00"],
        tables=[RUNNING_GRID],
    )
    restricted = Page(
        number=11,
        lines=["公开09表：", "“三公”经费支出预算表", "部门：某厅 单位：万元", "合计 “三公”经费"],
        tables=[RESTRICTED_GRID],
    )
    blocks, repeats = find.find_blocks([running, restricted])
    assert not repeats
    found = blocks["jiangsu_restricted"]
    assert found.by_header and found.title == "公开09表：“三公”经费支出预算表"
    assert found.pages == [11] and found.rows[-1] == RESTRICTED_GRID[-1]
    assert blocks["jiangsu_administrative_running"].rows == RUNNING_GRID


def test_a_label_in_numerals_is_no_part_of_a_title_starting_with_one():
    lines = ["公开表七", "一般公共预算支出预算表", "部门：某厅 单位：万元"]
    assert find.line_titles(lines) == [
        (0, "公开表七一般公共预算支出预算表", "jiangsu_general_public_by_function")
    ]
    assert find.kind_of_title("公开表十一\n一般公共预算机关运行经费支出预算表") == (
        "jiangsu_administrative_running"
    )
    assert find.kind_of_title("公开表七") is None


def test_a_note_wrapped_over_lines_is_read_whole_up_to_the_next_title():
    note = "注：1.“机关运行经费”指行政单位使用一般公共预算安排的基本支出中的日常公用经费支出"
    printed = [
        ("一般公共预算机关运行经费支出预算表", 10),
        ("部门：某厅 单位：万元", 30),
        ("科目编码 科目名称 机关运行经费支出", 42),
        ("合计 5.00", 54),
        ("302 商品和服务支出 5.00", 66),
        (note, 80),
        ("，包括办公及印刷费", 90),
        ("政府采购预算表", 102),
        ("部门：某厅 单位：万元", 120),
        ("采购品目大类 专项名称 总计", 132),
        ("合计", 144),
    ]
    page = Page(
        number=10,
        lines=[line for line, _top in printed],
        tables=[RUNNING_GRID, [["采购品目大类", "专项名称", "总计"], ["合计", None, ""]]],
        height=800,
        line_extents=[(top, top + 8) for _line, top in printed],
        table_row_extents=[[(40, 52), (52, 64), (64, 76)], [(130, 142), (142, 154)]],
    )
    blocks, _repeats = find.find_blocks([page])
    assert blocks["jiangsu_administrative_running"].note == note + "，包括办公及印刷费"
    assert blocks["jiangsu_procurement"].note == ""


# ---------------------------------------------------------------------------
# Rendered from the stored documents and imported back.


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """{title: Document} of the 江苏 fixtures, loaded once for the module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "templates", "jiangsu_provincial", verbosity=0)
        yield {document.title: document for document in Document.objects.all()}
        transaction.set_rollback(True)


#: (document, knobs): each variant prints what the reader once misread, on its own (the
#: plain look otherwise): 收入预算总表 over two pages with its header repeated; the 三公
#: table under “公开09表：” and a title no layout declares; “公开表七” over 一般公共预算支出
#: 预算表; 人大 2018's 机关运行经费 note wrapped at the table's width.
VARIANTS = {
    "repeat_header": (
        "中共江苏省委办公厅2017年部门预算",
        {"repeat_header": True, "rows_per_page": 6, "split_layout": True},
    ),
    "titles": (
        "中共江苏省委办公厅2018年部门预算",
        {"titles": "other", "numbering": "公开{:02d}表："},
    ),
    "numbering": ("江苏省人民检察院2019年部门预算", {"numbering": "公开表{}"}),
    "note_wrap": ("江苏省人大常委会办公厅2018年部门预算", {"note_wrap": "table"}),
}


@pytest.mark.roundtrip
@pytest.mark.django_db
@pytest.mark.parametrize("knob", sorted(VARIANTS))
def test_a_variant_that_prints_it_imports_back_exactly(documents, knob):
    title, knobs = VARIANTS[knob]
    document = documents[title]
    variant = replace(style_for(document.template.code).variant(None), seed=1, **knobs)
    result = round_trip(document, variant=variant)
    assert result.ok, result.refusal or "\n".join(result.differences)
