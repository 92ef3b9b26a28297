"""Budget against spending (budgets/execution): the 决算's own URLs, the execution pages,
the region's departments and the API, on the two real 普陀区 2024 部门决算 (figures
hand-typed from the PDFs), and on a budget built here for the same organisation and year."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from budgets.classifications.models import FunctionCode
from budgets.disclosures.models import Document, FunctionExpenditure
from budgets.execution import arithmetic
from budgets.organisations.models import Organisation

SOCIAL = "中共上海市普陀区委社会工作部"
FINANCE = "上海市普陀区财政局"


@pytest.fixture
def real(db):
    call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)


def org(name):
    """The organisation (the department, not its same-named unit) that published the 决算."""
    return (
        Organisation.objects.filter(name=name, documents__stage="final_accounts").distinct().get()
    )


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def cells(page, code):
    """{cell name: text} of the execution table's row for ``code``."""
    import re

    row = re.search(rf'<tr class="level-\d" data-code="{code}">(.*?)</tr>', page, re.S)
    assert row, code
    found = dict(re.findall(r'data-cell="([\w-]+)">(.*?)</td>', row[1], re.S))
    return {key: re.sub(r"<[^>]+>", " ", value).split() for key, value in found.items()}


def figure(page, name):
    import re

    found = re.search(rf'data-figure="{name}">(.*?)</dd>', page, re.S)
    return re.sub(r"<[^>]+>", "", found[1]).strip()


# ---------------------------------------------------------------------------
# The arithmetic.


def test_rate_difference_and_rollup():
    assert arithmetic.execution_rate(Decimal("3078200"), Decimal("3210200")) == Decimal("95.89")
    assert arithmetic.execution_rate(Decimal("513200"), Decimal("520000")) == Decimal("98.69")
    assert arithmetic.execution_rate(Decimal("1"), Decimal("0")) is None  # nothing budgeted
    assert arithmetic.execution_rate(None, Decimal("5")) is None  # no 决算 yet
    assert arithmetic.difference(Decimal("513200"), Decimal("520000")) == Decimal("-6800")
    assert arithmetic.difference(Decimal("7"), None) == Decimal("7")  # spent, not budgeted
    assert arithmetic.difference(None, Decimal("7")) is None
    assert arithmetic.rolled_up({"2013901": Decimal(1), "2013950": Decimal(2)}) == {
        "201": Decimal(3),
        "20139": Decimal(3),
        "2013901": Decimal(1),
        "2013950": Decimal(2),
    }
    assert arithmetic.pair_codes({"201": 1, "合计": 2}, {"208": 1}) == ["201", "208"]


# ---------------------------------------------------------------------------
# URLs: a 决算 under /final/, the budget where it was.


def test_final_accounts_have_their_own_urls(client, real):
    social = org(SOCIAL)
    assert client.get(f"/org/{social.pk}/2024/").status_code == 404  # no 2024 budget
    page = html(client.get(f"/org/{social.pk}/2024/final/"))
    assert "中共上海市普陀区委社会工作部2024年度部门决算" in page
    assert "部门决算" in page
    assert f'href="/org/{social.pk}/2024/execution/"' in page
    assert f'href="/org/{social.pk}/2024/final/tables/"' in page
    assert f'href="/org/{social.pk}/2024/final/function/"' in page
    assert "307.82" in html(client.get(f"/org/{social.pk}/2024/final/tables/"))
    assert "264.87" in html(client.get(f"/org/{social.pk}/2024/final/function/"))
    assert "264.87" in html(client.get(f"/org/{social.pk}/2024/final/function/201/"))
    assert client.get(f"/org/{social.pk}/2024/final/tables/5/").status_code == 200
    csv = client.get(f"/org/{social.pk}/2024/final/tables/1.csv")
    assert csv.status_code == 200 and "307.82" in csv.content.decode("utf-8-sig")
    assert client.get(f"/org/{social.pk}/2024/final/tables.xlsx").status_code == 200
    # A budget's URLs are unchanged (财政局 2025), and it has no 2025 决算.
    finance = org(FINANCE)
    assert client.get(f"/org/{finance.pk}/2025/").status_code == 200
    assert client.get(f"/org/{finance.pk}/2025/final/").status_code == 404


def test_organisation_home_and_search_list_final_accounts(client, real):
    social = org(SOCIAL)
    page = html(client.get(f"/org/{social.pk}/"))
    assert "已公开的决算" in page and "307.82" in page
    assert f'href="/org/{social.pk}/2024/final/"' in page
    assert "与决算文件所列年初预算数对照" in page
    home = html(client.get("/"))
    assert f'href="/org/{social.pk}/2024/final/"' in home
    assert "2024决算" in home
    found = html(client.get("/search/", {"q": "社会工作部"}))
    assert f'href="/org/{social.pk}/2024/final/"' in found


# ---------------------------------------------------------------------------
# Only the 决算: its printed 年初预算数 (全年预算 for a unit set up in the year).


def test_execution_against_the_printed_budget(client, real):
    social = org(SOCIAL)
    page = html(client.get(f"/org/{social.pk}/2024/execution/"))
    # Issue 21: the column held what the PDF calls 全年预算 under the name 年初预算数.
    assert "决算文件所列全年预算数" in page and "决算文件所列年初预算数" not in page
    assert 'data-basis="final_accounts"' in page and "“全年预算”" in page
    assert figure(page, "budget") == "321.02"
    assert figure(page, "final") == "307.82"
    assert figure(page, "difference") == "-13.20"
    assert figure(page, "rate") == "95.89%"
    # The narrative, as printed (年初预算 0, 全年预算 321.02, “完成年初预算的95.89%”),
    # never restated as “年初预算 0.00 万元，完成 95.89%”; its rate is the 全年预算's.
    assert (
        "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%" in page
    )
    assert "所述 95.89% 与按决算文件所列全年预算数算出的执行率相符" in page
    assert "年初预算 0.00 万元" not in page
    assert cells(page, "201")["final"] == ["264.87"]
    assert cells(page, "201")["budget"] == ["271.92"]
    row = cells(page, "2013901")
    assert row["budget"] == ["52.00"] and row["final"] == ["51.32"]
    assert row["difference"] == ["-0.68"] and row["rate"] == ["98.69%"]
    assert row["stated-rate"] == ["98.69%"]
    assert row["reason"] == ["人员变动引起实际支出低于预算"]
    assert cells(page, "2210203")["rate"] == ["100.00%"]


def test_finance_bureau_against_its_printed_budget(client, real):
    finance = org(FINANCE)
    page = html(client.get(f"/org/{finance.pk}/2024/execution/"))
    assert "“年初预算”" in page
    assert figure(page, "budget") == "2,993.92"  # as the 情况说明 states it
    assert figure(page, "final") == "2,940.05"  # the 决算's printed 合计
    assert figure(page, "rate") == "98.20%"
    row = cells(page, "2010601")
    assert row["budget"] == ["1,560.05"] and row["final"] == ["1,511.89"]
    assert row["reason"] == ["人员进出及退休变化，减少人员经费开支"]


# ---------------------------------------------------------------------------
# A budget and a 决算 of the same year: side by side.


@pytest.fixture
def social_budget(real):
    """A 2024 budget of 社会工作部 (built here: the real data holds none)."""
    social = org(SOCIAL)
    template = Document.objects.get(organisation__name=FINANCE, year=2025).template
    document = Document.objects.create(
        organisation=social,
        year=2024,
        stage=Document.Stage.BUDGET,
        scope=Document.Scope.DEPARTMENT,
        template=template,
        title="中共上海市普陀区委社会工作部2024年部门预算",
        amount_unit="元",
        status=Document.Status.PUBLISHED,
        published_on=datetime.date(2024, 2, 1),
    )
    for code, expense_type, amount in (
        ("2013901", "basic", "500000.00"),
        ("2013999", "project", "2100000.00"),
        ("2080505", "basic", "90000.00"),
    ):
        FunctionExpenditure.objects.create(
            document=document,
            function=FunctionCode.objects.get(year=2024, code=code),
            source="general_public",
            expense_type=expense_type,
            amount=Decimal(amount),
        )
    return document


def test_budget_and_final_accounts_side_by_side(client, social_budget):
    social = org(SOCIAL)
    page = html(client.get(f"/org/{social.pk}/2024/execution/"))
    assert 'data-basis="budget_document"' in page
    assert "中共上海市普陀区委社会工作部2024年部门预算" in page
    assert figure(page, "budget") == "269.00"
    assert figure(page, "final") == "307.82"
    assert figure(page, "difference") == "+38.82"
    assert figure(page, "rate") == "114.43%"
    row = cells(page, "2013901")
    # The budget document's 50.00, beside the 决算's own 全年预算 52.00; the reason stays.
    assert row["budget"] == ["50.00", "决算所列", "52.00"]
    assert row["final"] == ["51.32"] and row["rate"] == ["102.64%"]
    assert row["stated-rate"] == ["98.69%", "不符"]
    assert row["reason"] == ["人员变动引起实际支出低于预算"]
    # Budgeted and spent alike; spent without a budget line: no rate.
    assert cells(page, "2013999")["rate"] == ["96.30%"]
    assert cells(page, "2210201")["budget"] == [] and cells(page, "2210201")["rate"] == []
    assert cells(page, "2210201")["difference"] == ["+17.70"]
    # The year's two documents link to each other and to this page.
    budget_page = html(client.get(f"/org/{social.pk}/2024/"))
    assert f'href="/org/{social.pk}/2024/final/" data-other-stage="final_accounts"' in budget_page
    assert f'href="/org/{social.pk}/2024/execution/"' in budget_page
    final_page = html(client.get(f"/org/{social.pk}/2024/final/"))
    assert f'href="/org/{social.pk}/2024/" data-other-stage="budget"' in final_page
    listing = html(client.get(f"/org/{social.pk}/"))
    assert "预算与决算对照" in listing and "已公开的预算" in listing


def test_execution_needs_a_final_accounts(client, real):
    finance = org(FINANCE)
    assert client.get(f"/org/{finance.pk}/2025/execution/").status_code == 404
    assert client.get("/org/99999999/2024/execution/").status_code == 404


# ---------------------------------------------------------------------------
# The region and the API.


def test_region_execution_by_department(client, real):
    page = html(client.get("/region/310107/2024/execution/"))
    social, finance = org(SOCIAL), org(FINANCE)
    assert f'href="/org/{social.pk}/2024/execution/"' in page
    assert f'href="/org/{finance.pk}/2024/execution/"' in page
    assert "2,940.05" in page and "98.20%" in page and "95.89%" in page
    assert "决算文件所列年初预算数" in page
    region_year = html(client.get("/region/310107/2024/"))
    assert 'href="/region/310107/2024/execution/"' in region_year
    assert client.get("/region/310107/2019/execution/").status_code == 404


def test_api_execution(client, real):
    social = org(SOCIAL)
    payload = client.get(f"/api/organisations/{social.pk}/2024/execution/").json()
    assert payload["basis"] == "final_accounts" and payload["budget"] is None
    assert payload["total"] == {
        "budget": "3210200.00",
        "final": "3078200.00",
        "difference": "-132000.00",
        "execution_rate": "95.89",
        "stated": {
            "basis": "年初预算",
            "budget": "0.00",
            "completion_percent": "95.89",
            "reason": None,
        },
    }
    row = next(row for row in payload["rows"] if row["code"] == "2013901")
    assert row["final"] == "513200.00" and row["execution_rate"] == "98.69"
    assert row["stated"]["reason"] == "人员变动引起实际支出低于预算"
    assert payload["final_accounts"]["html_url"].endswith(f"/org/{social.pk}/2024/final/")
    # A budget without its 决算 yet: 决算数 null.
    finance = org(FINANCE)
    budget_only = client.get(f"/api/organisations/{finance.pk}/2025/execution/").json()
    assert budget_only["final_accounts"] is None and budget_only["total"]["final"] is None
    assert budget_only["total"]["execution_rate"] is None
    missing = client.get(f"/api/organisations/{finance.pk}/2019/execution/")
    assert missing.status_code == 404 and "error" in missing.json()
    schema = client.get("/api/schema/").json()
    assert "/api/organisations/{organisation}/{year}/execution/" in schema["paths"]


def test_region_execution_pages_largest_first(client, real, monkeypatch):
    """Ordered and paged in SQL; the figures worked out for the rows shown only."""
    monkeypatch.setattr("budgets.execution.queries.PAGE_SIZE", 1)
    url = "/region/310107/2024/execution/"
    first, second = html(client.get(url)), html(client.get(url, {"page": 2}))
    finance, social = org(FINANCE), org(SOCIAL)
    # 财政局 spent 2,961.68 万元 of 一般公共预算, 社会工作部 307.82 万元
    assert f'data-organisation="{finance.pk}"' in first and "社会工作部" not in first
    assert f'data-organisation="{social.pk}"' in second and "95.89%" in second
    assert "第 1 / 2 页" in first and 'rel="next"' in first
    assert f'data-organisation="{social.pk}"' in html(client.get(url, {"page": 9}))  # the last


def test_a_final_account_that_lists_no_three_public_says_so(client, real):
    """Issue 21: the 决算's 三公 headline box was empty, with no word that the document
    lists none (社会工作部 2024 prints no 三公 figures)."""
    social = org(SOCIAL)
    page = html(client.get(f"/org/{social.pk}/2024/final/"))
    box = page[page.index('data-figure="three-public"') :]
    assert box[: box.index("</dd>")].count("本文件未列") == 1
