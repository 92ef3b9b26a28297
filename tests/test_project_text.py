"""A project's text read as written, however its lines wrap (上海 budgets).

Two reader bugs the round trip found on the 万里街道 budgets (``budgets.rendering``), which
real documents printed with other fonts and margins meet too:

* a 项目经费情况说明 whose wrapping put “1、” of a list run on within its sentence first on
  a line (“…设计策略：” / “1、建筑形体…；2、总体布局…”) was read with a paragraph break
  before it (``narrative.Section.paragraphs``);
* a 绩效目标填报表 goal whose closing “。” is printed past its cell's right edge (标点溢出
  边界) lost it to the next cell: “…工作推进” and “…办公用房。紧张的问题…”
  (``project_forms.row_as_printed``).

Lines and pages are built by hand, a form is drawn with reportlab as a word processor
prints it, and the three 万里 budgets are rendered with seed 1 and read back.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from budgets.importers.narrative import Section
from budgets.importers.pdf import Page, read_pdf
from budgets.importers.project_forms import read_forms, row_as_printed
from budgets.rendering.roundtrip import readable_documents, round_trip

# The 实施方案 of the 新建万里街道社区公共服务中心 description, as the 2023 PDF prints it
# (“1、” last on a line) and as the renderer wrapped it with seed 1 (“1、” first on one).
PRINTED = [
    "四、实施方案",
    "本工程紧临两条城市道路路口，充分分析建筑功能需求、基地周边环境及规划条件限制等因素，"
    "制定相应合理有效的设计策略：1、",
    "建筑形体方正、简洁，内部空间丰富，平面利用率高；2、总体布局东高西低，减少对北面小区的日照、"
    "视觉影响；3、各功能垂直分区，",
    "互不干扰，流线便捷合理；4、建筑里面稳重大气，符合公共服务建筑气质。",
    "五、实施周期",
]
REWRAPPED = [
    "四、实施方案本工程紧临两条城市道路路口，充分分析建筑功能需求、基地周边环境及规划条件限制等因素，"
    "制定相应合理有效的设计策略：",
    "1、建筑形体方正、简洁，内部空间丰富，平面利用率高；2、总体布局东高西低，减少对北面小区的日照、"
    "视觉影响；3、各功能垂直分区，互不",
    "干扰，流线便捷合理；4、建筑里面稳重大气，符合公共服务建筑气质。",
    "五、实施周期第一季度审价；第二季度审价；第三季度审计；第四季度审计。",
]
PLAN = (
    "本工程紧临两条城市道路路口，充分分析建筑功能需求、基地周边环境及规划条件限制等因素，"
    "制定相应合理有效的设计策略：1、建筑形体方正、简洁，内部空间丰富，平面利用率高；2、总体"
    "布局东高西低，减少对北面小区的日照、视觉影响；3、各功能垂直分区，互不干扰，流线便捷合理；"
    "4、建筑里面稳重大气，符合公共服务建筑气质。"
)


def paragraphs(lines):
    return Section(kind="project", heading="项目经费情况说明", lines=lines).paragraphs()


def test_a_list_run_on_in_its_sentence_stays_in_its_paragraph_when_rewrapped():
    assert paragraphs(REWRAPPED) == [
        "四、实施方案" + PLAN,
        "五、实施周期第一季度审价；第二季度审价；第三季度审计；第四季度审计。",
    ]


def test_the_description_as_published_reads_as_before():
    assert paragraphs(PRINTED) == ["四、实施方案" + PLAN, "五、实施周期"]


def test_a_list_wrapped_with_two_of_its_numbers_first_on_lines_stays_run_on():
    lines = [  # each but the last as wide as the page lets it
        "本工程充分分析建筑功能需求、基地周边环境及规划条件，制定相应合理有效的设计策略：",
        "1、建筑形体方正、简洁，内部空间丰富，平面利用率高，外立面简洁明快、大方得体；",
        "2、总体布局东高西低，减少对北面小区的日照、视觉影响；3、各功能垂直分区，互不干",
        "扰，流线便捷合理；4、建筑里面稳重大气，符合公共服务建筑气质。",
    ]
    assert paragraphs(lines) == ["".join(lines)]


def test_a_number_wrapped_to_a_line_start_mid_sentence_starts_nothing():
    lines = [
        "根据《上海市普陀区项目支出绩效目标管理办法》，本项目按绩效指标体系设置",
        "一、二、三级指标，数量、质量、时效和成本指标齐全。",
    ]
    assert paragraphs(lines) == ["".join(lines)]


def test_items_printed_one_a_line_are_paragraphs_of_their_own():
    lines = [
        "主要职能包括：",
        "一、加强党的建设。落实基层党建责任制，加强基层服务型党组织建设，推进区域化党建工作，",
        "实现社区党建全覆盖，提高党建工作的有效性。",
        "二、统筹社区发展。",
        "九、承办区委、区政府交办的其他事项。",
    ]
    assert paragraphs(lines) == [
        "主要职能包括：",
        "一、加强党的建设。落实基层党建责任制，加强基层服务型党组织建设，推进区域化党建工作，"
        "实现社区党建全覆盖，提高党建工作的有效性。",
        "二、统筹社区发展。",
        "九、承办区委、区政府交办的其他事项。",
    ]


def test_a_heading_numbered_in_sequence_starts_a_paragraph_after_an_unended_line():
    lines = [
        "二、机关运行经费预算",
        "2025年本部门下属的行政单位和参照公务员法管理的事业单位财政拨款的机关运行经费预算为464.64万元",
        "三、政府采购预算情况",
    ]
    assert paragraphs(lines) == [lines[0] + lines[1], lines[2]]


def test_a_list_after_a_short_line_starts_its_paragraph_even_run_on():
    lines = [
        "本工程紧临两条城市道路路口，充分分析建筑功能需求、基地周边环境及规划条件限制等因素。",
        "设计策略",
        "1、建筑形体方正、简洁；2、总体布局东高西低；3、各功能垂直分区，互不干扰，流线便捷合理；",
        "4、建筑里面稳重大气。",
    ]
    assert paragraphs(lines) == [
        lines[0] + lines[1],
        "1、建筑形体方正、简洁；2、总体布局东高西低；3、各功能垂直分区，互不干扰，流线便捷合理；"
        "4、建筑里面稳重大气。",
    ]


# A form as a word processor prints it, closing marks allowed past a cell's right edge
# (标点溢出边界): columns label | 项目总目标 | 年度总体目标, 10-point 宋体 6 points inside its
# cell.
LEFT, OVERALL, ANNUAL, RIGHT = 50.0, 130.0, 330.0, 530.0
SIZE = 10.0
ROWS = (60.0, 80.0, 100.0, 120.0, 160.0)
#: (column's left edge, line, text): the first line of the overall goal and the last of
#: the annual one are 19 characters and a 。 hung over the cell's right edge (its middle
#: past it); the annual goal's first line begins right after the hung 。, level with it.
GOAL_LINES = [
    (OVERALL, 0, "为工作人员提供良好的办事场所，助力推进。"),
    (OVERALL, 1, "提升居民满意度。"),
    (ANNUAL, 0, "解决街道办公用房紧张的问题，"),
    (ANNUAL, 1, "保障街道各项工作有序开展并提升服务水平。"),
]
OVERALL_GOAL = "为工作人员提供良好的办事场所，助力推进。提升居民满意度。"
ANNUAL_GOAL = "解决街道办公用房紧张的问题，保障街道各项工作有序开展并提升服务水平。"


def form_pdf():
    """The PDF of a 绩效目标填报表 whose goals hang their 。 past their cells."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    height = A4[1]
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas.setFont("STSong-Light", SIZE)

    def text(x, top, string):
        canvas.drawString(x, height - top - 0.86 * SIZE, string)

    for top in ROWS:
        canvas.line(LEFT, height - top, RIGHT, height - top)
    for x, top in ((LEFT, ROWS[0]), (OVERALL, ROWS[1]), (ANNUAL, ROWS[1]), (RIGHT, ROWS[0])):
        canvas.line(x, height - top, x, height - ROWS[-1])
    text(LEFT + 6, ROWS[0] + 5, "财政项目支出绩效目标填报表")
    for row, texts in (
        (1, ("项目名称", "公共服务设施运行经费")),
        (2, ("项目目标", "项目总目标", "年度总体目标")),
    ):
        for x, string in zip((LEFT, OVERALL, ANNUAL), texts, strict=False):
            text(x + 6, ROWS[row] + 5, string)
    for x, line, string in GOAL_LINES:
        text(x + 6, ROWS[3] + 5 + 15 * line, string)
    canvas.save()
    return buffer.getvalue()


def test_a_goal_whose_closing_mark_hangs_past_its_cell_keeps_it():
    page = read_pdf(form_pdf()).pages[0]
    hung = page.tables[0][3]
    assert "。" not in hung[1].splitlines()[0]  # pdfplumber gives it to the next cell
    (form,) = read_forms([page])
    assert form.name == "公共服务设施运行经费"
    assert (form.overall_goal, form.annual_goal) == (OVERALL_GOAL, ANNUAL_GOAL)


def test_a_row_without_positions_is_read_as_it_is():
    row = [None, "管理各类下拨费用，\n实报实销", None, "管理各类下拨费用"]
    assert row_as_printed(Page(number=1, lines=[], tables=[[row]]), (0, 0), row) is row


#: The 万里街道 budgets (2023, 2024, 2025) and the seed whose variant wrapped their
#: 项目经费情况说明 with “1、” first on a line.
WANLI = [f"上海市普陀区人民政府万里街道办事处{year}年部门预算" for year in (2023, 2024, 2025)]


@pytest.fixture(scope="module")
def wanli(django_db_setup, django_db_blocker):
    """{title: Document} of the 上海 fixtures, loaded for the module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)
        yield {document.title: document for document in readable_documents()}
        transaction.set_rollback(True)


@pytest.mark.roundtrip
@pytest.mark.django_db
@pytest.mark.parametrize("title", WANLI)
def test_the_wanli_budgets_read_back_exactly_with_seed_1(wanli, title):
    result = round_trip(wanli[title], 1)
    assert result.ok, result.refusal or "\n".join(result.differences)
