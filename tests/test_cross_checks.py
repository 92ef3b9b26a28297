"""Two checks journalists need: a department against the sum of its units, and the changes
the narrative states against the tables and the prior year's published budget.

Figures typed by hand from the documents (PDFs in shared/data/disclosures/):

- 上海市普陀区人民政府办公室 2025, 部门 and 单位 支出预算总表 (元), identical:
  201 82,096,797.42 · 208 4,213,779.28 · 210 1,097,073.43 · 221 3,609,125.22 ·
  合计 91,016,775.35.
- 万里街道办事处 (部门, whole 元): 收入预算总表 合计 2024 156,211,123, 2025 189,767,551;
  “三公” 2024 47.91 万元 (购置费 25, 运行费 21.56), 2025 37.91 万元 (购置费 15, 运行费 21.56).
  Its 2025 narrative: “财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元” — the
  two printed 万元 figures subtracted (18,976.76 − 15,621.11); in 元 the change is
  189,767,551 − 156,211,123 = 33,556,428 (3,355.64 万元). “三公”经费 “比2024年预算减少10万元”.
  It lists 6 units (本部 and 5), none of which publishes a unit budget here.
- 宝鸡市人民政府口岸办公室 2023 (万元): “本单位当年预算支出190.6万元” against 190.57 in the
  tables; “对个人和家庭的补助支出（303）0.018万元” against 0.02; the narrative's government
  economic figures are printed under 501/502/303 where its tables list 505 and 50901.
"""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures import arithmetic
from budgets.disclosures.models import Document, FundingSource, Statement
from budgets.organisations.models import Organisation

D = Decimal
WANLI = "上海市普陀区人民政府万里街道办事处"
OFFICE = "上海市普陀区人民政府办公室"
BAOJI_UNIT = "宝鸡市人民政府口岸办公室"


# ---------------------------------------------------------------------------
# Arithmetic: a department against its units.


def test_a_department_equal_to_the_sum_of_all_its_units_agrees():
    check = arithmetic.department_against_units(
        ({"201": D("300.00"), "208": D("50.00")}, D("350.00")),
        [
            ({"201": D("100.00")}, D("100.00")),
            ({"201": D("200.00"), "208": D("50.00")}, D("250.00")),
        ],
        unit_count=2,
    )
    assert check.complete and check.checked and check.agrees
    assert check.unit_sums == {"201": D("300.00"), "208": D("50.00")}
    assert check.unit_total == D("350.00")
    assert check.differences == {"201": 0, "208": 0} and check.total_difference == 0
    assert not check.within_rounding


def test_a_department_that_differs_names_the_codes():
    check = arithmetic.department_against_units(
        ({"201": D("300.00"), "212": D("7.00")}, D("307.00")),
        [({"201": D("290.00"), "208": D("5.00")}, D("295.00"))],
        unit_count=1,
    )
    assert check.checked and not check.agrees
    # Department − units; a code one side does not list counts as zero there.
    assert check.differing == {"201": D("10.00"), "208": D("-5.00"), "212": D("7.00")}
    assert check.total_difference == D("12.00")


def test_only_some_units_published_gives_a_partial_sum_and_no_check():
    check = arithmetic.department_against_units(
        ({"201": D("300.00")}, D("300.00")), [({"201": D("100.00")}, D("100.00"))], unit_count=3
    )
    assert (check.published_count, check.unit_count) == (1, 3)
    assert not check.complete and not check.checked and not check.agrees
    assert check.unit_sums == {"201": D("100.00")}
    assert check.differences == {} and check.total_difference is None
    blank_total = arithmetic.department_against_units(
        None, [({"201": D("1.00")}, D("1.00")), ({}, None)], unit_count=3
    )
    assert blank_total.unit_total == D("1.00")  # a blank adds nothing
    none_published = arithmetic.department_against_units(
        ({"201": D("300.00")}, D("300.00")), [], unit_count=6
    )
    assert none_published.published_count == 0 and none_published.unit_total is None
    no_department = arithmetic.department_against_units(
        None, [({"201": D("1.00")}, D("1.00"))], unit_count=1
    )
    assert no_department.complete and not no_department.checked


def test_whole_yuan_documents_may_differ_by_their_rounding():
    # Three figures printed in whole 元 (a department, two units): up to 1.5 元 apart.
    check = arithmetic.department_against_units(
        ({"212": D("94995790")}, D("94995790")),
        [({"212": D("50000000")}, D("50000000")), ({"212": D("44995789")}, D("44995789"))],
        unit_count=2,
        rounded_figures=3,
    )
    assert not check.agrees and check.within_rounding
    off = arithmetic.department_against_units(
        ({"212": D("100")}, D("100")), [({"212": D("98")}, D("98"))], 1, rounded_figures=2
    )
    assert not off.within_rounding


# ---------------------------------------------------------------------------
# Arithmetic: stated figures.


@pytest.mark.parametrize(
    "quote, amount, text, precision",
    [
        ("本单位当年预算支出190.6万元", D("1906000"), "190.6万元", D("1000")),
        ("对个人和家庭的补助支出（303）0.018万元，和上年保持一致", D("180"), "0.018万元", D(10)),
        ("比2024年预算减少2,389.52万元", D("23895200"), "2,389.52万元", D(100)),
        ("因公出国（境）费839万元，与2024年预算持平", D("8390000"), "839万元", D(10000)),
        ("收入预算91,016,775.35元", D("91016775.35"), "91,016,775.35元", D("0.01")),
    ],
)
def test_the_precision_a_figure_was_stated_at_comes_from_the_quote(quote, amount, text, precision):
    stated = arithmetic.as_stated(quote, amount)
    assert stated.text == text and stated.precision == precision


def test_a_quote_without_the_figure_gives_no_precision():
    assert arithmetic.as_stated("较上年增加21.78万元", D("1905700")) is None
    assert arithmetic.as_stated("", D("1")) is None
    assert arithmetic.as_stated("190.57万元", None) is None


def test_agreement_at_the_stated_precision():
    assert arithmetic.agreement(D("1905700"), D("1905700"), D(100)) == arithmetic.EXACT
    assert arithmetic.agreement(D("1906000"), D("1905700"), D(1000)) == arithmetic.ROUNDED
    assert arithmetic.agreement(D("1906000"), D("1905700"), D(100)) == arithmetic.DIFFERS
    assert arithmetic.agreement(D("1906000"), D("1905700"), None) == arithmetic.DIFFERS
    assert arithmetic.agreement(D("1301500"), None, D(100)) == arithmetic.ABSENT
    assert arithmetic.agreement(D(0), None, D(100)) == arithmetic.EXACT  # 0 = nothing listed
    # Half up (四舍五入), as the documents round.
    assert arithmetic.round_to(D("1050"), D(100)) == D(1100)
    assert arithmetic.round_to(D("-1050"), D(100)) == D(-1100)


def test_a_stated_change_against_two_documents():
    # 万里 2025: 3,355.65 万元 is the difference of the two rounded 万元 figures.
    wanli = arithmetic.change_agreement(D("33556500"), D("156211123"), D("189767551"), D(100))
    assert wanli == arithmetic.ROUNDED_FIGURES
    # “三公” 47.91 → 37.91 万元: 减少10万元, exactly.
    three_public = arithmetic.change_agreement(D("-100000"), D("479100"), D("379100"), D(10000))
    assert three_public == arithmetic.EXACT
    assert arithmetic.change_agreement(D("-100000"), D("479100"), D("379600"), D(10000)) == (
        arithmetic.ROUNDED
    )
    assert arithmetic.change_agreement(D("60000"), D("1700000"), D("1750000"), D(10000)) == (
        arithmetic.DIFFERS
    )
    assert arithmetic.change_agreement(D(0), None, None, D(100)) == arithmetic.EXACT


@pytest.mark.parametrize(
    "comparison, year, base",
    [
        ("上年预算", 2023, 2022),
        ("2024年预算", 2025, 2024),
        ("2024年预算数", 2025, 2024),
        ("2023年预算执行数", 2024, None),
        ("上年决算", 2024, None),
        ("", 2024, None),
        ("2025年预算", 2025, None),
    ],
)
def test_only_a_prior_budget_is_a_base_to_check_against(comparison, year, base):
    assert arithmetic.budget_base_year(comparison, year) == base


def line(source="general_public", amount="0", function=None, expense_type="basic", dept=None):
    return SimpleNamespace(
        source=FundingSource(source),
        amount=D(amount),
        function=SimpleNamespace(code=function) if function else None,
        function_id=1 if function else None,
        expense_type=expense_type,
        dept_economic=SimpleNamespace(code=dept) if dept else None,
        gov_economic_id=None,
    )


def small_document():
    restricted = SimpleNamespace(
        outbound_travel=D(0),
        reception=D("13500"),
        vehicle_purchase=D("150000"),
        vehicle_operation=D("215600"),
        administrative_running=D("4646400"),
    )
    return SimpleNamespace(
        revenue=[line(amount="900"), line("operating", "100")],
        function_lines=[
            line(amount="600", function="2010301"),
            line(amount="300", function="2080505", expense_type="project"),
            line("operating", "100", function="2080505"),
        ],
        economic_lines=[line(amount="600", dept="30101", expense_type="personnel")],
        restricted={"current": restricted},
    )


def test_a_statement_topic_names_one_figure_of_the_tables():
    figures = arithmetic.DocumentFigures(small_document(), {"spending": {"合计": {"total": D(1)}}})

    def amount_of(topic, subject):
        figure = figures.of(topic, subject)
        return figure.amount if figure is not None else "unknown"

    amount = {
        (topic, subject): amount_of(topic, subject)
        for topic, subject in [
            ("revenue", "收入预算"),
            ("revenue", "财政拨款收入"),
            ("revenue", "事业收入"),
            ("revenue", "其他收入"),
            ("expenditure", "支出预算"),
            ("expenditure", "一般公共预算拨款支出预算"),
            ("expenditure", "政府性基金拨款支出预算"),
            ("expenditure", "事业收入"),
            ("three_public", "“三公”经费"),
            ("three_public", "公务用车购置及运行费"),
            ("three_public", "公务用车购置费"),
            ("three_public", "公务用车运行费"),
            ("administrative_running", "机关运行经费"),
            ("function:2010301", ""),
            ("function:2080505", ""),
            ("function:2089999", ""),
            ("economic:301", ""),
            ("performance_coverage", "编报绩效目标的项目"),
            ("revenue", "上级补助"),
        ]
    }
    assert amount == {
        ("revenue", "收入预算"): D(1000),
        ("revenue", "财政拨款收入"): D(900),
        ("revenue", "事业收入"): D(100),
        ("revenue", "其他收入"): None,
        ("expenditure", "支出预算"): D(1),  # as printed
        ("expenditure", "一般公共预算拨款支出预算"): D(900),
        ("expenditure", "政府性基金拨款支出预算"): None,
        ("expenditure", "事业收入"): "unknown",
        ("three_public", "“三公”经费"): D("379100"),
        ("three_public", "公务用车购置及运行费"): D("365600"),
        ("three_public", "公务用车购置费"): D("150000"),
        ("three_public", "公务用车运行费"): D("215600"),
        ("administrative_running", "机关运行经费"): D("4646400"),
        ("function:2010301", ""): D(600),
        # All spending (400) or 财政拨款 only (300)? Not checked where it matters.
        ("function:2080505", ""): "unknown",
        ("function:2089999", ""): None,
        ("economic:301", ""): D(600),
        ("performance_coverage", "编报绩效目标的项目"): "unknown",
        ("revenue", "上级补助"): "unknown",
    }


def statement(**fields):
    values = {
        "amount": None,
        "quote": "",
        "direction": "",
        "change_amount": None,
        "comparison": "",
    }
    values.update(fields)
    return Statement(**values)


def test_a_statement_checked_against_its_tables_and_the_prior_budget():
    three_public = statement(
        amount=D("379100"),
        quote="“三公”经费预算数为37.91万元，比2024年预算减少10万元",
        direction="decrease",
        change_amount=D("100000"),
    )
    check = arithmetic.check_statement(
        three_public,
        arithmetic.TableFigure(D("379100")),
        D(1),
        arithmetic.TableFigure(D("479100")),
        2024,
    )
    assert check.figure_agreement == arithmetic.EXACT and check.stated_text == "37.91万元"
    assert check.change_agreement == arithmetic.EXACT and check.base_year == 2024
    assert check.computed_change == D("-100000") and check.computed_direction == "decrease"
    assert check.computed_size == D("100000")
    unpublished_base = arithmetic.check_statement(
        three_public, arithmetic.TableFigure(D("379100")), D(1)
    )
    assert unpublished_base.change_agreement == "" and unpublished_base.base_year is None
    not_a_table_figure = arithmetic.check_statement(three_public, None, D(1))
    assert not_a_table_figure.figure_agreement == "" and not_a_table_figure.figure is None


# ---------------------------------------------------------------------------
# Pages, with the documents in fixtures/.


@pytest.fixture
def documents(db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return {
        "wanli_2025": Document.published.get(organisation__name=WANLI, year=2025),
        "office": Document.published.get(organisation__name=OFFICE, scope="department"),
        "baoji": Document.published.get(organisation__name=BAOJI_UNIT),
    }


def text_of(response):
    assert response.status_code == 200
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def units_url(document, **query):
    path = reverse(
        "browse:compare_units",
        kwargs={"organisation": document.organisation_id, "year": document.year},
    )
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def document_url(document, **query):
    path = reverse(
        "browse:document",
        kwargs={"organisation": document.organisation_id, "year": document.year},
    )
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_office_equals_its_only_unit(client, documents):
    text = text_of(client.get(units_url(documents["office"])))
    assert "部门预算与全部1个下属单位之和一致。" in text
    assert "各单位合计 差额" in text
    assert "201 一般公共服务支出 82,096,797.42 82,096,797.42 82,096,797.42 0.00" in text
    assert "221 住房保障支出 3,609,125.22 3,609,125.22 3,609,125.22 0.00" in text
    assert "合计 91,016,775.35 91,016,775.35 91,016,775.35 0.00" in text
    in_wan = text_of(client.get(units_url(documents["office"], unit="wan")))
    assert "合计 9,101.68 9,101.68 9,101.68 0.00" in in_wan


def test_wanli_lists_six_units_none_published(client, documents):
    assert (
        Organisation.objects.filter(
            parent=documents["wanli_2025"].organisation, kind="unit"
        ).count()
        == 6
    )
    text = text_of(client.get(units_url(documents["wanli_2025"])))
    assert "6个下属单位中已公开2025年单位预算的有0个，无法核对部门预算是否等于各单位之和。" in text
    assert "各单位合计" not in text and "差额" not in text
    # The department's own figures, whole 元 as printed (212 printed, not its 项' sum).
    assert "212 城乡社区支出 154,369,326" in text
    assert "合计 189,767,551" in text


def test_a_partial_sum_is_labelled_and_never_names_a_draft(client, putuo):
    text = text_of(client.get(units_url(putuo.dept_2025)))
    assert "2个下属单位中已公开2025年单位预算的有1个" in text
    assert "表中“已公开单位合计”只是部分单位之和。" in text
    assert "已公开单位合计（1/2个，不完整）" in text
    assert "201 一般公共服务支出 1,500,000.00 700,000.00 700,000.00" in text
    assert "差额" not in text
    assert "草稿保密单位" not in text and "777,777" not in text


def test_a_department_that_differs_from_its_units_names_the_rows(client, putuo):
    putuo.draft.delete()
    putuo.hidden.delete()
    text = text_of(client.get(units_url(putuo.dept_2025)))
    assert "部门预算与全部1个下属单位之和不一致：" in text
    # 201: 1,500,000 (department) − 700,000 (unit); 208 only in the department.
    assert "201 一般公共服务支出：差额 800,000.00 元" in text
    assert "208 社会保障和就业支出：差额 250,000.00 元" in text
    assert "合计：差额 1,050,000.00 元" in text
    assert "201 一般公共服务支出 1,500,000.00 700,000.00 700,000.00 800,000.00" in text
    assert "合计 1,750,000.00 700,000.00 700,000.00 1,050,000.00" in text


def test_wanli_2025_stated_changes_against_its_2024_budget(client, documents):
    text = text_of(client.get(document_url(documents["wanli_2025"])))
    assert "“三公”经费 37.91 万元 2024年预算减少 10 万元 与报表一致 与 2024年公开预算 一致" in text
    assert "公务用车购置费 15 万元 2024年预算减少 10 万元 购置车辆类型不同 与报表一致 " in text
    # Stated in 万元 with two places: agrees once rounded; the change is the difference
    # of the two rounded figures, 33,556,428 元 unrounded.
    assert (
        "财政拨款收入 18,976.76 万元 2024年预算增加 3,355.65 万元 项目调整 "
        "四舍五入后一致：说明写作 18,976.76万元，报表为 189,767,551 元 "
        "与 2024年公开预算 一致（两年金额各自取整后相减；未取整为增加 33,556,428 元）"
    ) in text
    in_wan = text_of(client.get(document_url(documents["wanli_2025"], unit="wan")))
    assert "未取整为增加 3,355.64 万元" in in_wan
    assert "“三公”经费 37.91 2024年预算减少 10 与报表一致 与 2024年公开预算 一致" in in_wan
    # The narrative's other figures: the 33 function 项 and the totals all agree.
    assert "共40项：与报表一致39项，不一致或报表未列0项，无法核对1项。" in text


def test_without_a_published_prior_budget_only_the_tables_are_checked(client, documents):
    text = text_of(client.get(document_url(documents["office"])))
    assert "财政拨款收入 9,101.68 万元 2024年预算减少 2,389.52 万元 项目调整 四舍五入后一致" in text
    assert "报表为 91,016,775.35 元" in text
    assert "2024年公开预算" not in text


def test_baoji_stated_figures_against_its_tables(client, documents):
    html = client.get(document_url(documents["baoji"])).content.decode()
    text = text_of(client.get(document_url(documents["baoji"])))
    # Stated at one decimal: agrees at that precision, and the table's figure is shown.
    assert "预算支出 190.6 四舍五入后一致：说明写作 190.6万元，报表为 190.57 万元" in text
    assert "说明写作 0.018万元，报表为 0.02 万元" in text
    assert "工资福利支出（301） 130.15 上年预算增加 22.23 增加了绩效工资 与报表一致" in text
    # The narrative's government economic 501 figure: the tables list no 501.
    assert re.search(r"机关工资福利支出（501）[^⚠]*?报表未列此项", text)
    assert html.count('data-check="absent"') == 3
    assert "公开预算" not in text  # no prior Baoji document: no change is checked


def test_the_checks_cost_a_bounded_number_of_queries(
    client, documents, django_assert_max_num_queries
):
    # One more query for the prior documents, and one document's figures per base year;
    # the page itself also lists its original files and looks up the year's other stage,
    # and reads the names and rows the document prints.
    with django_assert_max_num_queries(32):
        assert client.get(document_url(documents["wanli_2025"])).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(units_url(documents["office"])).status_code == 200


# ---------------------------------------------------------------------------
# In Chromium.


@pytest.fixture
def loaded(transactional_db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return {
        "wanli_2025": Document.published.get(organisation__name=WANLI, year=2025),
        "office": Document.published.get(organisation__name=OFFICE, scope="department"),
    }


@pytest.mark.browser
def test_both_new_columns_render_in_chromium(page, loaded):
    page.goto(page.base_url + units_url(loaded["office"]), wait_until="networkidle")
    headers = page.locator("table.data thead th").all_inner_texts()
    assert [header.strip() for header in headers][-2:] == ["各单位合计", "差额"]
    assert page.locator("tfoot th").inner_text().strip() == "合计"
    assert page.locator("[data-check=units]").is_visible()
    page.goto(page.base_url + document_url(loaded["wanli_2025"]), wait_until="networkidle")
    changes = page.locator("table[data-statements=changes]")
    assert changes.locator("thead th").last.inner_text().strip() == "核对"
    assert changes.locator("td.check").first.is_visible()
    assert changes.locator("td.check a").first.get_attribute("href") == document_url(
        Document.published.get(organisation__name=WANLI, year=2024)
    )
    assert page.problems == []
