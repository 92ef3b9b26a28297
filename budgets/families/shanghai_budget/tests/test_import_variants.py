"""Every Shanghai budget PDF in DISCLOSURES_DIR imported and served: the printed totals,
typed here by hand from each PDF, equal what the JSON API serves for the document's
tables. Documents that disagree with themselves are refused naming the table and row,
and --force imports them with that disagreement stored as a finding.

The files differ in ways the reader must follow from the template, not from these
files: covers without 区级 (社会福利院 2024), grids that start with the title and
“编制单位” rows (司法局 2026 表4), empty tables printed with “无” (司法局 2026), pages
printed twice (财政局 2025 说明, 司法局 2026 职能), narrative items that print their codes
(司法局 2026), a 类 cell misprinted (社会福利院 2024: “7 11 02”).
"""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.disclosures.models import Document, Finding
from budgets.organisations.models import Organisation

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

WANLI = "上海市普陀区人民政府万里街道办事处"
OFFICE = "上海市普陀区人民政府办公室"
JUSTICE = "上海市普陀区司法局"
WELFARE = "上海市普陀区社会福利院"
FINANCE = "上海市普陀区财政局"


def yuan(text):
    return Decimal(text.replace(",", ""))


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def run_import(path, *options):
    call_command("import_disclosure", str(path), "--publish", *options, verbosity=0)


def api_table(client, document, number):
    response = client.get(reverse("api:table", args=[document.pk, number]))
    assert response.status_code == 200
    return json.loads(response.content)


def served(client, document, number, first_cell):
    """The amounts of the row of table ``number`` whose first cell is ``first_cell`` (a
    code, or 合计), as Decimal (None for a blank cell), as the API serves them."""
    table = api_table(client, document, number)
    rows = [row for row in table["rows"] if row[0] == first_cell]
    assert len(rows) == 1, f"表{number}: {first_cell!r} in {[row[0] for row in table['rows']]}"
    return [None if cell is None else Decimal(cell) for cell in rows[0][2:]]


def served_restricted(client, document):
    table = api_table(client, document, 9)
    assert table["amount_unit"] == "万元"
    assert len(table["rows"]) == 1
    return [None if cell is None else Decimal(cell) for cell in table["rows"][0]]


# Hand-typed from the PDFs: 表3 支出预算总表 合计 (合计, 基本支出, 项目支出), 表8 合计
# (合计, 人员经费, 公用经费), one 项 of 表5, and 表9 in 万元 (合计, 出国, 接待, 车辆小计,
# 购置, 运行, 机关运行经费; blank cells None).
IMPORTED = {
    "上海市普陀区人民政府万里街道办事处23年预算.pdf": {
        "organisation": WANLI,
        "year": 2023,
        "scope": "department",
        "table3": ["164,978,640", "99,406,297", "65,572,343"],
        "table8": ["99,406,297", "84,024,865", "15,381,432"],
        "table9": ["22.91", "0", "1.35", "21.56", "0", "21.56", "786.09"],
    },
    "上海市普陀区人民政府万里街道办事处24年预算.pdf": {
        "organisation": WANLI,
        "year": 2024,
        "scope": "department",
        "table3": ["156,211,123", "99,706,020", "56,505,103"],
        "table8": ["99,706,020", "88,537,451", "11,168,569"],
        "table9": ["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"],
    },
    "上海市普陀区人民政府万里街道办事处25年预算.pdf": {
        "organisation": WANLI,
        "year": 2025,
        "scope": "department",
        "table3": ["189,767,551", "101,341,746", "88,425,805"],
        "table8": ["101,341,746", "90,514,044", "10,827,702"],
        "table9": ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"],
    },
    "上海市普陀区人民政府办公室25年预算.pdf": {
        "organisation": OFFICE,
        "year": 2025,
        "scope": "department",
        "table3": ["91,016,775.35", "24,606,775.35", "66,410,000.00"],
        "table8": ["24,606,775.35", "22,473,997.81", "2,132,777.54"],
    },
    "上海市普陀区人民政府办公室单位25年预算.pdf": {
        "organisation": OFFICE,
        "year": 2025,
        "scope": "unit",
        "table3": ["91,016,775.35", "24,606,775.35", "66,410,000.00"],
        "table8": ["24,606,775.35", "22,473,997.81", "2,132,777.54"],
    },
    "上海市普陀区司法局26年预算.pdf": {
        "organisation": JUSTICE,
        "year": 2026,
        "scope": "department",
        "table3": ["96,282,213.44", "25,741,666.44", "70,540,547.00"],
        "table8": ["25,741,666.44", "23,563,342.00", "2,178,324.44"],
        "table9": ["10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"],
        # Printed “38,454,900.00 0.00 38,454,900.00”: a printed 0.00 is no budget line, so
        # the app serves that cell blank.
        "item": ("2040699", ["38,454,900.00", None, "38,454,900.00"]),
    },
}


@pytest.mark.parametrize("name", list(IMPORTED))
def test_imports_and_serves_the_printed_totals(templates, disclosure, client, name):
    expected = IMPORTED[name]
    run_import(disclosure(name))
    document = Document.objects.get(
        organisation__name=expected["organisation"],
        organisation__kind=expected["scope"],
        year=expected["year"],
        scope=expected["scope"],
    )
    assert document.status == "published"
    assert served(client, document, 3, "合计") == [yuan(v) for v in expected["table3"]]
    assert served(client, document, 5, "合计") == [yuan(v) for v in expected["table3"]]
    assert served(client, document, 8, "合计") == [yuan(v) for v in expected["table8"]]
    if "table9" in expected:
        assert served_restricted(client, document) == [yuan(v) for v in expected["table9"]]
    if "item" in expected:
        code, amounts = expected["item"]
        assert served(client, document, 5, code) == [v and yuan(v) for v in amounts]
    assert not document.findings.exclude(message__startswith="提示").exists()


def test_justice_department_2026(templates, disclosure, client):
    """司法局 2026: zeros printed as 0.00, 表6/表7 printed with “无”, the 职能 page printed
    twice, the budget units listed as “具体包括： 1. 普陀区司法局本部”, narrative items
    naming their codes."""
    run_import(disclosure("上海市普陀区司法局26年预算.pdf"))
    department = Organisation.objects.get(name=JUSTICE, kind="department")
    assert department.region.code == "310107"
    assert department.region.parent.code == "310000"
    assert sorted(department.units.values_list("name", flat=True)) == [
        JUSTICE,
        "普陀区法律援助中心",
    ]
    document = department.documents.get(year=2026)
    for number in (6, 7):
        table = api_table(client, document, number)
        assert table["rows"] == [["合计", None, None, None, None]]
        assert table["note"].endswith("故本表为空表。")
    profile = department.profiles.get(year=2026)
    assert profile.items.filter(kind="duty").count() == 10  # not 20: page 5 repeats page 4
    assert document.findings.filter(row="第5页", message__contains="重复").exists()
    # “公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元”, by its printed code.
    item = document.statements.get(topic="function:2040601")
    assert item.amount == yuan("16,726,700")
    assert item.comparison_amount == yuan("16,906,900")  # 2025年当年预算执行数 1690.69 万元
    assert document.statements.get(topic="administrative_running").amount == yuan("2,178,300")


# Documents that disagree with themselves: (file, organisation, scope, year, [(table, row,
# words of the message)] the refusal names, 表8 合计 as printed).
REFUSED = {
    "上海市普陀区司法局单位26年预算.pdf": (
        JUSTICE,
        "unit",
        2026,
        [
            # 表3 and 表5 print 行政运行's 项目支出 as 64,840,547.00 (the 类's figure) where it
            # has none: 14,348,853.34 ≠ 14,348,853.34 + 64,840,547.00.
            ("2026年预算单位支出预算总表", "2040601 行政运行", "基本支出+项目支出 79189400.34"),
            ("2026年预算单位一般公共预算支出功能分类预算表", "2040601 行政运行", "79189400.34"),
            ("2026年预算单位支出预算总表", "20406 司法", "下级科目之和 129681094.00"),
        ],
        ["22,118,861.34", "20,272,981.00", "1,845,880.34"],
    ),
    "上海市普陀区社会福利院单位24年预算.pdf": (
        WELFARE,
        "unit",
        2024,
        [
            ("2024年预算单位支出预算总表", "2101102 事业单位医疗", "印为“7 11 02”"),
            ("2024年预算单位一般公共预算支出功能分类预算表", "2101102 事业单位医疗", "7 11 02"),
            # 说明 states 738.66 万元 for 社会福利事业单位, whose 财政拨款 is 6,964,796 元.
            (
                "预算编制说明",
                "社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）",
                "说明 7386600.00 元 ≠ 财政拨款（表5–7） 6964800.00 元",
            ),
        ],
        ["9,501,164", "7,380,214", "2,120,950"],
    ),
    "上海市普陀区财政局25年预算.pdf": (
        FINANCE,
        "department",
        2025,
        [
            # 职业年金缴费 873,617 元 stated as 887.36 万元.
            (
                "预算编制说明",
                "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
                "说明 8873600.00 元 ≠ 财政拨款（表5–7） 873600.00 元",
            ),
            # 行政单位离退休 877,080 元 stated as 87.70 万元 (cut, not rounded: 87.71).
            (
                "预算编制说明",
                "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）",
                "说明 877000.00 元 ≠ 财政拨款（表5–7） 877100.00 元",
            ),
        ],
        ["25,121,091.00", "22,826,756.00", "2,294,335.00"],
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_self_contradicting_document_is_refused_then_forced(templates, disclosure, client, name):
    organisation, scope, year, problems, table8 = REFUSED[name]
    with pytest.raises(CommandError) as refused:
        run_import(disclosure(name))
    message = str(refused.value)
    assert "未导入" in message and "--force" in message
    for table, row, words in problems:
        assert f"{table} / {row}：" in message
        assert any(
            line.startswith(f"  {table} / {row}：") and words in line
            for line in message.splitlines()
        ), (table, row, words)
    assert not Document.objects.exists()
    assert not Finding.objects.exists()

    run_import(disclosure(name), "--force")
    document = Document.objects.get(
        organisation__name=organisation, organisation__kind=scope, scope=scope, year=year
    )
    for table, row, words in problems:
        assert document.findings.filter(table=table, row=row, message__contains=words).exists()
    assert served(client, document, 8, "合计") == [yuan(v) for v in table8]


def test_welfare_home_2024_cover_without_level(templates, disclosure, client):
    """“上海市普陀区社会福利院2024年单位预算”: no 区级 on the cover; the district is read from
    the name. 表1 and 表4 name 210 by its old name 医疗卫生与计划生育支出 (matched by
    amount, with a warning); 事业收入 2,620,000 元 funds the project spending."""
    run_import(disclosure("上海市普陀区社会福利院单位24年预算.pdf"), "--force")
    unit = Organisation.objects.get(name=WELFARE)
    assert unit.kind == "unit"
    assert unit.region.code == "310107"
    document = unit.documents.get(year=2024)
    assert document.amount_places == 0
    assert served(client, document, 3, "合计") == [
        yuan("12,121,164"),
        yuan("9,501,164"),
        yuan("2,620,000"),
    ]
    assert served(client, document, 5, "2101102") == [yuan("503,724"), yuan("503,724"), None]
    assert served_restricted(client, document) == [
        yuan("6.4"),
        yuan("0"),
        yuan("0"),
        yuan("6.4"),
        None,
        yuan("6.4"),
        yuan("0"),
    ]
    assert document.findings.filter(
        table="2024年预算单位财务收支预算总表",
        row="医疗卫生与计划生育支出",
        message__contains="按金额对应到 210",
    ).exists()
    offices = document.organisation.profiles.get(year=2024).items.filter(kind="office")
    assert list(offices.order_by("number").values_list("title", flat=True)) == [
        "院长室",
        "办公室",
        "财务室",
        "后勤部",
        "护理部",
    ]
