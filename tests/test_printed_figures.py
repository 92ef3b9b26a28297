"""Figures shown exactly as the documents print them.

万里街道 prints its budgets in whole 元, and in 2025 prints 21201 城乡社区管理事务 as
94,995,790 where its 项 add up to 94,995,789 (rounding). The app stores the 项 and the
printed subtotal (PrintedSubtotal), and every table, download, API response and
drill-down shows 94,995,790, in whole 元 as printed. Figures typed by hand from the PDFs:

    212 01 城乡社区管理事务 94,995,790 77,381,546 17,614,243        (支出预算总表, 表5)
    212 城乡社区支出 154,369,326 77,381,546 76,987,780
    合计 156,211,123 156,211,123 0 0 0                            (2024 收入预算总表)
"""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from budgets.disclosures import tables
from budgets.disclosures.models import Document, PrintedSubtotal, TemplateTable

pytestmark = pytest.mark.django_db

WANLI = "上海市普陀区人民政府万里街道办事处"
OFFICE = "上海市普陀区人民政府办公室"


@pytest.fixture
def documents(db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return {
        "wanli_2024": Document.published.get(organisation__name=WANLI, year=2024),
        "wanli_2025": Document.published.get(organisation__name=WANLI, year=2025),
        "office": Document.published.get(organisation__name=OFFICE, scope="department"),
        "baoji": Document.published.get(organisation__region__code="610300"),
    }


def url(name, document, **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


def html_rows(response):
    """The rows of the page's tables as lists of cell texts."""
    # A name repeated under its code for phones (hidden at desktop width) is left out.
    html = re.sub(r'<span class="row-name">.*?</span>', "", response.content.decode(), flags=re.S)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def api_rows(client, document, position):
    response = client.get(reverse("api:table", args=[document.pk, position]))
    return json.loads(response.content)["rows"]


def test_fixture_holds_the_printed_subtotals_and_places(documents):
    wanli = documents["wanli_2025"]
    assert sorted(
        wanli.printedsubtotals.values_list("table__number", "row", "column", "amount")
    ) == [
        ("2", "21201", "fiscal", Decimal("94995790")),
        ("2", "21201", "total", Decimal("94995790")),
        ("3", "21201", "total", Decimal("94995790")),
        ("5", "21201", "total", Decimal("94995790")),
    ]
    # 212 is printed as 154,369,326, the sum of its 项: nothing to keep.
    assert not PrintedSubtotal.objects.filter(row="212").exists()
    # The rounding is still recorded as a finding.
    assert wanli.findings.filter(
        row="21201 城乡社区管理事务", message__startswith="提示："
    ).exists()
    places = {key: document.amount_places for key, document in documents.items()}
    assert places == {"wanli_2024": 0, "wanli_2025": 0, "office": 2, "baoji": 2}


@pytest.mark.parametrize("position", [3, 5])
def test_spending_tables_show_the_printed_subtotal(client, documents, position):
    wanli = documents["wanli_2025"]
    rows = html_rows(client.get(url("browse:table", wanli, position=position)))
    assert ["212", "01", "", "城乡社区管理事务", "94,995,790", "77,381,546", "17,614,243"] in rows
    assert ["212", "", "", "城乡社区支出", "154,369,326", "77,381,546", "76,987,780"] in rows
    assert ["合计", "", "189,767,551", "101,341,746", "88,425,805"] in rows
    # The 项 beneath keep their own printed figures.
    assert ["212", "01", "01", "行政运行", "17,887,739", "17,737,739", "150,000"] in rows
    downloaded = csv_rows(client.get(url("browse:table_csv", wanli, position=position)))
    assert ["21201", "  城乡社区管理事务", "94995790", "77381546", "17614243"] in downloaded
    assert ["212", "城乡社区支出", "154369326", "77381546", "76987780"] in downloaded
    rows = api_rows(client, wanli, position)
    assert ["21201", "城乡社区管理事务", "94995790", "77381546", "17614243"] in rows
    assert ["212", "城乡社区支出", "154369326", "77381546", "76987780"] in rows


def test_revenue_table_shows_the_printed_subtotal(client, documents):
    rows = api_rows(client, documents["wanli_2025"], 2)
    assert ["21201", "城乡社区管理事务", "94995790", "94995790", None, None, None] in rows
    assert ["212", "城乡社区支出", "154369326", "154369326", None, None, None] in rows


def test_xlsx_shows_the_printed_subtotal_in_whole_yuan(client, documents):
    response = client.get(url("browse:table_xlsx", documents["wanli_2025"], position=3))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(row for row in sheet.iter_rows() if row[0].value == "21201")
    assert [cell.value for cell in row[2:5]] == [94995790, 77381546, 17614243]
    assert row[2].number_format == "#,##0"


def test_drill_down_shows_the_printed_subtotal(client, documents):
    wanli = documents["wanli_2025"]
    response = client.get(url("browse:drill_code", wanli, scheme="function", code="212"))
    rows = html_rows(response)
    assert ["21201", "城乡社区管理事务", "94,995,790", "77,381,546", "17,614,243", "61.54%"] in rows
    chart = json.loads(
        re.search(
            r'<script id="chart-drill-data" type="application/json">(.*?)</script>',
            response.content.decode(),
            flags=re.S,
        ).group(1)
    )
    assert chart["values"][chart["labels"].index("21201 城乡社区管理事务")] == "94995790"
    page = client.get(url("browse:drill_code", wanli, scheme="function", code="21201"))
    total = re.search(r'data-figure="total">([^<]*)<', page.content.decode()).group(1)
    assert total.strip() == "94,995,790"


def test_comparisons_and_ranking_show_the_printed_subtotal(client, documents):
    wanli = documents["wanli_2025"]
    years = html_rows(
        client.get(reverse("browse:compare_years", args=[wanli.organisation_id]), {"level": "5"})
    )
    assert [
        "21201",
        "城乡社区管理事务",
        "93,436,078",
        "94,450,003",
        "94,995,790",
        "545,787",
        "0.58%",
    ] in years
    ranking = html_rows(
        client.get(
            reverse("browse:ranking", kwargs={"scheme": "function", "year": 2025, "code": "21201"})
        )
    )
    assert ["1", WANLI, "94,995,790", "100.00%", "明细"] in ranking


def test_whole_yuan_document_shown_without_cents(client, documents):
    wanli = documents["wanli_2024"]
    rows = html_rows(client.get(url("browse:table", wanli, position=2)))
    # Printed “合计 156,211,123 156,211,123 0 0 0”: the 0s belong to no stored fact (表1
    # prints these sources blank), so they stay blank here.
    assert ["合计", "", "156,211,123", "156,211,123", "", "", ""] in rows
    assert api_rows(client, wanli, 2)[-1] == ["合计", None, "156211123", "156211123"] + [None] * 3
    downloaded = csv_rows(client.get(url("browse:table_csv", wanli, position=2)))
    assert downloaded[-1][:4] == ["合计", "", "156211123", "156211123"]
    page = client.get(url("browse:document", wanli))
    expenditure = re.search(r'data-figure="expenditure">([^<]*)<', page.content.decode())
    assert expenditure.group(1).strip() == "156,211,123"
    # In the other unit, two places; the 三公 table, printed in 万元, keeps two.
    in_wan = html_rows(client.get(url("browse:table", wanli, position=2), {"unit": "wan"}))
    assert ["合计", "", "15,621.11", "15,621.11", "", "", ""] in in_wan
    assert api_rows(client, wanli, 9) == [
        ["47.91", "0.00", "1.35", "46.56", "25.00", "21.56", "443.18"]
    ]


def test_documents_printed_to_the_cent_unchanged(client, documents):
    office = documents["office"]
    rows = html_rows(client.get(url("browse:table", office, position=3)))
    assert ["合计", "", "91,016,775.35", "24,606,775.35", "66,410,000.00"] in rows
    assert api_rows(client, office, 3)[-1] == [
        "合计",
        None,
        "91016775.35",
        "24606775.35",
        "66410000.00",
    ]
    baoji = documents["baoji"]
    assert api_rows(client, baoji, 5)[0] == [
        "合计",
        None,
        "190.57",
        "122.11",
        "4.00",
        "64.46",
        None,
    ]
    drill = html_rows(client.get(url("browse:drill", baoji, scheme="function")))
    assert ["201", "一般公共服务支出", "173.00", "108.54", "64.46", "90.78%"] in drill


def test_admin_shows_printed_subtotals_with_the_document(admin_client, documents):
    wanli = documents["wanli_2025"]
    # A draft's (a published document's are read-only: it changes through a correction).
    type(wanli).objects.filter(pk=wanli.pk).update(status="draft")
    change_url = reverse("admin:disclosures_document_change", args=[wanli.pk])
    assert 'name="amount_places"' in admin_client.get(change_url).content.decode()
    page = admin_client.get(change_url + "?facts=printedsubtotal")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="printedsubtotals-INITIAL_FORMS" value="4"' in html
    assert 'value="94995790"' in html


def test_one_printed_figure_per_cell_from_the_document_template(documents):
    wanli = documents["wanli_2025"]
    table_3 = TemplateTable.objects.get(template__code="shanghai-district", number="3")
    with pytest.raises(IntegrityError), transaction.atomic():
        PrintedSubtotal.objects.create(
            document=wanli, table=table_3, row="21201", column="total", amount=Decimal(1)
        )
    baoji_table = TemplateTable.objects.get(
        template__code="shaanxi-unit-comprehensive", number="表5"
    )
    subtotal = PrintedSubtotal(
        document=wanli, table=baoji_table, row="21201", column="total", amount=Decimal(1)
    )
    with pytest.raises(ValidationError) as error:
        subtotal.full_clean()
    assert "table" in error.value.message_dict
    subtotal = PrintedSubtotal(
        document=wanli, table=table_3, row="城乡社区", column="basic", amount=Decimal(1)
    )
    with pytest.raises(ValidationError) as error:
        subtotal.full_clean()
    assert "row" in error.value.message_dict


def test_every_table_kind_takes_printed_figures_the_same_way(documents):
    """The lookup is by row key and column key, whatever the table: a printed figure put
    on Baoji's 表7 (basic only) shows there and nowhere else."""
    baoji = documents["baoji"]
    table_7 = TemplateTable.objects.get(template__code="shaanxi-unit-comprehensive", number="表7")
    PrintedSubtotal.objects.create(
        document=baoji, table=table_7, row="201", column="personnel", amount=Decimal("1045401")
    )
    built = {table.number: table for table in tables.published_tables(tables.load_facts(baoji))}
    row_7 = next(row for row in built["表7"].rows if tables.row_key(built["表7"], row) == "201")
    assert row_7.cells[3] == Decimal("1045401")
    row_5 = next(row for row in built["表5"].rows if tables.row_key(built["表5"], row) == "201")
    assert row_5.cells[3] == Decimal("1045400.00")
