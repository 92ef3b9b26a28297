"""Region pages, 三公 across departments and their JSON twins, against the real documents
(the fixtures). Every expected figure is typed from the PDFs as printed:

- 支出预算总表 合计 (元): 万里街道 2025 189,767,551 and 2024 156,211,123; 区政府办公室 2025
  (部门) 91,016,775.35; 财政局 2025 31,214,205.80; 社会福利院 2024 (单位, no department)
  12,121,164.
- “三公”经费和机关运行经费预算表 (万元): 办公室 2025 867.50 = 839.00 + 28.50, 机关运行 213.28;
  万里 2025 37.91 = 0 + 1.35 + (15 + 21.56), 机关运行 464.64; 万里 2024 47.91 = 0 + 1.35 +
  (25 + 21.56); 财政局 2025 0.95 (接待 0.95), 机关运行 229.43.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budgets.disclosures.models import (
    Document,
    FunctionExpenditure,
    PrintedSubtotal,
    TemplateTable,
)
from budgets.disclosures.tables import SPENDING_BY_FUNCTION
from budgets.organisations.models import Organisation
from budgets.summaries import kept

pytestmark = pytest.mark.django_db

WANLI = "上海市普陀区人民政府万里街道办事处"
WANLI_2025 = Decimal("189767551")
WANLI_2024 = Decimal("156211123")
OFFICE_2025 = Decimal("91016775.35")
FINANCE_2025 = Decimal("31214205.80")
WELFARE_2024 = Decimal("12121164")


@pytest.fixture
def real(db):
    call_command(
        "loaddata", "templates", "baoji_2023", "jiangsu_provincial", "shanghai_putuo", verbosity=0
    )


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def figure(response, name):
    return re.search(rf'data-figure="{name}">([^<]*)<', response.content.decode()).group(1)


def test_putuo_2025_adds_each_department_once(client, real):
    response = client.get(reverse("regions:year", args=["310107", 2025]))
    assert response.status_code == 200
    total = WANLI_2025 + OFFICE_2025 + FINANCE_2025
    assert total == Decimal("311998532.15")
    assert figure(response, "region-total") == "311,998,532.15"
    assert figure(response, "document-count") == "3"
    text = text_of(response)
    # The office's unit budget is inside its department budget: named, not added.
    assert "未计入" in text and "上海市普陀区人民政府办公室单位" not in text.split("未计入")[0]
    assert "部门与其下属单位不会重复相加" in text  # the rule, stated on the page
    # 上海市 includes 普陀区.
    parent = client.get(reverse("regions:year", args=["310000", 2025]))
    assert figure(parent, "region-total") == "311,998,532.15"


def test_a_unit_without_department_counts(client, real):
    response = client.get(reverse("regions:year", args=["310107", 2024]))
    assert figure(response, "region-total") == f"{WANLI_2024 + WELFARE_2024:,}"
    assert Decimal("168332287") == WANLI_2024 + WELFARE_2024


def test_departments_ranked_with_change_against_prior_year(client, real):
    payload = client.get(reverse("api:region", args=["310107", 2025])).json()
    assert payload["amount_unit"] == "元"
    assert payload["total"] == "311998532.15"
    departments = payload["departments"]["results"]
    assert payload["departments"]["count"] == 3 and payload["departments"]["next"] is None
    ranked = [(d["organisation"], d["total"]) for d in departments]
    assert ranked == [
        ("上海市普陀区人民政府万里街道办事处", "189767551.00"),
        ("上海市普陀区人民政府办公室", "91016775.35"),
        ("上海市普陀区财政局", "31214205.80"),
    ]
    wanli = departments[0]
    assert wanli["prior_year"] == 2024
    assert wanli["prior_total"] == "156211123.00"
    assert wanli["change"] == str(WANLI_2025 - WANLI_2024) + ".00" == "33556428.00"
    assert wanli["percent_change"] == "21.48"  # 33,556,428 / 156,211,123 = 21.481…%
    assert departments[1]["prior_year"] is None  # no earlier office budget
    # Function 类 add up to the total; amounts are strings, never floats.
    assert sum(Decimal(item["amount"]) for item in payload["by_function"]) == Decimal(
        "311998532.15"
    )
    assert all(isinstance(item["amount"], str) for item in payload["by_function"])
    assert [d["organisation"] for d in payload["not_counted"]] == ["上海市普陀区人民政府办公室"]
    assert payload["not_counted_count"] == 1


def test_a_printed_class_figure_replaces_its_facts_sum(client, real):
    """A document that prints a 类 1 元 off its facts' sum (whole-元 rounding) counts as
    printed in the region's function 类, and only that 类 moves."""
    url = reverse("api:region", args=["310107", 2025])
    before = {
        item["code"]: Decimal(item["amount"]) for item in client.get(url).json()["by_function"]
    }
    wanli = Document.objects.get(organisation__name=WANLI, year=2025, stage="budget")
    PrintedSubtotal.objects.create(
        document=wanli,
        table=TemplateTable.objects.filter(
            template=wanli.template, kind__in=SPENDING_BY_FUNCTION
        ).first(),
        row="212",
        column=PrintedSubtotal.Column.TOTAL,
        amount=FunctionExpenditure.objects.filter(
            document=wanli, function__code__startswith="212"
        ).aggregate(total=Sum("amount"))["total"]
        + 1,
    )
    kept.summarise([wanli.pk])  # as the correction's approval that changes it does
    after = {
        item["code"]: Decimal(item["amount"]) for item in client.get(url).json()["by_function"]
    }
    assert after["212"] == before["212"] + 1
    assert {code: amount for code, amount in after.items() if code != "212"} == {
        code: amount for code, amount in before.items() if code != "212"
    }


def test_a_region_of_wan_yuan_documents_is_shown_in_wan_yuan(client, real):
    """江苏's department budgets print 万元: their region shows 万元 unless the reader
    chooses, and the same total in 元 when they do."""
    total = Decimal(client.get(reverse("api:region", args=["320000", 2018])).json()["total"])
    url = reverse("regions:year", args=["320000", 2018])
    response = client.get(url)
    assert "（单位：万元）" in text_of(response).replace(" ", "")
    assert figure(response, "region-total") == f"{total / 10000:,.2f}"
    assert figure(client.get(url, {"unit": "yuan"}), "region-total") == f"{total:,.2f}"


def test_region_year_names_classes_in_the_readers_language(client, real, settings):
    url = reverse("regions:year", args=["310107", 2025])
    assert "212 城乡社区支出" in text_of(client.get(url))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text_of(client.get(url))
    assert "212 Urban and rural community affairs" in english
    assert "城乡社区支出" not in english


def test_region_page_sums_in_a_fixed_number_of_queries(client, real):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("regions:year", args=["320000", 2018]))
    assert len(queries) <= 16, [q["sql"][:100] for q in queries]


def test_region_overview_home_links_and_unknown_regions(client, real):
    response = client.get(reverse("regions:region", args=["310107"]))
    html = response.content.decode()
    assert reverse("regions:year", args=["310107", 2025]) in html
    assert 'data-year-total="2025">311,998,532.15' in html
    home = client.get(reverse("browse:home")).content.decode()
    assert reverse("regions:region", args=["310107"]) in home
    assert client.get("/region/999999/").status_code == 404
    assert client.get("/region/abc/2025/").status_code == 404
    assert client.get(reverse("regions:year", args=["310107", 2019])).status_code == 404


def test_three_public_as_printed(client, real):
    payload = client.get(reverse("api:region_three_public", args=["310107", 2025])).json()
    rows = {row["organisation"]: row for row in payload["departments"]["results"]}
    office = rows["上海市普陀区人民政府办公室"]
    assert (office["three_public"], office["outbound_travel"], office["reception"]) == (
        "8675000.00",
        "8390000.00",
        "285000.00",
    )
    assert office["administrative_running"] == "2132800.00"
    wanli = rows["上海市普陀区人民政府万里街道办事处"]
    assert wanli["three_public"] == "379100.00"  # 37.91 万元
    assert (wanli["vehicle_purchase"], wanli["vehicle_operation"]) == ("150000.00", "215600.00")
    assert wanli["administrative_running"] == "4646400.00"
    assert wanli["prior_year"] == 2024 and wanli["prior_three_public"] == "479100.00"
    assert wanli["change"] == "-100000.00"  # 37.91 − 47.91 万元
    assert wanli["percent_change"] == "-20.87"  # −10 / 47.91 = −20.872…%
    finance = rows["上海市普陀区财政局"]
    assert (finance["three_public"], finance["administrative_running"]) == (
        "9500.00",
        "2294300.00",
    )
    assert payload["total"]["three_public"] == "9063600.00"  # 867.50 + 37.91 + 0.95


def test_three_public_page_sorts_and_downloads(client, real):
    url = reverse("regions:three_public", args=["310107", 2025])
    text = text_of(client.get(url))
    assert "867.50" in text and "37.91" in text and "0.95" in text and "-10.00" in text
    assert "906.36" in text  # the column's sum in the footer
    ascending = text_of(client.get(url, {"sort": "three_public"}))
    assert ascending.index("上海市普陀区财政局") < ascending.index("上海市普陀区人民政府办公室")
    descending = text_of(client.get(url, {"sort": "-three_public"}))
    assert descending.index("上海市普陀区人民政府办公室") < descending.index("上海市普陀区财政局")
    body = client.get(reverse("regions:three_public_csv", args=["310107", 2025]))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[0][2] == "“三公”经费合计（万元）"
    assert rows[1][:5] == ["上海市普陀区人民政府办公室", "部门", "867.50", "839.00", "28.50"]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("regions:three_public_xlsx", args=["310107", 2025])).content)
    )
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    wanli = next(row for row in values if row[0] == "上海市普陀区人民政府万里街道办事处")
    assert Decimal(str(wanli[2])) == Decimal("37.91")


def test_three_public_export_neutralises_formulas(client, real):
    Organisation.objects.filter(name="上海市普陀区财政局").update(name="=HYPERLINK(1)")
    body = client.get(reverse("regions:three_public_csv", args=["310107", 2025]))
    assert "'=HYPERLINK(1)" in body.content.decode("utf-8-sig")


@pytest.fixture
def crowded(db):
    """A synthetic region with more departments than a page holds, in two years."""
    call_command("generate_synthetic", organisations=150, years=2, regions=1, seed=61, verbosity=0)
    busiest = (
        Document.published.filter(organisation__synthetic=True)
        .values("organisation__region__code", "year")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .first()
    )
    return busiest["organisation__region__code"], busiest["year"]


def every_page(client, url, key="departments"):
    """Every row of a paged API answer, following ``next``."""
    rows = []
    while url:
        payload = client.get(url).json()
        rows += payload[key]["results"]
        url = payload[key]["next"]
    return payload, rows


def test_department_tables_page_through_every_department(client, crowded):
    code, year = crowded
    payload, rows = every_page(client, reverse("api:region", args=[code, year]) + "?page_size=20")
    assert payload["departments"]["count"] == payload["document_count"] == len(rows) > 50
    # the rank runs on across pages; the totals add up to the region's
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    totals = [Decimal(row["total"]) for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert sum(totals) == Decimal(payload["total"])
    assert any(row["prior_year"] == year - 1 for row in rows)
    for row in rows:
        if row["prior_year"] is not None:
            assert Decimal(row["change"]) == Decimal(row["total"]) - Decimal(row["prior_total"])
    # the page: 50 rows, the second page continues at rank 51, sorted as asked
    url = reverse("regions:year", args=[code, year])
    first = client.get(url).content.decode()
    assert first.count('<td class="num">51</td>') == 0 and 'rel="next"' in first
    second = text_of(client.get(url, {"page": 2}))
    assert f" 51 {rows[50]['organisation']} " in second
    smallest = text_of(client.get(url, {"sort": "total"}))
    assert rows[-1]["organisation"] in smallest
    # past the last page: the last page
    assert rows[-1]["organisation"] in text_of(client.get(url, {"page": 99}))
    assert client.get(reverse("api:region", args=[code, year]), {"page": 99}).status_code == 404
    assert client.get(reverse("api:region", args=[code, year]), {"page_size": 0}).status_code == 400


def test_three_public_pages_add_up_to_the_footer(client, crowded):
    code, year = crowded
    url = reverse("api:region_three_public", args=[code, year]) + "?page_size=30"
    payload, rows = every_page(client, url)
    assert payload["departments"]["count"] == len(rows) > 50
    for name in ("three_public", "outbound_travel", "reception", "administrative_running"):
        assert sum(Decimal(row[name] or 0) for row in rows) == Decimal(payload["total"][name])
    figures = [Decimal(row["three_public"]) for row in rows if row["three_public"] is not None]
    assert figures == sorted(figures, reverse=True)
    compared = [row for row in rows if row["prior_year"] is not None]
    assert compared
    for row in compared:
        assert Decimal(row["change"]) == Decimal(row["three_public"] or 0) - Decimal(
            row["prior_three_public"] or 0
        )
    body = client.get(reverse("regions:three_public_csv", args=[code, year]))
    lines = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert len(lines) == 1 + len(rows) + 1  # the header, every row and the 合计
    page = client.get(reverse("regions:three_public", args=[code, year]))
    assert page.content.decode().count("<tr") == 1 + 50 + 1  # header, a page, footer


def test_a_page_shows_at_most_the_largest_page_asked_for(client, crowded, monkeypatch):
    """``?per_page=`` is django-tables2's: unbounded, a page of a million rows would render
    every department of the year."""
    code, year = crowded
    url = reverse("regions:three_public", args=[code, year])  # its one table

    def rows_shown(**query):
        return client.get(url, query).content.decode().count("<tr") - 2  # header, footer

    assert rows_shown(per_page=20) == 20
    assert rows_shown(per_page="abc") == rows_shown() == 50
    assert rows_shown(per_page=-3) == 1
    monkeypatch.setattr("budgets.regions.views.MAX_PAGE_SIZE", 30)
    assert rows_shown(per_page=10**9) == 30
