"""The Baoji 2023 fixture loads, and the budget arithmetic over its facts reproduces the
document's printed tables.

Every expected figure below was typed by hand from 宝鸡市人民政府口岸办公室2023年单位综合预算
(amounts in 万元, as printed); none is read back from the fixture. A blank cell is None.
"""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from budgets.disclosures import arithmetic
from budgets.disclosures.models import Document, Statement
from budgets.disclosures.money import from_yuan
from budgets.organisations.models import Profile

pytestmark = pytest.mark.django_db

UNIT = "宝鸡市人民政府口岸办公室"


def wan(amount):
    """An amount in 元 as the document prints it: 万元 with two decimals."""
    return None if amount is None else str(from_yuan(amount, "万元"))


def cells(split, *names):
    return tuple(wan(getattr(split, name)) for name in names)


@pytest.fixture
def baoji():
    call_command("loaddata", "templates", "baoji_2023", verbosity=0)
    return Document.objects.get(organisation__name=UNIT, year=2023)


@pytest.fixture
def function_lines(baoji):
    return list(baoji.functionexpenditures.select_related("function"))


@pytest.fixture
def economic_lines(baoji):
    return list(baoji.economicexpenditures.select_related("dept_economic", "gov_economic"))


def by_function(lines, lengths=(3, 5, 7)):
    return arithmetic.rollup(lines, lambda line: line.function.code, lengths)


def by_dept_economic(lines, lengths=(3, 5)):
    return arithmetic.rollup(lines, lambda line: line.dept_economic.code, lengths)


def test_fixture_is_the_published_unit_document(baoji):
    assert baoji.title == "宝鸡市人民政府口岸办公室2023年单位综合预算"
    assert baoji.amount_unit == "万元"
    assert baoji.organisation.code == "402002"
    assert baoji.organisation.parent.code == "402"
    assert baoji.organisation.region.full_name == "陕西省宝鸡市"
    assert Document.published.filter(pk=baoji.pk).exists()


def test_fixture_loads_again_without_duplicates(baoji):
    call_command("loaddata", "templates", "baoji_2023", verbosity=0)
    assert Document.objects.count() == 1
    assert baoji.functionexpenditures.count() == 5


def test_fixture_has_no_floats_and_pks_below_1000():
    """Amounts are decimal strings (never JSON floats); explicit pks leave room above 999
    for fixtures loaded on top of this one."""

    def refuse_float(text):
        raise AssertionError(f"float in fixture: {text}")

    path = settings.BASE_DIR / "fixtures" / "baoji_2023.json"
    objects = json.loads(path.read_text(encoding="utf-8"), parse_float=refuse_float)
    pks = [obj["pk"] for obj in objects if "pk" in obj]
    assert pks and all(1 <= pk <= 999 for pk in pks)


def test_table_5_general_public_by_function(function_lines):
    rows = by_function(arithmetic.general_public(function_lines))
    total = arithmetic.split_of(arithmetic.general_public(function_lines))
    columns = ("total", "personnel", "running", "project")
    assert cells(total, *columns) == ("190.57", "122.11", "4.00", "64.46")
    printed = {
        "201": ("173.00", "104.54", "4.00", "64.46"),
        "20103": ("173.00", "104.54", "4.00", "64.46"),
        "2010350": ("108.54", "104.54", "4.00", None),
        "2010399": ("64.46", None, None, "64.46"),
        "208": ("11.43", "11.43", None, None),
        "20805": ("11.43", "11.43", None, None),
        "2080505": ("11.43", "11.43", None, None),
        "210": ("6.14", "6.14", None, None),
        "21011": ("6.14", "6.14", None, None),
        "2101102": ("6.14", "6.14", None, None),
    }
    assert {code: cells(split, *columns) for code, split in rows.items()} == printed


def test_table_6_general_public_by_economic(economic_lines):
    lines = arithmetic.general_public(economic_lines)
    rows = by_dept_economic(lines)
    columns = ("total", "personnel", "running", "project")
    assert cells(arithmetic.split_of(lines), *columns) == ("190.57", "122.11", "4.00", "64.46")
    printed = {
        "301": ("130.15", "122.09", None, "8.06"),
        "30101": ("45.06", "45.06", None, None),
        "30102": ("2.40", "2.40", None, None),
        "30107": ("64.09", "56.03", None, "8.06"),
        "30108": ("11.43", "11.43", None, None),
        "30110": ("6.14", "6.14", None, None),
        "30199": ("1.03", "1.03", None, None),
        "302": ("60.40", None, "4.00", "56.40"),
        "30201": ("15.30", None, "0.30", "15.00"),
        "30203": ("5.00", None, None, "5.00"),
        "30207": ("6.30", None, "0.30", "6.00"),
        "30211": ("3.60", None, "0.60", "3.00"),
        "30217": ("0.40", None, "0.40", None),
        "30227": ("10.00", None, None, "10.00"),
        "30228": ("2.40", None, "2.40", None),
        "30239": ("9.00", None, None, "9.00"),
        "30299": ("8.40", None, None, "8.40"),
        "303": ("0.02", "0.02", None, None),
        "30309": ("0.02", "0.02", None, None),
    }
    assert {code: cells(split, *columns) for code, split in rows.items()} == printed


def test_table_6_prints_the_government_code_beside_each_kuan(economic_lines):
    beside = {
        (line.dept_economic.code, line.gov_economic.code, line.gov_economic.name)
        for line in economic_lines
    }
    wages = "50501", "工资福利支出"
    goods = "50502", "商品和服务支出"
    printed = {
        ("30101", *wages),
        ("30102", *wages),
        ("30107", *wages),
        ("30108", *wages),
        ("30110", *wages),
        ("30199", *wages),
        ("30201", *goods),
        ("30203", *goods),
        ("30207", *goods),
        ("30211", *goods),
        ("30217", *goods),
        ("30227", *goods),
        ("30228", *goods),
        ("30239", *goods),
        ("30299", *goods),
        ("30309", "50901", "社会福利和救助"),
    }
    assert beside == printed


def test_table_7_basic_by_function(function_lines):
    basic = arithmetic.basic_only(arithmetic.general_public(function_lines))
    columns = ("basic", "personnel", "running")
    assert cells(arithmetic.split_of(basic), *columns) == ("126.11", "122.11", "4.00")
    rows = {code: cells(split, *columns) for code, split in by_function(basic).items()}
    assert rows == {
        "201": ("108.54", "104.54", "4.00"),
        "20103": ("108.54", "104.54", "4.00"),
        "2010350": ("108.54", "104.54", "4.00"),
        "208": ("11.43", "11.43", None),
        "20805": ("11.43", "11.43", None),
        "2080505": ("11.43", "11.43", None),
        "210": ("6.14", "6.14", None),
        "21011": ("6.14", "6.14", None),
        "2101102": ("6.14", "6.14", None),
    }
    # 2010399 is printed with blank cells: it has no basic spending.
    assert "2010399" not in rows


def test_table_8_basic_by_economic(economic_lines):
    basic = arithmetic.basic_only(arithmetic.general_public(economic_lines))
    columns = ("basic", "personnel", "running")
    assert cells(arithmetic.split_of(basic), *columns) == ("126.11", "122.11", "4.00")
    rows = {code: cells(split, *columns) for code, split in by_dept_economic(basic).items()}
    assert rows == {
        "301": ("122.09", "122.09", None),
        "30101": ("45.06", "45.06", None),
        "30102": ("2.40", "2.40", None),
        "30107": ("56.03", "56.03", None),
        "30108": ("11.43", "11.43", None),
        "30110": ("6.14", "6.14", None),
        "30199": ("1.03", "1.03", None),
        "302": ("4.00", None, "4.00"),
        "30201": ("0.30", None, "0.30"),
        "30207": ("0.30", None, "0.30"),
        "30211": ("0.60", None, "0.60"),
        "30217": ("0.40", None, "0.40"),
        "30228": ("2.40", None, "2.40"),
        "303": ("0.02", "0.02", None),
        "30309": ("0.02", "0.02", None),
    }


def test_table_1_summary(baoji, function_lines, economic_lines):
    revenue = arithmetic.by_source(baoji.revenuelines.all())
    assert {source: wan(amount) for source, amount in revenue.items()} == {
        "general_public": "190.57"
    }
    assert wan(arithmetic.fiscal_total(revenue)) == "190.57"  # 1、财政拨款
    assert wan(arithmetic.total_of(revenue.values())) == "190.57"  # 本年收入合计

    classes = by_function(function_lines, lengths=(3,))
    assert {code: wan(split.total) for code, split in classes.items()} == {
        "201": "173.00",  # 一般公共服务支出
        "208": "11.43",  # 社会保障和就业支出
        "210": "6.14",  # 卫生健康支出
    }
    assert wan(arithmetic.split_of(function_lines).total) == "190.57"  # 本年支出合计

    economic = by_dept_economic(economic_lines, lengths=(3,))
    assert wan(arithmetic.split_of(economic_lines).basic) == "126.11"  # 人员经费和公用经费支出
    assert {code: wan(split.basic) for code, split in economic.items()} == {
        "301": "122.09",  # (1)工资福利支出
        "302": "4.00",  # (2)商品和服务支出
        "303": "0.02",  # (3)对个人和家庭的补助
    }
    assert wan(arithmetic.split_of(economic_lines).project) == "64.46"  # 专项业务经费支出
    assert {code: wan(split.project) for code, split in economic.items()} == {
        "301": "8.06",  # (1)工资福利支出
        "302": "56.40",  # (2)商品和服务支出
        "303": None,  # (3)对个人和家庭补助: blank
    }

    government = arithmetic.rollup(economic_lines, lambda line: line.gov_economic.code, (3,))
    assert {code: wan(split.total) for code, split in government.items()} == {
        "505": "190.55",  # 对事业单位经常性补助
        "509": "0.02",  # 对个人和家庭的补助
    }


def test_tables_2_to_4_revenue_and_expenditure_by_source(baoji, function_lines):
    revenue = arithmetic.by_source(baoji.revenuelines.all())
    spending = arithmetic.by_source(function_lines)
    # 表2 收入总表 and 表3 支出总表: 合计 and 一般公共预算拨款 190.57, nothing else.
    assert {source: wan(amount) for source, amount in spending.items()} == {
        "general_public": "190.57"
    }
    # 表4 财政拨款收支总表.
    assert wan(arithmetic.fiscal_total(revenue)) == "190.57"
    assert wan(arithmetic.fiscal_total(spending)) == "190.57"


def test_table_10_projects(baoji):
    projects = list(baoji.projects.all())
    assert [(p.name, wan(p.amount)) for p in projects] == [
        ("2023年度本级专项口岸办年度绩效考核奖", "8.06"),
        ("2023年度本级专项口岸业务经费", "56.40"),
    ]
    assert wan(arithmetic.total_of(p.amount for p in projects)) == "64.46"
    assert {(p.category, p.subcategory) for p in projects} == {("专用项目", "政府履职专项")}


def test_table_12_restricted_spending(baoji):
    prior = baoji.restrictedspendings.get(period="prior")
    current = baoji.restrictedspendings.get(period="current")

    def shown(amount):
        return from_yuan(amount, "万元")

    assert shown(arithmetic.restricted_total(prior)) == Decimal("0.5")
    assert shown(arithmetic.three_public_total(prior)) == Decimal("0.5")
    assert shown(prior.reception) == Decimal("0.5")
    assert shown(arithmetic.restricted_total(current)) == Decimal("0.4")
    assert shown(arithmetic.three_public_total(current)) == Decimal("0.4")
    assert shown(current.reception) == Decimal("0.4")
    change = arithmetic.change(
        arithmetic.restricted_total(prior), arithmetic.restricted_total(current)
    )
    assert str(from_yuan(change, "万元")) == "-0.10"
    # Blank cells stay blank, not zero.
    assert prior.meetings is None and current.training is None
    assert arithmetic.vehicle_total(current) is None


def test_table_9_and_11_are_empty_tables_with_their_notes(baoji):
    notes = {note.table.number: note.note for note in baoji.tablenotes.all() if note.note}
    assert notes == {"表9": "本单位不涉及。", "表11": "本单位不涉及"}
    assert not baoji.procurements.exists()
    assert not baoji.procurementitems.exists()


def test_printed_titles_that_differ_from_the_template(baoji):
    titles = {note.table.number: note.title for note in baoji.tablenotes.all()}
    assert titles["表5"] == "单位综合预算一般公共预算支出明细表（按支出功能分类科目）"
    assert titles["表8"] == "单位综合预算一般公共预算基本支出明细表（支出经济分类科目）"
    assert titles["表12"] == "单位综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表"


def test_table_13_to_15_targets(baoji):
    sets = {target_set.kind: target_set for target_set in baoji.target_sets.all()}
    project, unit, fund = sets["project"], sets["unit_overall"], sets["special_fund"]

    tasks = list(unit.tasks.all())
    assert [wan(task.total) for task in tasks] == ["11.00", "10.00", "25.40", "10.00", "8.06"]
    assert wan(arithmetic.total_of(task.total for task in tasks)) == "64.46"  # 金额合计
    assert wan(arithmetic.total_of(task.fiscal for task in tasks)) == "64.46"

    assert (wan(project.period_total), wan(project.period_fiscal)) == ("64.46", "64.46")
    assert fund.period == "一年"
    assert [wan(fund.period_total), wan(fund.annual_total)] == ["64.46", "64.46"]

    # Nine indicators each (指标1 of every 二级指标);
    # 表14 prints 效果显著 where 表13 and 表15 print 成效显著.
    for target_set, benefit in ((project, "成效显著"), (unit, "效果显著"), (fund, "成效显著")):
        indicators = {(i.level2, i.content): i.value for i in target_set.indicators.all()}
        assert len(indicators) == 9
        assert indicators[("economic", "促进地方经济发展")] == benefit
        assert indicators[("beneficiary", "外贸企业满意度")] == "大于99%"

    assert project.goals.filter(horizon="period").count() == 4
    assert unit.goals.filter(horizon="annual").count() == 4
    assert fund.goals.get(horizon="annual", number=4).text == "完成本年度职工绩效考核保障工作。"
    assert fund.goals.get(horizon="period", number=4).text == "做好职工绩效考核保障工作。"


def test_profile(baoji):
    profile = Profile.objects.get(organisation=baoji.organisation, year=2023)
    assert (
        profile.staff_authorised,
        profile.staff_authorised_institution,
        profile.staff_actual,
        profile.staff_actual_institution,
        profile.retirees,
    ) == (10, 10, 8, 8, 4)
    assert (profile.vehicles, profile.equipment_count) == (0, 0)
    assert wan(profile.equipment_threshold) == "20.00"
    assert profile.items.filter(kind="duty").count() == 7
    assert profile.items.filter(kind="priority").count() == 8
    assert profile.items.get(kind="duty", number=7).text == "完成市政府办公室交办的其他工作。"


def test_narrative_figures_as_stated(baoji):
    """The narrative's own figures, kept as printed (190.6, 0.018) rather than corrected."""

    def stated(topic, subject):
        statement = baoji.statements.get(topic=topic, subject=subject)
        return from_yuan(statement.amount, "万元", places=3), statement

    amount, _ = stated("expenditure", "预算支出")
    assert amount == Decimal("190.6")
    amount, _ = stated("economic:303", "对个人和家庭的补助支出（303）")
    assert amount == Decimal("0.018")
    amount, three_public = stated("three_public", "一般公共预算“三公”经费预算支出")
    assert amount == Decimal("0.4")
    assert from_yuan(three_public.signed_change, "万元") == Decimal("-0.1")
    assert three_public.change_percent == Decimal("20")
    amount, running = stated("public_running", "公用经费")
    assert amount == Decimal("4")
    assert from_yuan(running.signed_change, "万元") == Decimal("-0.5")
    assert baoji.statements.get(topic="function:2010350").signed_change == Decimal("136900")


def test_narrative_restates_table_figures(baoji, economic_lines, function_lines):
    """Where the narrative repeats a table figure exactly, the two agree."""
    economic = by_dept_economic(economic_lines, lengths=(3,))
    for code in ("301", "302"):
        statement = baoji.statements.get(topic=f"economic:{code}")
        assert statement.amount == economic[code].total
    projects = by_function(function_lines, lengths=(7,))["2010399"]
    assert baoji.statements.get(topic="function:2010399").amount == projects.total
    current = baoji.restrictedspendings.get(period="current")
    assert baoji.statements.get(topic="three_public").amount == arithmetic.three_public_total(
        current
    )
    assert (
        baoji.statements.get(topic="public_running").amount
        == arithmetic.split_of(function_lines).running
    )
    assert Statement.objects.filter(document=baoji, topic="procurement").get().amount is None


def test_document_agrees_with_itself(baoji, function_lines, economic_lines):
    problems = arithmetic.check_document(
        list(baoji.revenuelines.all()), function_lines, economic_lines
    )
    assert problems == []
