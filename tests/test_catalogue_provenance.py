"""Where each catalogue name comes from (issue 16, item 3).

The national 部门预算支出经济分类科目 is committed (the same since 2018); a function name is
the one most of the year's published documents print; a document printing another name
keeps it on its own pages with a 提示, and the catalogue page shows every name's source
and who prints what. Expected names are typed here from the Ministry's catalogue and the
PDFs (社会福利院 2024 单位预算 表8 p.14 prints “302 02 咨询费”, “302 03 水费” where the
national catalogue has 印刷费, 咨询费), not read through the code under test.
"""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.classifications.models import Code, DepartmentEconomicCode, FunctionCode
from budgets.disclosures import catalogue
from budgets.disclosures.models import Document, EconomicExpenditure, Finding, PrintedName
from tests.test_printed_figures import html_rows

pytestmark = pytest.mark.django_db

WELFARE = "上海市普陀区社会福利院"
FINANCE = "上海市普陀区财政局"
NATIONAL_2018 = {  # 财政部《部门预算支出经济分类科目》, as printed since 2018
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30205": "水费",
    "30208": "取暖费",
    "30212": "因公出国（境）费用",
    "30301": "离休费",
    "30302": "退休费",
}


@pytest.fixture
def loaded(db):
    call_command(
        "loaddata", "templates", "baoji_2023", "shanghai_putuo", "jiangsu_provincial", verbosity=0
    )


def catalogue_rows(client, year, scheme):
    response = client.get(reverse("browse:catalogue", kwargs={"year": year, "scheme": scheme}))
    assert response.status_code == 200
    return {row[0]: row for row in html_rows(response)[1:]}


def test_economic_names_are_the_national_catalogue_whatever_a_document_prints(loaded):
    for year in (2018, 2019, 2023, 2024, 2025, 2026):
        rows = DepartmentEconomicCode.objects.filter(year=year, code__in=NATIONAL_2018)
        assert rows.exists()
        for row in rows:
            assert (row.name, row.source) == (NATIONAL_2018[row.code], Code.Source.NATIONAL)


def test_a_document_keeps_its_printed_names_with_a_hint_and_correct_ones_get_none(loaded, client):
    welfare = Document.objects.get(organisation__name=WELFARE, year=2024)
    response = client.get(reverse("api:table", args=[welfare.pk, 8]))
    rows = {row[0]: row[1] for row in response.json()["rows"]}
    assert (rows["30202"], rows["30203"]) == ("咨询费", "水费")
    assert welfare.findings.filter(row="30202", message__contains="文件印为“咨询费”").exists()
    # The 2024 决算 print the national names: no hint tells the public they misprint them.
    finance = Document.objects.get(organisation__name=FINANCE, year=2024, stage="final_accounts")
    assert not finance.findings.filter(message__startswith=catalogue.HINT).exists()
    drill = client.get(
        reverse(
            "browse:drill_code",
            kwargs={
                "organisation": finance.organisation_id,
                "year": 2024,
                "stage": "final_accounts",
                "scheme": "dept-economic",
                "code": "302",
            },
        )
    )
    names = {row[0]: row[1] for row in html_rows(drill) if row and row[0].isdigit()}
    assert names["30202"] == "印刷费"


def test_the_catalogue_page_shows_each_names_source_and_who_prints_otherwise(loaded, client):
    published_2024 = set(
        EconomicExpenditure.objects.filter(
            document__status="published",
            document__year=2024,
            dept_economic__code__startswith="30202",
        ).values_list("document__title", flat=True)
    )
    welfare = Document.objects.get(organisation__name=WELFARE, year=2024)
    row = catalogue_rows(client, 2024, "dept-economic")["30202"]
    assert row[1] == "印刷费"
    assert row[2] == f"国家目录{len(published_2024) - 1}/{len(published_2024)} 份文件印为此名"
    assert row[3] == f"“咨询费”：{welfare.title}"
    # A function name from the documents says so, with its count.
    function = catalogue_rows(client, 2025, "function")["2080505"]
    users = set(
        Document.objects.filter(
            status="published",
            year=2025,
            functionexpenditures__function__code__startswith="2080505",
        ).values_list("pk", flat=True)
    )
    assert function[2] == f"本年多数公开文件的印法{len(users)}/{len(users)} 份文件印为此名"


def documents_printing(code, year=2025):
    return sorted(
        Document.objects.filter(
            status="published", year=year, functionexpenditures__function__code=code
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def api_names(client, documents, code):
    """{document: the name its 表3 gives ``code``}, as the API serves it."""
    names = {}
    for pk in documents:
        rows = client.get(reverse("api:table", args=[pk, 3])).json()["rows"]
        names[pk] = [row for row in rows if code in "".join(str(cell) for cell in row[:3])][0]
    return names


def test_the_majority_name_replaces_a_minority_one_and_no_page_changes(loaded, client):
    code = "2080505"
    documents = documents_printing(code)
    assert len(documents) >= 3
    row = FunctionCode.objects.get(year=2025, code=code)
    real_name = row.name
    # As if the first document imported had printed “养老保险缴费（误）”: the catalogue took its
    # name, and every other document stored the real name as its own.
    minority, *majority = documents
    row.name = "养老保险缴费（误）"
    row.save()
    PrintedName.objects.bulk_create(
        PrintedName(document_id=pk, scheme="function", code=code, name=real_name) for pk in majority
    )
    before = api_names(client, documents, code)
    assert "养老保险缴费（误）" in str(before[minority]) and real_name in str(before[majority[0]])

    catalogue.settle(FunctionCode, 2025, [code])

    row.refresh_from_db()
    assert row.name == real_name
    stored = dict(
        PrintedName.objects.filter(code=code, scheme="function").values_list("document", "name")
    )
    assert stored == {minority: "养老保险缴费（误）"}
    assert api_names(client, documents, code) == before
    hints = Finding.objects.filter(row=code, message__startswith=catalogue.HINT)
    assert list(hints.values_list("document", flat=True)) == [minority]


def test_a_tie_keeps_the_name_and_a_national_name_is_never_outvoted(loaded):
    code = "2080505"
    first, second, *_rest = documents_printing(code)
    row = FunctionCode.objects.get(year=2025, code=code)
    PrintedName.objects.create(document_id=first, scheme="function", code=code, name="甲")
    PrintedName.objects.create(document_id=second, scheme="function", code=code, name="甲")
    assert len(documents_printing(code)) == 4
    catalogue.settle(FunctionCode, 2025, [code])
    row.refresh_from_db()
    assert row.name != "甲"  # two against two: the name stays
    economic = DepartmentEconomicCode.objects.get(year=2025, code="30201")
    PrintedName.objects.bulk_create(
        PrintedName(document_id=pk, scheme="dept_economic", code="30201", name="办公用品费")
        for pk in EconomicExpenditure.objects.filter(
            document__year=2025, dept_economic=economic
        ).values_list("document", flat=True)
    )
    catalogue.settle(DepartmentEconomicCode, 2025, ["30201"])
    economic.refresh_from_db()
    assert economic.name == "办公费"


def test_a_name_typed_in_the_admin_or_loaded_from_a_file_says_so(loaded, admin_client, tmp_path):
    row = FunctionCode.objects.get(year=2025, code="2080505")
    url = reverse("admin:classifications_functioncode_change", args=[row.pk])
    page = admin_client.get(url).content.decode()
    assert "本年多数公开文件的印法" in page  # the source is shown, read-only
    response = admin_client.post(url, {"year": 2025, "code": "2080505", "name": "养老保险缴费支出"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.name, row.source) == ("养老保险缴费支出", Code.Source.ADMIN)
    path = tmp_path / "catalogue.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["科目编码", "科目名称"], ["201", "一般公共服务支出"]])
    call_command(
        "load_catalogue", str(path), "--year", "2030", "--scheme", "function", stdout=io.StringIO()
    )
    assert FunctionCode.objects.get(year=2030, code="201").source == Code.Source.FILE


def test_every_catalogue_page_of_the_fixtures_is_served(loaded, client):
    index = client.get(reverse("browse:catalogue_index")).content.decode()
    links = re.findall(r'href="(/catalogue/\d+/[\w-]+/)"', index)
    assert len(links) >= 10
    for link in links:
        assert client.get(link).status_code == 200
