"""The official tables derived from facts (disclosures/tables.py).

Baoji figures are typed by hand from 宝鸡市人民政府口岸办公室2023年单位综合预算 (万元).
"""

from decimal import Decimal

import pytest

from budgets.disclosures import tables
from budgets.disclosures.money import from_yuan

pytestmark = pytest.mark.django_db


def printed(cell, unit="万元"):
    """A cell as the document prints it."""
    if cell is None:
        return None
    if isinstance(cell, Decimal):
        return str(from_yuan(cell, unit))
    return str(cell)


def grid(table, unit="万元"):
    return [[printed(cell, unit) for cell in row.cells] for row in table.rows]


def row_starting(table, first, unit="万元"):
    for cells in grid(table, unit):
        if cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in {table.number}")


@pytest.fixture
def baoji_tables(baoji_document):
    return {
        table.number: table for table in tables.published_tables(tables.load_facts(baoji_document))
    }


def test_baoji_has_fifteen_tables_in_published_order(baoji_tables):
    assert list(baoji_tables) == [f"表{n}" for n in range(1, 16)]
    assert baoji_tables["表1"].title == "单位综合预算收支总表"
    # The printed title (TableNote) wins over the template's.
    assert baoji_tables["表8"].title == "单位综合预算一般公共预算基本支出明细表（支出经济分类科目）"
    assert all(table.amount_unit == "万元" for table in baoji_tables.values())


def test_baoji_summary_lists_every_fixed_row(baoji_tables):
    rows = grid(baoji_tables["表1"])
    assert rows[0] == ["一、部门预算", "190.57"] * 4
    functions = [cells[2].strip() for cells in rows if cells[2]]
    assert "24、其他支出" in functions and "2、外交支出" in functions
    assert rows[1][2:4] == ["  1、一般公共服务支出", "173.00"]
    assert rows[1][4:6] == ["  1、人员经费和公用经费支出", "126.11"]
    assert rows[2][4:6] == ["    (1)工资福利支出", "122.09"]
    assert rows[7][4:6] == ["    (1)工资福利支出", "8.06"]
    assert rows[8][4:6] == ["    (2)商品和服务支出", "56.40"]
    assert rows[5][6:8] == ["  5、对事业单位经常性补助", "190.55"]
    assert rows[9][6:8] == ["  9、对个人和家庭的补助", "0.02"]
    assert rows[2][2:4] == ["  2、外交支出", None]  # printed empty, never 0
    assert rows[-1] == ["收入总计", "190.57"] + ["支出总计", "190.57"] * 3


def test_baoji_function_detail(baoji_tables):
    table = baoji_tables["表5"]
    assert row_starting(table, "合计")[2:6] == ["190.57", "122.11", "4.00", "64.46"]
    assert row_starting(table, "2010350")[1:6] == ["事业运行", "108.54", "104.54", "4.00", None]
    assert row_starting(table, "2010399")[2:6] == ["64.46", None, None, "64.46"]
    basic = baoji_tables["表7"]
    assert row_starting(basic, "合计")[2:5] == ["126.11", "122.11", "4.00"]
    # 表7 keeps the 项 that has only project spending, with blank figures.
    assert row_starting(basic, "2010399")[2:5] == [None, None, None]


def test_baoji_economic_detail(baoji_tables):
    table = baoji_tables["表6"]
    assert row_starting(table, "301")[4:8] == ["130.15", "122.09", None, "8.06"]
    assert row_starting(table, "30107")[2:8] == [
        "50501",
        "工资福利支出",
        "64.09",
        "56.03",
        None,
        "8.06",
    ]
    assert row_starting(table, "30309")[2:5] == ["50901", "社会福利和救助", "0.02"]
    basic = baoji_tables["表8"]
    assert row_starting(basic, "30203")[4:7] == [None, None, None]
    assert row_starting(basic, "302")[4:7] == ["4.00", None, "4.00"]


def test_baoji_projects_restricted_and_empty_tables(baoji_tables):
    projects = grid(baoji_tables["表10"])
    assert projects[0][:3] == ["合计", "", "64.46"]
    assert ["", "2023年度本级专项口岸办年度绩效考核奖", "8.06", "2023年度绩效考核"] in projects
    restricted = row_starting(baoji_tables["表12"], "402002")
    prior, current, change = restricted[2:11], restricted[11:20], restricted[20:29]
    assert prior[:4] == ["0.50", "0.50", None, "0.50"]
    assert current[:4] == ["0.40", "0.40", None, "0.40"]
    assert change[:4] == ["-0.10", "-0.10", None, "-0.10"]
    assert baoji_tables["表9"].note == "本单位不涉及。"
    assert not baoji_tables["表9"].has_figures
    assert baoji_tables["表11"].rows == [] and baoji_tables["表11"].note == "本单位不涉及"


def test_baoji_performance_targets_as_published(baoji_tables):
    unit_overall = grid(baoji_tables["表14"])
    assert ["任务3", "支持宝鸡港务区口岸功能建设", "25.40", "25.40", None] in unit_overall
    assert ["金额合计", "", "64.46", "64.46", None] in unit_overall
    special = grid(baoji_tables["表15"])
    assert ["实施期限", "一年"] in special
    assert ["满意度指标", "服务对象满意度指标", "指标1：外贸企业满意度", "大于99%", ""] in special
    project = grid(baoji_tables["表13"])
    assert ["项目名称", "口岸办业务工作经费"] in project
    assert baoji_tables["表13"].form


def test_shanghai_nine_tables(putuo):
    facts = tables.load_facts(putuo.unit_2025)
    published = tables.published_tables(facts)
    assert [table.number for table in published] == [str(n) for n in range(1, 10)]
    summary, revenue, expenditure = published[0], published[1], published[2]
    # A unit's 财务收支预算总表 prints the 人员/公用/项目 split where it is published.
    assert [column.name for column in summary.columns][3:] == [
        "预算数合计",
        "基本支出人员经费",
        "基本支出公用经费",
        "项目支出",
    ]
    assert grid(summary, "元")[0] == [
        "一、财政拨款收入",
        "700000.00",
        "一、一般公共服务支出",
        "700000.00",
        "350000.00",
        "50000.00",
        "300000.00",
    ]
    assert grid(revenue, "元")[-1][:4] == ["合计", "", "700000.00", "700000.00"]
    assert grid(expenditure, "元")[0][:5] == [
        "201",
        "一般公共服务支出",
        "700000.00",
        "400000.00",
        "300000.00",
    ]
    # Codes are kept whole; the HTML splits them into 类/款/项 columns.
    assert expenditure.columns[0].code_parts == (3, 2, 2)
    assert isinstance(expenditure.rows[2].cells[0], tables.Code)
    assert expenditure.rows[2].cells[0].code == "2010350"


def test_shanghai_department_summary_has_one_amount_column(putuo):
    facts = tables.load_facts(putuo.dept_2025)
    published = {table.position: table for table in tables.published_tables(facts)}
    assert published[1].column_names == ["收入项目", "收入预算数", "支出项目", "支出预算数"]
    assert published[2].title == "2025年部门收入预算总表"
    assert published[6].note.startswith("注:本部门2025年无政府性基金")
    assert published[6].rows[-1].cells[2] is None  # 合计 of an empty table is blank
    restricted = published[9]
    assert restricted.amount_unit == "万元"  # fixed by the template
    assert grid(restricted, "万元")[0] == ["1.50", "1.00", "0.50", None, None, None, "15.00"]
    economic = grid(published[8], "元")
    assert economic[-1] == ["合计", "", "1450000.00", "1300000.00", "150000.00"]
