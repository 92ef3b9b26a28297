"""Every label and figure of a Shanghai budget's tables as the document prints it.

Typed by hand from the PDFs:

- 司法局 2026 部门预算 表1 (p.10): “一、财政拨款收入 96,282,213.44 一、公共安全支出
  87,267,272.44”, “1. 一般公共预算 96,282,213.44 二、社会保障和就业支出 3,343,704.00”,
  “2. 政府性基金预算 0.00 三、卫生健康支出 1,149,678.00”.
- 司法局 2026 单位预算 表5 (p.14): “204 06 司法 79,189,400.34 14,348,853.34
  64,840,547.00” and “204 06 01 行政运行 14,348,853.34 14,348,853.34 64,840,547.00”
  (行政运行 repeats 司法's 项目支出, so the 项 add up to 144,029,947.34 / 129,681,094.00);
  表1 (p.8): “一、财政拨款收入 86,959,408.34 一、公共安全支出 79,189,400.34 12,604,173
  1,744,680 64,840,547”, “1、一般公共预算 86,959,408.34”, “收入总计 86,959,408.34 支出总计
  86,959,408.34 20,374,181 1,744,680 64,840,547”.
- 社会福利院 2024 单位预算 表1 (p.7): “一、一般公共服务支出” (blank), “三、医疗卫生与计划生育
  支出 503,724 503,724”; 表8 (p.14): “301 08 机关事业单位基本养老保险费 767,579 767,579”,
  “302 04 电费 320,000 320,000” (the 2024 catalogue: 30108 机关事业单位基本养老保险缴费,
  30204 手续费, as 万里街道 2024 prints them).
"""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.classifications.models import DepartmentEconomicCode
from budgets.disclosures.models import Document
from tests.test_printed_figures import html_rows

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

JUSTICE = "上海市普陀区司法局"
WELFARE = "上海市普陀区社会福利院"
WANLI = "上海市普陀区人民政府万里街道办事处"


def yuan(text):
    return None if text is None else Decimal(text.replace(",", ""))


@pytest.fixture
def imported(db, disclosure):
    """Import the named PDFs (forced: some keep their disagreements as findings)."""
    call_command("loaddata", "templates", verbosity=0)

    def run(*names):
        for name in names:
            call_command(
                "import_disclosure", str(disclosure(name)), "--publish", "--force", verbosity=0
            )

    return run


def api_rows(client, document, position, texts=2):
    """The API's rows of a table, amounts as Decimal: every cell but the first ``texts``
    (code and name), or but the labels of a side-by-side table (``texts`` None)."""
    response = client.get(reverse("api:table", args=[document.pk, position]))
    assert response.status_code == 200
    rows = json.loads(response.content)["rows"]
    if texts is None:
        return [
            [cell if index % 2 == 0 and index < 3 else yuan(cell) for index, cell in enumerate(row)]
            for row in rows
        ]
    return [row[:texts] + [yuan(cell) for cell in row[texts:]] for row in rows]


def page_rows(client, document, position):
    """The rows of the document's table page as lists of cell texts."""
    response = client.get(
        reverse(
            "browse:table",
            kwargs={
                "organisation": document.organisation_id,
                "year": document.year,
                "position": position,
            },
        )
    )
    return html_rows(response)


def document_of(name, scope, year):
    return Document.objects.get(
        organisation__name=name, organisation__kind=scope, scope=scope, year=year
    )


def test_summary_rows_are_labelled_as_printed(imported, client):
    imported("上海市普陀区司法局26年预算.pdf")
    rows = api_rows(client, document_of(JUSTICE, "department", 2026), 1, texts=None)
    assert rows[:3] == [
        ["一、财政拨款收入", yuan("96,282,213.44"), "一、公共安全支出", yuan("87,267,272.44")],
        ["1.一般公共预算", yuan("96,282,213.44"), "二、社会保障和就业支出", yuan("3,343,704.00")],
        ["2.政府性基金预算", None, "三、卫生健康支出", yuan("1,149,678.00")],
    ]


def test_printed_subtotals_off_the_sum_are_served_as_printed(imported, client):
    imported("上海市普陀区司法局单位26年预算.pdf")
    document = document_of(JUSTICE, "unit", 2026)
    rows = api_rows(client, document, 5)
    assert ["20406", "司法", yuan("79,189,400.34"), yuan("14,348,853.34"), yuan("64,840,547")] in (
        rows
    )
    assert [
        "2040601",
        "行政运行",
        yuan("14,348,853.34"),
        yuan("14,348,853.34"),
        yuan("64,840,547"),
    ] in rows
    page = page_rows(client, document, 5)
    assert ["204", "06", "", "司法", "79,189,400.34", "14,348,853.34", "64,840,547.00"] in page
    summary = api_rows(client, document, 1, texts=None)
    assert summary[0] == [
        "一、财政拨款收入",
        yuan("86,959,408.34"),
        "一、公共安全支出",
        yuan("79,189,400.34"),
        yuan("12,604,173"),
        yuan("1,744,680"),
        yuan("64,840,547"),
    ]
    assert summary[1][:2] == ["1、一般公共预算", yuan("86,959,408.34")]
    assert summary[-1] == [
        "收入总计",
        yuan("86,959,408.34"),
        "支出总计",
        yuan("86,959,408.34"),
        yuan("20,374,181"),
        yuan("1,744,680"),
        yuan("64,840,547"),
    ]
    # The disagreement stays a finding.
    assert document.findings.filter(
        row="20406 司法", message__contains="下级科目之和 129681094.00"
    ).exists()


def test_names_as_each_document_prints_them(imported, client):
    imported(
        "上海市普陀区人民政府万里街道办事处24年预算.pdf", "上海市普陀区社会福利院单位24年预算.pdf"
    )
    welfare = document_of(WELFARE, "unit", 2024)
    rows = api_rows(client, welfare, 8)
    assert ["30108", "机关事业单位基本养老保险费", yuan("767,579"), yuan("767,579"), None] in rows
    assert ["30204", "电费", yuan("320,000"), None, yuan("320,000")] in rows
    summary = api_rows(client, welfare, 1, texts=None)
    assert summary[0][2:4] == ["一、一般公共服务支出", None]
    assert summary[2][2:4] == ["三、医疗卫生与计划生育支出", yuan("503,724")]
    # The year's catalogue, which 万里街道 2024 names, is not renamed by 社会福利院's print.
    catalogue = dict(
        DepartmentEconomicCode.objects.filter(year=2024, code__in=["30108", "30204"]).values_list(
            "code", "name"
        )
    )
    assert catalogue == {"30108": "机关事业单位基本养老保险缴费", "30204": "手续费"}
    wanli = api_rows(client, document_of(WANLI, "department", 2024), 8)
    assert "机关事业单位基本养老保险缴费" in [row[1] for row in wanli if row[0] == "30108"]
    assert welfare.findings.filter(row="30204", message__contains="文件印为“电费”").exists()
