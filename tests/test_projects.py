"""Projects and their performance targets, one by one (上海 绩效目标填报表).

Hand-made grids pin down how a form is read; the real 万里街道 2023 budget, which prints a
项目经费情况说明 and five 财政项目支出绩效目标填报表 (pp. 30–35), is imported and its five
projects checked on the projects page, each project's page and the API against figures
typed from the PDF."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document, Project
from budgets.importers.narrative import NarrativeProject
from budgets.importers.pdf import Page
from budgets.importers.project_forms import attach, funding_problems, read_forms
from budgets.performance.models import TargetSet
from budgets.web.pages import document_kwargs

FORM = [
    ["财政项目支出绩效目标填报表", None, None, None, None, None, None, None],
    ["（2023年度）", None, None, None, None, None, None, None],
    [
        "项目名称",
        None,
        "就业援助基地补贴",
        None,
        "项目性质",
        "经常性项目",
        "项目类别",
        "特定目标类",
    ],
    ["主管部门", None, "某街道办事处", None, "实施单位", "某街道办事处", None, None],
    ["计划开始日期", None, "2023-01-01", None, "计划完成日期", "2023-12-31", None, None],
    [
        "项目资金\n（元）",
        None,
        "项目资金总额",
        None,
        "6,351,000.00",
        "年度资金申请总额",
        None,
        "6,351,000.00",
    ],
    [
        None,
        None,
        "其中：财政资金",
        None,
        "6,351,000.00",
        "其中：当年财政拨款",
        None,
        "6,300,000.00",
    ],
    [None, None, None, None, None, "上年结转资金", None, "51,000.00"],
    [None, None, "其他资金", None, "0.00", "其他资金", None, "0.00"],
    ["项目\n绩效\n目标", "项目总目标", None, None, None, "年度总体目标", None, None],
    [None, "管理各类下拨费用，\n实报实销", None, None, None, "管理各类下拨费用", None, None],
    ["", "一级指标", "二级指标", "三级指标", None, None, "年度(/项目)指标值", None],
    ["绩效指标", "产出指标", "数量指标", "补贴对象申请审核完成率", None, None, "=100.00(%)", None],
    [None, None, "质量指标", "补贴对象审核达标率", None, None, "=100.00(%)", None],
]
#: The same form's last rows, on the next page, without the header row.
CONTINUED = [
    [None, "满意度指标", "服务对象满意\n度指标", "补贴对象满意度", None, None, "≥80.00(%)", None],
]


def page(number, *grids):
    return Page(number=number, lines=[], tables=list(grids))


def test_a_form_is_read_cell_by_cell_over_its_pages():
    (form,) = read_forms([page(31, FORM), page(32, CONTINUED), page(33, [["其他表", None]])])
    assert form.name == "就业援助基地补贴"
    assert (form.values["nature"], form.values["category"]) == ("经常性项目", "特定目标类")
    assert (form.values["start"], form.values["end"]) == ("2023-01-01", "2023-12-31")
    assert form.amount("total") == Decimal("6351000.00")
    assert form.amount("annual_fiscal") == Decimal("6300000.00")
    assert form.amount("annual_carryover") == Decimal("51000.00")
    assert (form.amount("other"), form.amount("annual_other")) == (Decimal(0), Decimal(0))
    assert (form.overall_goal, form.annual_goal) == (
        "管理各类下拨费用，实报实销",
        "管理各类下拨费用",
    )
    assert form.indicators == [
        ("产出指标", "数量指标", "补贴对象申请审核完成率", "=100.00(%)"),
        ("产出指标", "质量指标", "补贴对象审核达标率", "=100.00(%)"),
        ("满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥80.00(%)"),
    ]
    assert funding_problems(form) == []


def test_a_description_takes_the_name_of_the_form_after_it():
    described = [NarrativeProject("项目经费情况说明", "一、项目概况……", 30, named=False)]
    first, second = read_forms([page(31, FORM)])[0], read_forms([page(33, FORM)])[0]
    projects, warnings = attach(described, [first, second])
    assert [(project.name, project.description, project.page) for project in projects] == [
        ("就业援助基地补贴", "一、项目概况……", 30),
        ("就业援助基地补贴（2）", "", 33),
    ]
    assert warnings == []
    alone, warnings = attach([NarrativeProject("项目经费情况说明", "……", 20, named=False)], [])
    assert [project.name for project in alone] == ["项目经费情况说明"]
    assert "未印项目名称" in warnings[0][2]


def test_funding_rows_that_do_not_add_up_are_named():
    rows = [list(row) for row in FORM]
    rows[6][7] = "6,400,000.00"
    (form,) = read_forms([page(31, rows)])
    assert funding_problems(form) == [
        "提示：年度资金申请总额 6,351,000.00 元，当年财政拨款、上年结转资金、其他资金合计 "
        "6,451,000.00 元；按文件印出保存。"
    ]


# The real document: 上海市普陀区人民政府万里街道办事处 2023, pp. 30–35, typed from the PDF.
WANLI_2023 = "上海市普陀区人民政府万里街道办事处23年预算.pdf"
PROJECTS = [
    ("新建万里街道社区公共服务中心", "4100000.00", "阶段性项目", "特定目标类", 5),
    ("就业援助基地补贴", "6351000.00", "经常性项目", "特定目标类", 4),
    ("社区环境整治和建设经费", "4563800.00", "经常性项目", "特定目标类", 4),
    ("各类工作经费", "7595500.00", "经常性项目", "特定目标类", 43),
    ("公共服务设施运行经费", "10903043.00", "经常性项目", "其他运转类", 9),
]


@pytest.fixture
def wanli_2023(db, disclosure):
    call_command("loaddata", "templates", verbosity=0)
    call_command("import_disclosure", "--publish", str(disclosure(WANLI_2023)), verbosity=0)
    return Document.objects.get(year=2023)


@pytest.mark.disclosures
def test_each_project_with_its_amount_and_targets(wanli_2023):
    projects = list(Project.objects.filter(document=wanli_2023).order_by("position"))
    assert [(project.name, str(project.amount)) for project in projects] == [
        (name, amount) for name, amount, *_rest in PROJECTS
    ]
    assert "万里街道社区公共服务中心新建工程" in projects[0].description
    for project, (_name, _amount, nature, category, count) in zip(projects, PROJECTS, strict=True):
        targets = TargetSet.objects.get(project=project)
        assert (targets.nature, targets.category, targets.indicators.count()) == (
            nature,
            category,
            count,
        )
    building = TargetSet.objects.get(project=projects[0])
    first = building.indicators.order_by("pk").first()
    assert (first.level1, first.level2, first.content, first.value) == (
        "output",
        "quantity",
        "规划建筑面积",
        "≥13459.00(平方米)",
    )
    # p. 35 prints 当年财政拨款 11,419,043.00 under 年度资金申请总额 10,903,043.00: kept as
    # printed, with a 提示.
    running = TargetSet.objects.get(project=projects[4])
    assert (running.annual_total, running.annual_fiscal) == (
        Decimal("10903043.00"),
        Decimal("11419043.00"),
    )
    assert wanli_2023.findings.filter(row="公共服务设施运行经费", message__contains="11,419,043.00")


@pytest.mark.disclosures
def test_projects_pages_and_api_show_them(client, wanli_2023):
    kwargs = document_kwargs(wanli_2023)
    listing = client.get(reverse("browse:projects", kwargs=kwargs)).content.decode()
    assert "共5个项目，合计 33,513,343 元" in listing
    # 支出预算总表 (p. 18) prints 项目支出 合计 65,572,343: the forms cover half of it.
    assert "本文件项目支出合计 65,572,343 元，所列项目占 51.1%" in listing
    assert "各类工作经费" in listing and "43项绩效指标" in listing
    detail = client.get(reverse("browse:project", kwargs={**kwargs, "number": 2})).content.decode()
    assert "就业援助基地补贴" in detail and "6,351,000 元" in detail
    assert "补贴对象申请审核完成率" in detail and "=100.00(%)" in detail
    assert client.get(reverse("browse:project", kwargs={**kwargs, "number": 6})).status_code == 404
    api = client.get(reverse("api:document", kwargs={"pk": wanli_2023.pk})).json()
    assert [(project["name"], project["amount"]) for project in api["projects"]] == [
        (name, amount) for name, amount, *_rest in PROJECTS
    ]
    building = api["projects"][0]["targets"]
    assert building["nature"] == "阶段性项目" and building["annual_total"] == "4100000.00"
    assert building["indicators"][0] == {
        "level1": "output",
        "level2": "quantity",
        "content": "规划建筑面积",
        "value": "≥13459.00(平方米)",
    }
