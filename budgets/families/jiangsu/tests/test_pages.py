"""Public pages of 江苏 documents imported from the published PDFs with import_disclosure
--publish: the document page's headline figures, the drill-down by function, every
official table and a CSV download, each figure as printed (typed from the PDFs, 万元)."""

import csv
import html
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from budgets.disclosures.models import Document

pytestmark = pytest.mark.disclosures

PROCURATORATE_2019 = "江苏省人民检察院2019年度部门预算公开.pdf"
CONGRESS_2017 = "江苏省人大办公厅2017年度预算公开.pdf"


@pytest.fixture
def imported(db, disclosure):
    call_command("loaddata", "templates", verbosity=0)
    call_command(
        "import_disclosure",
        str(disclosure(PROCURATORATE_2019)),
        str(disclosure(CONGRESS_2017)),
        "--publish",
        stdout=StringIO(),
    )
    return {
        "检察院2019": Document.objects.get(organisation__name="江苏省人民检察院", year=2019),
        "人大2017": Document.objects.get(organisation__name="江苏省人大常委会办公厅", year=2017),
    }


def base(document):
    return f"/org/{document.organisation_id}/{document.year}/"


def text_of(response):
    """The page's visible text, whitespace collapsed."""
    assert response.status_code == 200
    page = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def figures(response):
    """{data-figure: text} of the headline figures."""
    page = response.content.decode()
    return {
        key: re.sub(r"<[^>]+>|\s+", "", value)
        for key, value in re.findall(r'data-figure="([\w-]+)">(.*?)</dd>', page, flags=re.S)
    }


HEADLINES = {
    # 收支预算总表 合计; 支出预算总表 基本支出, 项目支出, 单位预留机动经费; “三公”经费.
    "检察院2019": {
        "revenue": "24,169.74",
        "expenditure": "24,169.74",
        "basic": "15,844.04",
        "project": "4,335.30",
        "reserve": "3,990.40",
        "three-public": "418.26",
    },
    "人大2017": {
        "revenue": "13,649.07",
        "expenditure": "13,649.07",
        "basic": "7,666.68",
        "project": "5,853.96",
        "reserve": "128.43",
        "three-public": "833.60",
    },
}


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_document_page_shows_the_printed_headline_figures(client, imported, name):
    """Spending by function is stored without its type (unsplit): 基本/项目/预留 come from
    the 支出预算总表, never blank."""
    response = client.get(base(imported[name]))
    assert figures(response) == HEADLINES[name]
    page = text_of(response)
    # The 基本/项目 chart's table beside it.
    split = page[page.index("基本支出与项目支出 （") :]
    for label, key in (("基本支出", "basic"), ("项目支出", "project")):
        assert f"{label} {HEADLINES[name][key]}" in split
    assert f"单位预留机动经费 {HEADLINES[name]['reserve']}" in split


def test_drill_down_by_function_shows_each_level_as_printed(client, imported):
    url = base(imported["检察院2019"]) + "function/"
    page = text_of(client.get(url))
    for row in (
        "204 公共安全支出 16,593.12",
        "208 社会保障和就业支出 1,890.27",
        "221 住房保障支出 5,686.35",
    ):
        assert row in page
    assert "20404 检察 16,593.12" in text_of(client.get(url + "204/"))
    page = text_of(client.get(url + "20404/"))
    for row in (
        "2040401 行政运行 12,268.62",
        "2040402 一般行政管理事务 2,354.40",
        "2040410 检察监督 1,185.60",
        "2040450 事业运行 315.00",
        "2040499 其他检察支出 469.50",
    ):
        assert row in page
    page = text_of(client.get(url + "22102/"))
    assert "2210201 住房公积金 1,442.74" in page and "2210202 提租补贴 4,243.61" in page


#: Figures each official table prints (检察院 2019, 公开01–12表), typed from the PDF.
TABLES = {
    1: [
        "一、财政拨款 24,169.74",
        "一、基本支出 15,844.04",
        "三、单位预留机动经费 3,990.40",
        "四、公共安全支出 16,593.12",
        "十九、粮油物资储备支出 二十、灾害防治及应急管理支出 二十一、其他支出",
    ],
    2: [
        "收入总计 24,169.74",
        "一般公共预算资金 小计 24,169.74 公共财政拨款（补助）资金 24,169.74 专项收入",
        "其中：动用上年结转和结余资金",
    ],
    3: ["24,169.74 15,844.04 4,335.30 3,990.40"],
    4: ["一、一般公共预算 24,169.74", "二、项目支出 4,335.30", "支出合计 24,169.74"],
    5: ["合计 24,169.74", "204 公共安全支出 16,593.12", "2210202 提租补贴 4,243.61"],
    6: ["合计 15,844.04", "301 工资福利支出 11,960.62", "30309 奖励金 1.05"],
    7: ["合计 24,169.74", "2080506 机关事业单位职业年金缴费支出 425.79"],
    8: ["合计 15,844.04", "302 商品和服务支出 2,391.92", "30299 其他商品和服务支出 603.56"],
    9: ["1,276.70 418.26 80.00 237.00 237.00 101.26 158.44 700.00"],
    10: ["合计", "此表为空 注：“科目编码”和“科目名称”为必填项"],
    11: ["合计 2,391.92", "302 商品和服务支出 2,391.92", "30201 办公费 158.00"],
    12: [
        "合计 2,744.84",
        "一、货物A 303.40",
        "办公、办案设备更新购置费 办公设备购置 131.40",
        "打印设备（20万以上） 部门集中采购 5.00",
        "三、服务C 2,441.44",
        "检察教育培训经费 培训费 630.00 专业技能培训服务 分散自行组织 630.00",
    ],
}


def test_every_official_table_answers_with_the_printed_figures(client, imported):
    document = imported["检察院2019"]
    for number, printed in TABLES.items():
        page = text_of(client.get(f"{base(document)}tables/{number}/"))
        for text in printed:
            assert text in page, (number, text)
    assert client.get(f"{base(document)}tables/13/").status_code == 404
    # 人大 2017 prints its tables in the 2017 order; each answers.
    other = imported["人大2017"]
    for number in range(1, 13):
        assert client.get(f"{base(other)}tables/{number}/").status_code == 200
    page = text_of(client.get(f"{base(other)}tables/9/"))
    assert "合计 7,666.68" in page and "30312 提租补贴 1,018.01" in page


def test_a_table_downloads_as_csv_with_the_printed_figures(client, imported):
    response = client.get(f"{base(imported['检察院2019'])}tables/5.csv")
    assert response.status_code == 200
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["功能科目编码", "功能科目名称", "金额（万元）"]
    amounts = {row[0]: Decimal(row[2]) for row in rows[1:] if row[2]}
    assert amounts["合计"] == Decimal("24169.74")
    assert amounts["204"] == Decimal("16593.12")
    assert amounts["2040401"] == Decimal("12268.62")
    assert amounts["221"] == Decimal("5686.35")
    assert len([code for code in amounts if len(code) == 7]) == 10


PROCURATORATE_2017 = "江苏省人民检察院2017年部门预算.pdf"
PROCURATORATE_2018 = "江苏省人民检察院2018年部门预算公开.pdf"


def test_stated_changes_read_across_a_page_break_and_checked_against_the_prior_year(
    client, db, disclosure
):
    """检察院 2018 说明 p. 24–25: “项目支出预算数为5,573万元。与上年相比增加40万元” with
    the page number 24 printed between “40” and “万元”: the change is 40, not 4,024, and it
    is checked against the 2017 budget (项目支出 5,533.00 in its 支出预算总表), as 基本支出 is:
    13,994.31 − 12,323.48 = 1,670.83 where the document states 1,670.85."""
    call_command("loaddata", "templates", verbosity=0)
    for name in (PROCURATORATE_2017, PROCURATORATE_2018):
        call_command(
            "import_disclosure", str(disclosure(name)), "--publish", "--force", stdout=StringIO()
        )
    document = Document.objects.get(organisation__name="江苏省人民检察院", year=2018)
    text = text_of(client.get(base(document)))
    assert "项目支出 5,573 上年预算增加 40 (0.72%)" in text
    assert "4,024" not in text
    assert "增加了40万元的检察办案费预算 与报表一致 与 2017年公开预算 一致" in text
    assert (
        "基本支出 13,994.31 上年预算增加 1,670.85 (13.56%) 与报表一致 "
        "按 2017年公开预算 计算为增加 1,670.83 万元" in text
    )
