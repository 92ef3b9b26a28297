"""The 上海 importer's checks (``checks.check_*``, ``narrative_checks.check_narrative``,
``names.match_classes``) on a small document built here from the importer's own Table and
Row objects, as if read from a PDF: every table agrees with itself and the others, then one
printed figure at a time is changed and the exact findings are compared. No PDF, database
or browser; scripts/mutation.sh runs these against the mutants of the checks."""

from decimal import Decimal
from types import SimpleNamespace

from budgets.disclosures.arithmetic import Disagreement
from budgets.families.shanghai_budget import checks, derive, names, narrative_checks
from budgets.families.shanghai_budget.document import ParsedDocument, wan_rounded
from budgets.importers.narrative import Narrative
from budgets.importers.tables import Row, Table

D = Decimal
TITLES = {
    "1": "财务收支预算总表",
    "2": "收入预算总表",
    "3": "支出预算总表",
    "4": "财政拨款收支预算总表",
    "5": "一般公共预算支出功能分类预算表",
    "6": "政府性基金预算支出功能分类预算表",
    "7": "国有资本经营预算支出功能分类预算表",
    "8": "一般公共预算基本支出部门预算经济分类预算表",
    "9": "“三公”经费和机关运行经费预算表",
}
CODE_COLUMNS = ["class", "item", "sub", "name"]


def wan(amount):
    """A figure given in 万元 (as the tests write it), in 元 as the importer stores it."""
    return None if amount is None else D(str(amount)) * 10000


def amounts(**figures):
    return {key: wan(value) for key, value in figures.items()}


def row(code, name, **figures):
    return Row(code, name, amounts(**figures), page=2)


def table(number, columns, rows=(), total=None, left=(), left_total=None, **kwargs):
    return Table(
        number=number,
        template_title=TITLES[number],
        title=TITLES[number],
        unit="万元" if number == "9" else "元",
        columns=columns,
        rows=list(rows),
        total=total,
        left=list(left),
        left_total=left_total,
        places=kwargs.pop("places", {2}),
        **kwargs,
    )


FUNCTIONS = [
    ("201", "一般公共服务支出"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"),
    ("2010350", "事业运行"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("212", "城乡社区支出"),
    ("21208", "国有土地使用权出让收入安排的支出"),
    ("2120801", "征地和拆迁补偿支出"),
]


def function_rows(figures_by_code, columns):
    """Rows of every function code with figures, as (total, basic, project) or the like."""
    return [
        row(code, name, **dict(zip(columns, figures_by_code[code], strict=True)))
        for code, name in FUNCTIONS
        if code in figures_by_code
    ]


#: 一般公共预算 by function code: (合计, 基本支出, 项目支出) in 万元.
GENERAL_PUBLIC = {
    "201": (150, 100, 50),
    "20103": (150, 100, 50),
    "2010301": (100, 100, None),
    "2010350": (50, None, 50),
    "208": (20, 20, None),
    "20805": (20, 20, None),
    "2080505": (20, 20, None),
}
GOVERNMENT_FUND = {"212": (30, None, 30), "21208": (30, None, 30), "2120801": (30, None, 30)}
#: Spending of every source: 事业收入 adds 10 of project spending under 2010301.
SPENDING = {
    **GENERAL_PUBLIC,
    **GOVERNMENT_FUND,
    "201": (160, 100, 60),
    "20103": (160, 100, 60),
    "2010301": (110, 100, 10),
}
BASIC_PROJECT = ["total", "basic", "project"]
TWO_SIDED = ["name", "total", "name", "total"]


def tables():
    """The nine tables of a department that agrees with itself, figures in 万元.

    一般公共预算: 2010301 basic 100, 2010350 project 50, 2080505 basic 20; 政府性基金:
    2120801 project 30; 事业收入: 10 more project spending under 2010301. 表8 splits the
    120 of basic 一般公共预算 into 人员经费 80 and 公用经费 40."""
    return {**summary_tables(), **function_tables(), **other_tables()}


def summary_tables():
    """表1 and 表4."""
    return {
        "1": table(
            "1",
            TWO_SIDED,
            rows=[
                row("", "一般公共服务支出", total=160),
                row("", "社会保障和就业支出", total=20),
                row("", "城乡社区支出", total=30),
            ],
            total=amounts(total=210),
            left=[
                row("", "财政拨款收入", total=200),
                row("", "一般公共预算资金", total=170),
                row("", "政府性基金", total=30),
                row("", "国有资本经营预算", total=None),
                row("", "事业收入", total=10),
                row("", "事业单位经营收入", total=None),
                row("", "其他收入", total=None),
            ],
            left_total=amounts(total=210),
        ),
        "4": table(
            "4",
            TWO_SIDED + ["general_public", "government_fund", "state_capital"],
            rows=[
                row("", "一般公共服务支出", total=150, general_public=150),
                row("", "社会保障和就业支出", total=20, general_public=20),
                row("", "城乡社区支出", total=30, government_fund=30),
            ],
            total=amounts(total=200, general_public=170, government_fund=30),
            left=[
                row("", "一般公共预算资金", total=170),
                row("", "政府性基金", total=30),
                row("", "国有资本经营预算", total=None),
            ],
            left_total=amounts(total=200),
        ),
    }


def function_tables():
    """表2, 表3 and 表5–7."""
    revenue = {
        code: (total, total - (10 if code in ("201", "20103", "2010301") else 0))
        for code, (total, _basic, _project) in SPENDING.items()
    }
    revenue = {
        code: (total, fiscal, total - fiscal or None) for code, (total, fiscal) in revenue.items()
    }
    return {
        "2": table(
            "2",
            CODE_COLUMNS + ["total", "fiscal", "operating"],
            function_rows(revenue, ["total", "fiscal", "operating"]),
            total=amounts(total=210, fiscal=200, operating=10),
        ),
        "3": table(
            "3",
            CODE_COLUMNS + BASIC_PROJECT,
            function_rows(SPENDING, BASIC_PROJECT),
            total=amounts(total=210, basic=120, project=90),
        ),
        "5": table(
            "5",
            CODE_COLUMNS + BASIC_PROJECT,
            function_rows(GENERAL_PUBLIC, BASIC_PROJECT),
            total=amounts(total=170, basic=120, project=50),
        ),
        "6": table(
            "6",
            CODE_COLUMNS + BASIC_PROJECT,
            function_rows(GOVERNMENT_FUND, BASIC_PROJECT),
            total=amounts(total=30, project=30),
        ),
        "7": table(
            "7", CODE_COLUMNS + BASIC_PROJECT, note="本单位无国有资本经营预算，故本表为空表。"
        ),
    }


def other_tables():
    """表8 and 表9."""
    return {
        "8": table(
            "8",
            ["class", "item", "name", "total", "personnel", "running"],
            [
                row("301", "工资福利支出", total=80, personnel=80),
                row("30101", "基本工资", total=80, personnel=80),
                row("302", "商品和服务支出", total=40, running=40),
                row("30201", "办公费", total=40, running=40),
            ],
            total=amounts(total=120, personnel=80, running=40),
        ),
        "9": table(
            "9",
            [
                "total",
                "outbound_travel",
                "reception",
                "vehicle_total",
                "vehicle_purchase",
                "vehicle_operation",
                "administrative_running",
            ],
            [
                row(
                    "",
                    "",
                    total=7,
                    outbound_travel=1,
                    reception=2,
                    vehicle_total=4,
                    vehicle_purchase=1,
                    vehicle_operation=3,
                    administrative_running=50,
                )
            ],
        ),
    }


def document(narrative=None, **changed):
    """A ParsedDocument of ``tables()``, with the tables in ``changed`` (t1=…) put in."""
    all_tables = tables()
    for name, replacement in changed.items():
        all_tables[name.removeprefix("t")] = replacement
    return ParsedDocument(
        sha256="0" * 64,
        created_on=None,
        cover=SimpleNamespace(city="上海市", district="普陀区", owner="测试局", year=2025),
        regions=[],
        tables=all_tables,
        narrative=narrative or Narrative(),
    )


def checked(doc):
    """Run the importer's steps after reading, in its order."""
    checks.check_units(doc)
    names.collect_names(doc)
    names.match_classes(doc)
    checks.check_tables(doc)
    derive.derive_facts(doc)
    checks.check_facts(doc)
    narrative_checks.check_narrative(doc)
    return doc


def change(doc, number, code, **figures):
    """Change printed figures (万元) of one row of a table: by code, by name, or 合计."""
    target = doc.tables[number]
    if code == "合计":
        target.total.update(amounts(**figures))
        return
    if code == "左合计":
        target.left_total.update(amounts(**figures))
        return
    for printed in target.rows + target.left:
        if printed.code == code or (not printed.code and code in printed.name):
            printed.amounts.update(amounts(**figures))
            return
    raise AssertionError(f"no row {code} in table {number}")


def problem(number, row_label, message, rounding=False):
    return Disagreement(TITLES.get(number, number), row_label, message, rounding)


# The agreeing document.


def test_an_agreeing_document_has_no_findings():
    doc = checked(document())
    assert doc.errors == []
    assert doc.warnings == []


def test_the_facts_derived_from_an_agreeing_document():
    doc = checked(document())
    expenditure = sorted(
        (line.code, line.source, line.expense_type, line.amount) for line in doc.expenditure
    )
    assert expenditure == [
        ("2010301", "general_public", "basic", wan(100)),
        ("2010301", "operating", "project", wan(10)),
        ("2010350", "general_public", "project", wan(50)),
        ("2080505", "general_public", "basic", wan(20)),
        ("2120801", "government_fund", "project", wan(30)),
    ]
    assert sum(line.amount for line in doc.revenue) == wan(210)
    assert doc.restricted["administrative_running"] == wan(50)


# Each table against itself.


def test_check_units_warns_of_a_table_in_another_unit():
    doc = document()
    doc.tables["3"].unit = "万元"
    doc.tables["9"].unit = "元"
    doc.tables["8"].unit = ""
    checks.check_units(doc)
    assert doc.warnings == [
        problem("3", "", "提示：本表金额单位为万元，已按万元换算为元。"),
        problem("9", "", "提示：本表金额单位为元，已按元换算为元。"),
    ]
    assert doc.errors == []


def test_check_tables_level_sums():
    doc = document()
    change(doc, "3", "20103", total=161, basic=101)
    checks.check_tables(doc)
    office = "20103 政府办公厅（室）及相关机构事务"
    assert doc.errors == [
        problem("3", "201 一般公共服务支出", "合计 1600000 元 ≠ 下级科目之和 1610000 元"),
        problem("3", "201 一般公共服务支出", "基本支出 1000000 元 ≠ 下级科目之和 1010000 元"),
        problem("3", office, "合计 1610000 元 ≠ 下级科目之和 1600000 元"),
        problem("3", office, "基本支出 1010000 元 ≠ 下级科目之和 1000000 元"),
    ]


def test_check_tables_total_row_and_parts():
    doc = document()
    change(doc, "5", "合计", total=171)
    change(doc, "8", "30201", total=41)
    checks.check_tables(doc)
    assert doc.errors == [
        problem("5", "合计", "合计 1710000 元 ≠ 各行之和 1700000 元"),
        problem("5", "合计", "合计 1710000 元 ≠ 基本支出+项目支出 1700000 元"),
        problem("8", "302 商品和服务支出", "合计 400000 元 ≠ 下级科目之和 410000 元"),
        problem("8", "30201 办公费", "合计 410000 元 ≠ 人员经费+公用经费 400000 元"),
    ]


def test_check_tables_wrong_code_length_skips_the_table():
    doc = document()
    doc.tables["6"].rows.append(row("2120", "四位编码", total=1))
    doc.tables["8"].rows.append(row("3010101", "七位编码", total=1))
    checks.check_tables(doc)
    assert doc.errors == [
        problem("6", "2120 四位编码", "科目编码位数不对"),
        problem("8", "3010101 七位编码", "科目编码位数不对"),
    ]


def test_check_tables_rounding_in_whole_yuan_documents():
    doc = document()
    for printed in doc.tables.values():
        printed.places = {0}
    doc.tables["3"].rows[1].amounts["total"] += 1  # 20103: 1,600,001 元 printed
    checks.check_tables(doc)
    # Off by 1 元 from two 项 or two columns: rounding; from its one 款: not.
    office = "20103 政府办公厅（室）及相关机构事务"
    assert doc.errors == [
        problem("3", "201 一般公共服务支出", "合计 1600000 元 ≠ 下级科目之和 1600001 元"),
        problem("3", office, "合计 1600001 元 ≠ 下级科目之和 1600000 元（整数元舍入差异）", True),
        problem(
            "3", office, "合计 1600001 元 ≠ 基本支出+项目支出 1600000 元（整数元舍入差异）", True
        ),
    ]
    doc = document()
    doc.tables["3"].rows[1].amounts["total"] += 1
    checks.check_tables(doc)
    assert [found.rounding for found in doc.errors] == [False, False, False]


def test_check_tables_no_total_row():
    doc = document()
    doc.tables["6"].total = None
    change(doc, "6", "2120801", total=31)
    checks.check_tables(doc)
    assert doc.errors == [
        problem(
            "6", "21208 国有土地使用权出让收入安排的支出", "合计 300000 元 ≠ 下级科目之和 310000 元"
        ),
        problem("6", "2120801 征地和拆迁补偿支出", "合计 310000 元 ≠ 基本支出+项目支出 300000 元"),
    ]


def test_check_two_sided_summary():
    doc = document()
    change(doc, "1", "财政拨款收入", total=201)
    change(doc, "1", "左合计", total=212)
    change(doc, "1", "合计", total=209)
    checks.check_two_sided(doc, doc.tables["1"])
    assert doc.errors == [
        problem("1", "财政拨款收入", "印出 2010000 元 ≠ 三项之和 2000000 元"),
        problem("1", "收入总计", "印出 2120000 元 ≠ 各项之和 2110000 元"),
        problem("1", "支出总计", "合计 2090000 元 ≠ 各行之和 2100000 元"),
        problem("1", "收入总计与支出总计", "收入 2120000 元 ≠ 支出 2090000 元"),
    ]


def test_check_two_sided_unknown_revenue_row():
    doc = document()
    doc.tables["1"].left.append(row("", "上级补助收入（新）", total=5))
    doc.tables["1"].left.append(row("", "说明行", total=None))
    checks.check_two_sided(doc, doc.tables["1"])
    assert doc.errors == [problem("1", "上级补助收入（新）", "无法识别的收入项目")]


def test_check_two_sided_fiscal_summary_columns():
    doc = document()
    change(doc, "4", "城乡社区支出", total=31)
    change(doc, "4", "合计", general_public=171)
    change(doc, "4", "一般公共预算资金", total=171)
    checks.check_two_sided(doc, doc.tables["4"])
    assert doc.errors == [
        problem("4", "收入总计", "印出 2000000 元 ≠ 各项之和 2010000 元"),
        problem("4", "支出总计", "合计 2000000 元 ≠ 各行之和 2010000 元"),
        problem("4", "支出总计", "一般公共预算 1710000 元 ≠ 各行之和 1700000 元"),
        problem(
            "4",
            "城乡社区支出",
            "合计 310000 元 ≠ 一般公共预算+政府性基金预算+国有资本经营预算 300000 元",
        ),
        problem(
            "4",
            "支出总计",
            "合计 2000000 元 ≠ 一般公共预算+政府性基金预算+国有资本经营预算 2010000 元",
        ),
    ]


def test_check_two_sided_without_totals():
    doc = document()
    doc.tables["4"].total = None
    doc.tables["4"].left_total = None
    checks.check_two_sided(doc, doc.tables["4"])
    assert doc.errors == [
        problem("4", "收入总计", "印出 0 元 ≠ 各项之和 2000000 元"),
        problem("4", "支出总计", "合计 0 元 ≠ 各行之和 2000000 元"),
        problem("4", "支出总计", "一般公共预算 0 元 ≠ 各行之和 1700000 元"),
        problem("4", "支出总计", "政府性基金预算 0 元 ≠ 各行之和 300000 元"),
    ]


def test_check_restricted_table():
    doc = document()
    change(doc, "9", "", total=8, vehicle_total=5)
    checks.check_restricted_table(doc)
    assert doc.errors == [
        problem("9", "", "公务用车购置及运行费 50000 元 ≠ 公务用车购置费+公务用车运行费 40000 元")
    ]
    doc = document()
    change(doc, "9", "", total=8, vehicle_total=5)
    doc.tables["9"].rows.append(row("", "", total=1))
    doc.tables["9"].note = "本表为空表。"
    checks.check_restricted_table(doc)
    assert doc.errors == [
        problem("9", "", "本表应只有一行数字"),
        problem("9", "", "公务用车购置及运行费 50000 元 ≠ 公务用车购置费+公务用车运行费 40000 元"),
    ]
    assert doc.warnings == [
        problem("9", "", "提示：表注称本表为空表，但表中印有数字；已按印出的数字导入，并保留表注。")
    ]
    empty = document()
    empty.tables["9"].rows = []
    empty.tables["9"].note = "本表为空表。"
    checks.check_restricted_table(empty)
    assert (empty.errors, empty.warnings) == ([], [])


def test_check_tables_reports_a_misprinted_class_code():
    doc = document()
    doc.tables["5"].rows[2].printed_code = "2O1 03 01"
    checks.check_tables(doc)
    assert doc.errors == [
        problem(
            "5",
            "2010301 行政运行",
            "科目编码印为“2O1 03 01”，“类”不是三位数字；按上一行的“类”读作 2010301",
        )
    ]


# The tables against one another.


def cross_checked(doc):
    names.collect_names(doc)
    names.match_classes(doc)
    derive.derive_facts(doc)
    checks.check_facts(doc)
    return doc.errors


def test_check_facts_revenue_against_expenditure_by_item():
    doc = document()
    change(doc, "2", "2010350", total=51)
    change(doc, "2", "2010301", fiscal=99)
    assert cross_checked(doc) == [
        problem("2", "2010301 行政运行", "财政拨款收入 990000 元 ≠ 表5–7之和 1000000 元"),
        problem("2", "2010350 事业运行", "收入合计 510000 元 ≠ 支出预算总表 500000 元"),
    ]


def test_check_facts_item_missing_from_the_expenditure_table():
    doc = document()
    doc.tables["3"].rows = [r for r in doc.tables["3"].rows if r.code != "2080505"]
    pension = "2080505 机关事业单位基本养老保险缴费支出"
    assert cross_checked(doc) == [
        problem("2", pension, "收入合计 200000 元 ≠ 支出预算总表 0 元"),
        problem("5", pension, "支出预算总表中没有该科目"),
    ]


def test_check_facts_item_missing_from_the_revenue_table():
    doc = document()
    doc.tables["2"].rows = [r for r in doc.tables["2"].rows if r.code != "2120801"]
    land = "2120801 征地和拆迁补偿支出"
    assert cross_checked(doc) == [
        problem("2", land, "收入合计 0 元 ≠ 支出预算总表 300000 元"),
        problem("2", land, "财政拨款收入 0 元 ≠ 表5–7之和 300000 元"),
    ]


def test_check_facts_summary_against_revenue_and_expenditure_tables():
    doc = document()
    change(doc, "1", "事业收入", total=11)
    change(doc, "1", "社会保障和就业支出", total=21)
    change(doc, "1", "其他收入", total=0)
    assert cross_checked(doc) == [
        problem("1", "事业收入", "印出 110000 元 ≠ 收入预算总表 100000 元"),
        problem("1", "社会保障和就业支出", "合计 210000 元 ≠ 支出预算总表 200000 元"),
    ]


def test_check_facts_revenue_table_source_the_summary_lacks():
    doc = document()
    doc.tables["1"].left = [r for r in doc.tables["1"].left if r.name != "事业收入"]
    change(doc, "2", "合计", other=1)
    assert cross_checked(doc) == [
        problem("1", "事业收入", "印出 0 元 ≠ 收入预算总表 100000 元"),
        problem("1", "其他收入", "印出 0 元 ≠ 收入预算总表 10000 元"),
    ]


def split_summary(doc, **changes):
    """表1 with 人员经费/公用经费/项目支出 columns, as some documents print it."""
    summary = doc.tables["1"]
    summary.columns = summary.columns + ["personnel", "running", "project"]
    figures = {
        "一般公共服务支出": {"personnel": 70, "running": 30, "project": 60},
        "社会保障和就业支出": {"personnel": 10, "running": 10},
        "城乡社区支出": {"project": 30},
    }
    for printed in summary.rows:
        printed.amounts.update(
            amounts(**{**figures[printed.name], **changes.get(printed.name, {})})
        )
    return doc


def test_check_facts_summary_with_personnel_and_running():
    doc = split_summary(document())
    assert cross_checked(doc) == []
    assert doc.basic_splits == [
        ("201", wan(70), wan(30)),
        ("208", wan(10), wan(10)),
    ]
    doc = split_summary(
        document(),
        一般公共服务支出={"personnel": 71, "project": 61},
        城乡社区支出={"running": 1},
    )
    assert cross_checked(doc) == [
        problem("1", "一般公共服务支出", "项目支出 610000 元 ≠ 支出预算总表 600000 元"),
        problem(
            "1",
            "一般公共服务支出",
            "人员经费+公用经费 1010000 元 ≠ 支出预算总表基本支出 1000000 元",
        ),
        problem("1", "城乡社区支出", "人员经费+公用经费 10000 元 ≠ 支出预算总表基本支出 0 元"),
        Disagreement("基本支出", "人员经费", "按功能类 810000 元 ≠ 经济分类 800000 元"),
        Disagreement("基本支出", "公用经费", "按功能类 410000 元 ≠ 经济分类 400000 元"),
    ]


def test_check_facts_summary_project_column_only():
    doc = document()
    doc.tables["1"].columns = doc.tables["1"].columns + ["project"]
    change(doc, "1", "城乡社区支出", project=31)
    change(doc, "1", "一般公共服务支出", project=60)
    assert cross_checked(doc) == [
        problem("1", "城乡社区支出", "项目支出 310000 元 ≠ 支出预算总表 300000 元")
    ]


def test_check_facts_classes_not_found():
    doc = document()
    doc.tables["1"].rows.append(row("", "不存在的支出", total=5))
    doc.tables["1"].rows.append(row("", "空的支出", total=None))
    doc.tables["4"].rows.append(row("", "不存在的支出", total=5, general_public=5))
    assert cross_checked(doc) == [
        problem("1", "不存在的支出", "支出预算总表中没有该“类”"),
        problem("4", "不存在的支出", "支出预算总表中没有该“类”"),
    ]


def test_match_classes_by_amount_where_the_name_differs():
    doc = document()
    doc.tables["1"].rows[1].name = "社会保障就业支出"
    change(doc, "1", "城乡社区支出", total=31)
    assert cross_checked(doc) == [
        problem("1", "城乡社区支出", "合计 310000 元 ≠ 支出预算总表 300000 元"),
    ]
    assert doc.class_codes[("1", "社会保障就业支出")] == "208"
    assert doc.warnings == [
        problem(
            "1",
            "社会保障就业支出",
            "提示：“类”名称与支出预算总表不一致，按金额对应到 208 社会保障和就业支出。",
        )
    ]


def test_match_classes_by_amount_reads_on_past_a_row_nothing_fits():
    doc = document()
    doc.tables["1"].rows.insert(0, row("", "不存在的支出", total=5))
    doc.tables["1"].rows[2].name = "社会保障就业支出"
    names.collect_names(doc)
    names.match_classes(doc)
    assert doc.class_codes[("1", "社会保障就业支出")] == "208"
    assert ("1", "不存在的支出") not in doc.class_codes


def test_check_facts_fiscal_summary_against_summary_and_tables_5_to_7():
    doc = document()
    change(doc, "4", "政府性基金", total=31)
    change(doc, "4", "城乡社区支出", government_fund=31)
    change(doc, "4", "一般公共服务支出", general_public=149)
    assert cross_checked(doc) == [
        problem("4", "政府性基金预算", "印出 310000 元 ≠ 财务收支预算总表 300000 元"),
        problem(
            "4",
            "一般公共服务支出",
            "一般公共预算 1490000 元 ≠ 一般公共预算支出功能分类预算表 1500000 元",
        ),
        problem(
            "4",
            "城乡社区支出",
            "政府性基金预算 310000 元 ≠ 政府性基金预算支出功能分类预算表 300000 元",
        ),
    ]


def test_check_facts_economic_table_against_table_5():
    doc = document()
    change(doc, "8", "合计", total=121)
    change(doc, "8", "30101", total=81, personnel=81)
    assert cross_checked(doc) == [
        problem("8", "合计", "合计 1210000 元 ≠ 一般公共预算支出功能分类预算表基本支出 1200000 元"),
        Disagreement("经济分类", "合计", "经济分类 1210000 元 ≠ 功能分类 1200000 元"),
    ]


# The narrative against the tables.


def narrative(statements=(), procurement=None, assets=None, function_items=()):
    return Narrative(
        statements=[dict(fields) for fields in statements],
        procurement=procurement,
        assets=assets,
        function_items=[dict(item) for item in function_items],
    )


def said(topic, subject, amount):
    return {"topic": topic, "subject": subject, "amount": wan(amount)}


def test_check_narrative_headlines_against_the_tables():
    statements = [
        said("revenue", "收入预算", 210),
        said("revenue", "财政拨款收入", 200),
        said("expenditure", "支出预算", 210),
        said("expenditure", "一般公共预算拨款支出预算", 170),
        said("three_public", "“三公”经费", 7),
        said("administrative_running", "机关运行经费", 50),
        said("function", "其他说明", 1),
    ]
    doc = document(narrative(statements))
    narrative_checks.check_narrative(doc)
    assert doc.errors == []
    assert [fields["subject"] for fields in doc.statements] == [s["subject"] for s in statements]
    wrong = [
        said("function", "其他说明", 1),
        said("revenue", "收入预算", 211),
        said("revenue", "事业收入", 11),
        said("expenditure", "政府性基金拨款支出预算", 31),
        said("three_public", "公务接待费", 3),
    ]
    doc = document(narrative(wrong))
    narrative_checks.check_narrative(doc)
    assert doc.errors == [
        problem("说明", "收入预算", "说明 2110000 元 ≠ 财务收支预算总表 2100000.00 元"),
        problem("说明", "事业收入", "说明 110000 元 ≠ 财务收支预算总表 100000.00 元"),
        problem(
            "说明",
            "政府性基金拨款支出预算",
            "说明 310000 元 ≠ 政府性基金预算支出功能分类预算表 300000.00 元",
        ),
        problem("说明", "公务接待费", "说明 30000 元 ≠ “三公”经费和机关运行经费预算表 20000.00 元"),
    ]
    assert len(doc.statements) == 5


def test_check_narrative_compares_at_the_precision_stated():
    doc = document(narrative([said("expenditure", "支出预算", 210)]))
    doc.tables["3"].total["total"] = D("2100049")
    narrative_checks.check_narrative(doc)
    assert doc.errors == []
    doc = document(narrative([said("expenditure", "支出预算", 210)]))
    doc.tables["3"].total["total"] = D("2100050")
    narrative_checks.check_narrative(doc)
    assert doc.errors == [
        problem("说明", "支出预算", "说明 2100000 元 ≠ 支出预算总表 2100100.00 元")
    ]
    doc = document(narrative([said("three_public", "“三公”经费", 0)]))
    doc.tables["9"].rows = []
    doc.tables["1"].left_total = None
    narrative_checks.check_narrative(doc)
    assert doc.errors == []
    assert wan_rounded(None) is None
    assert wan_rounded(D("12349")) == D("12300")
    assert wan_rounded(D("12350")) == D("12400")


def test_check_narrative_procurement():
    procurement = {
        "total": wan(100),
        "goods": wan(50),
        "works": None,
        "services": wan(40),
        "reserved_for_sme": wan(30),
        "reserved_for_small_micro": wan(31),
    }
    doc = document(narrative(procurement=procurement))
    narrative_checks.check_narrative(doc)
    assert doc.errors == [
        problem("政府采购预算情况", "合计", "合计 1000000 元 ≠ 货物+工程+服务 900000 元"),
        problem("政府采购预算情况", "预留份额", "预留给小微企业的金额超过面向中小企业预留的金额"),
    ]
    agreeing = {**procurement, "works": wan(10), "reserved_for_small_micro": wan(30)}
    doc = document(narrative(procurement=agreeing))
    narrative_checks.check_narrative(doc)
    assert doc.errors == []
    total_only = {"total": wan(100), "reserved_for_sme": None, "reserved_for_small_micro": wan(5)}
    doc = document(narrative(procurement=total_only))
    narrative_checks.check_narrative(doc)
    assert doc.errors == []
    doc = document(narrative(procurement={"total": wan(1), "reserved_for_sme": wan(5)}))
    narrative_checks.check_narrative(doc)
    assert doc.errors == []


def test_check_narrative_vehicles():
    assets = {
        "vehicles": 3,
        "categories": {"一般公务用车": 1, "执法执勤用车": 1},
        "vehicles_planned": 1,
        "categories_planned": {"一般公务用车": 1},
    }
    doc = document(narrative(assets=assets))
    narrative_checks.check_narrative(doc)
    assert doc.errors == [
        problem("国有资产占有使用情况", "现有车辆", "各类车辆之和 2 辆 ≠ 合计 3 辆")
    ]
    planned = {**assets, "vehicles": 2, "vehicles_planned": 2}
    doc = document(narrative(assets=planned))
    narrative_checks.check_narrative(doc)
    assert doc.errors == [
        problem("国有资产占有使用情况", "拟购置车辆", "各类车辆之和 1 辆 ≠ 合计 2 辆")
    ]
    unknown = {**assets, "vehicles": None, "vehicles_planned": 5, "categories_planned": {}}
    doc = document(narrative(assets=unknown))
    narrative_checks.check_narrative(doc)
    assert doc.errors == []


def test_check_two_sided_reads_on_past_an_unknown_row():
    doc = document()
    doc.tables["1"].left.insert(0, row("", "上级补助收入（新）", total=5))
    change(doc, "1", "事业收入", total=11)
    checks.check_two_sided(doc, doc.tables["1"])
    assert doc.errors == [
        problem("1", "上级补助收入（新）", "无法识别的收入项目"),
        problem("1", "收入总计", "印出 2100000 元 ≠ 各项之和 2110000 元"),
    ]


def test_check_two_sided_names_an_unknown_column_by_its_key():
    doc = document()
    summary = doc.tables["1"]
    summary.columns = summary.columns + ["misc"]
    summary.total["misc"] = wan(1)
    checks.check_two_sided(doc, summary)
    assert doc.errors == [
        problem("1", "支出总计", "misc 10000 元 ≠ 各行之和 0 元"),
        problem("1", "一般公共服务支出", "合计 1600000 元 ≠ misc 0 元"),
        problem("1", "社会保障和就业支出", "合计 200000 元 ≠ misc 0 元"),
        problem("1", "城乡社区支出", "合计 300000 元 ≠ misc 0 元"),
        problem("1", "支出总计", "合计 2100000 元 ≠ misc 10000 元"),
    ]


def test_match_classes_in_the_fiscal_summary_by_amount():
    doc = document()
    doc.tables["4"].rows[1].name = "社会保障就业支出"
    assert cross_checked(doc) == []
    assert doc.class_codes[("4", "社会保障就业支出")] == "208"
    assert doc.warnings == [
        problem(
            "4",
            "社会保障就业支出",
            "提示：“类”名称与支出预算总表不一致，按金额对应到 208 社会保障和就业支出。",
        )
    ]


def test_match_classes_takes_each_class_once_and_only_by_its_amount():
    doc = document()
    doc.tables["1"].rows[1].name = "社保"
    doc.tables["1"].rows.append(row("", "社保二", total=20))
    doc.tables["1"].rows.append(row("", "其他支出", total=30))
    assert cross_checked(doc) == [
        problem("1", "社保二", "支出预算总表中没有该“类”"),
        problem("1", "其他支出", "支出预算总表中没有该“类”"),
    ]
    assert [warning.row for warning in doc.warnings] == ["社保"]
    doc = document()
    doc.tables["1"].rows[1].name = "社保"
    change(doc, "1", "社保", total=21)
    assert cross_checked(doc) == [problem("1", "社保", "支出预算总表中没有该“类”")]
    assert doc.warnings == []


def test_check_facts_fiscal_revenue_and_a_source_only_the_summary_prints():
    doc = document()
    change(doc, "1", "财政拨款收入", total=201)
    change(doc, "1", "事业单位经营收入", total=5)
    assert cross_checked(doc) == [
        problem("1", "财政拨款收入", "印出 2010000 元 ≠ 收入预算总表 2000000 元"),
        problem("1", "事业单位经营收入", "印出 50000 元 ≠ 收入预算总表 0 元"),
    ]


def test_check_facts_reads_on_past_an_unknown_class():
    doc = document()
    doc.tables["1"].rows.insert(0, row("", "不存在的支出", total=5))
    doc.tables["4"].rows.insert(0, row("", "不存在的支出", total=5))
    change(doc, "1", "城乡社区支出", total=31)
    change(doc, "4", "城乡社区支出", government_fund=31)
    assert cross_checked(doc) == [
        problem("1", "不存在的支出", "支出预算总表中没有该“类”"),
        problem("1", "城乡社区支出", "合计 310000 元 ≠ 支出预算总表 300000 元"),
        problem("4", "不存在的支出", "支出预算总表中没有该“类”"),
        problem(
            "4",
            "城乡社区支出",
            "政府性基金预算 310000 元 ≠ 政府性基金预算支出功能分类预算表 300000 元",
        ),
    ]


def test_check_facts_class_printed_only_outside_the_expenditure_table():
    doc = document()
    doc.tables["2"].rows.append(row("213", "农林水支出", total=5, fiscal=5))
    doc.tables["1"].rows.append(row("", "农林水支出", total=5))
    assert cross_checked(doc) == [
        problem("1", "农林水支出", "合计 50000 元 ≠ 支出预算总表 0 元"),
    ]


# The narrative's 财政拨款 items against their 项.

OFFICE = "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"


def item(subject, amount, **fields):
    return {"topic": "function", "subject": subject, "amount": wan(amount), **fields}


def items_checked(*items, prepare=None):
    """The document with ``items`` as its 财政拨款 items, checked; its findings then."""
    doc = document(narrative(function_items=items))
    if prepare:
        prepare(doc)
    checked(doc)
    return doc


def test_function_items_matched_by_path_and_by_printed_code():
    coded = "一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）事业运行（50项）"
    doc = items_checked(
        item(OFFICE, 100, number=1, purpose="机关运转"),
        item(coded, 50, code="2010350"),
        # The code printed wins over the names.
        item(OFFICE, 50, code="2010350"),
        item("城乡社区支出-国有土地使用权出让收入安排的支出-征地和拆迁补偿支出", 30),
    )
    assert doc.errors == [] and doc.warnings == []
    assert [fields["topic"] for fields in doc.statements] == [
        "function:2010301",
        "function:2010350",
        "function:2010350",
        "function:2120801",
    ]
    assert all(
        key not in fields for fields in doc.statements for key in ("code", "number", "purpose")
    )


def test_function_item_amount_against_its_fiscal_spending():
    doc = items_checked(item(OFFICE, 101))
    assert doc.errors == [
        problem("预算编制说明", OFFICE, "说明 1010000 元 ≠ 财政拨款（表5–7） 1000000.00 元")
    ]


def test_function_item_matched_by_class_and_amount_where_its_names_differ():
    subject = "社会保障和就业支出（类）养老支出（款）养老保险缴费（项）"
    # A subject that is no path of three levels is not matched at all.
    short = "社会保障和就业支出-养老"
    doc = items_checked(item(subject, 20), item(subject, 21), item(short, 20))
    assert [fields["topic"] for fields in doc.statements] == [
        "function:2080505",
        "function",
        "function",
    ]
    assert doc.errors == []
    assert doc.warnings == [
        problem(
            "预算编制说明",
            subject,
            "提示：科目名称与支出预算总表不一致，按“类”和金额对应到 2080505 "
            "机关事业单位基本养老保险缴费支出。",
        ),
        problem("预算编制说明", subject, "提示：找不到对应的功能分类科目，未与表核对。"),
        problem("预算编制说明", short, "提示：找不到对应的功能分类科目，未与表核对。"),
    ]


def test_function_item_under_a_class_name_the_summary_prints_differently():
    def rename(doc):
        doc.tables["1"].rows[1].name = "社会保障就业支出"

    path = "（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"
    doc = items_checked(item("社会保障就业支出" + path, 20), prepare=rename)
    assert doc.statements[0]["topic"] == "function:2080505"
    assert doc.errors == []
    assert len(doc.warnings) == 1  # the 类 matched by amount in 表1 (see match_classes)

    def rename_both(doc):
        rename(doc)
        doc.tables["4"].rows[1].name = "社会保障就业支出"

    # The 类 named as the tables with codes name it, which 表1 and 表4 do not.
    doc = items_checked(item("社会保障和就业支出" + path, 20), prepare=rename_both)
    assert doc.statements[0]["topic"] == "function:2080505"
    assert doc.errors == []
    assert len(doc.warnings) == 2  # the 类 matched by amount in 表1 and 表4


def test_function_item_against_itself():
    doc = items_checked(
        item(
            OFFICE,
            100,
            planned=wan(100),
            comparison_amount=wan(80),
            change_percent=D(25),
            direction="increase",
        ),
        item(
            OFFICE,
            100,
            planned=wan(101),
            comparison_amount=wan(125),
            change_percent=D(20),
            direction="decrease",
        ),
        item(OFFICE, 100, comparison_amount=wan(80), change_percent=D(20), direction="increase"),
    )
    assert doc.errors == []
    assert doc.warnings == [
        problem(
            "预算编制说明",
            OFFICE,
            "提示：同一条中“预算安排”写为 101.00 万元，与所列金额 100.00 万元不一致。",
        ),
        problem("预算编制说明", OFFICE, "提示：所述变化幅度 20% 与按金额计算的 25.00% 不符。"),
    ]


def test_function_item_change_without_a_percent_or_rounded_half_up():
    doc = items_checked(
        item(OFFICE, 100, comparison_amount=wan(100), change_percent=None, direction="flat"),
        # 80 → 80.1 万元 is 0.125%: stated 0.13%, as documents round.
        item(
            OFFICE, 80.1, comparison_amount=wan(80), change_percent=D("0.13"), direction="increase"
        ),
    )
    assert doc.warnings == []
