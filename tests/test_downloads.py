"""Every table as CSV (UTF-8 with BOM) and XLSX, with the figures of the page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def path(name, document, **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


@pytest.mark.parametrize("position", range(1, 16))
def test_every_baoji_table_downloads_as_csv_and_xlsx(client, baoji_document, position):
    response = client.get(path("browse:table_csv", baoji_document, position=position))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    workbook = client.get(path("browse:table_xlsx", baoji_document, position=position))
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.title == f"表{position}"


def test_csv_has_the_figures(client, baoji_document):
    response = client.get(path("browse:table_csv", baoji_document, position=5))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["功能科目编码", "功能科目名称", "合计（万元）"]
    assert rows[1] == ["合计", "", "190.57", "122.11", "4.00", "64.46", ""]
    assert ["2010350", "    事业运行", "108.54", "104.54", "4.00", "", ""] in rows
    in_yuan = client.get(path("browse:table_csv", baoji_document, position=5), {"unit": "yuan"})
    rows = list(csv.reader(io.StringIO(in_yuan.content.decode("utf-8-sig"))))
    assert rows[1][2] == "1905700.00"


def test_xlsx_has_the_figures_as_numbers(client, baoji_document):
    response = client.get(path("browse:table_xlsx", baoji_document, position=6))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "单位综合预算一般公共预算支出明细表（按支出经济分类科目）"
    assert "单位：万元" in values[1][0]
    row_30107 = next(row for row in values if row[0] == "30107")
    assert row_30107[:8] == ["30107", "绩效工资", "50501", "工资福利支出", 64.09, 56.03, None, 8.06]


def test_whole_document_workbook_has_every_table(client, baoji_document):
    response = client.get(path("browse:document_xlsx", baoji_document))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [f"表{n}" for n in range(1, 16)]
    assert workbook["表9"].cell(row=workbook["表9"].max_row, column=1).value == "本单位不涉及。"


def test_draft_downloads_are_404(client, putuo):
    assert client.get(path("browse:table_csv", putuo.draft, position=1)).status_code == 404
    assert client.get(path("browse:document_xlsx", putuo.draft)).status_code == 404
