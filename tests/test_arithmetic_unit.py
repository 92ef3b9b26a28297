"""budgets.disclosures.arithmetic on small hand-made facts: every sum and check, figure by
figure. No PDF, database or browser; these are the tests scripts/mutation.sh runs against
the mutants of arithmetic.py, so they compare exact Decimal figures and exact messages."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from budgets.disclosures import arithmetic as a
from budgets.disclosures.arithmetic import Disagreement, Split, StatedText, TableFigure

D = Decimal


def fact(amount, expense_type="basic", source="general_public", code="2010301"):
    """An expenditure fact shaped as ``shanghai.facts_as_stored`` and ``load_facts`` give it."""
    return SimpleNamespace(
        amount=D(amount),
        expense_type=expense_type,
        source=source,
        function=SimpleNamespace(code=code),
        function_id=code,
    )


def revenue(amount, source="general_public", code=None):
    return SimpleNamespace(
        amount=D(amount),
        source=source,
        function=SimpleNamespace(code=code) if code else None,
        function_id=code,
    )


def economic(amount, expense_type="personnel", source="general_public", code="30101", gov=None):
    return SimpleNamespace(
        amount=D(amount),
        expense_type=expense_type,
        source=source,
        dept_economic=SimpleNamespace(code=code),
        gov_economic=SimpleNamespace(code=gov) if gov else None,
        gov_economic_id=gov,
    )


def split_figures(split):
    return (split.personnel, split.running, split.basic_unsplit, split.project)


# Sums.


def test_add_keeps_none_only_when_both_are_none():
    assert a.add(None, None) is None
    assert a.add(None, D(2)) == D(2)
    assert a.add(D(3), None) == D(3)
    assert a.add(D(3), D(2)) == D(5)


def test_total_of():
    assert a.total_of([]) is None
    assert a.total_of([None, None]) is None
    assert a.total_of([D("1.10"), None, D("2.25")]) == D("3.35")
    assert a.total_of(iter([D(0)])) == D(0)


def test_split_adds_each_expense_type_to_its_field():
    split = Split()
    assert split.basic is None and split.total is None
    split.add("personnel", D(1))
    split.add("running", D(2))
    split.add("basic", D(4))
    split.add("project", D(8))
    split.add("personnel", D(16))
    assert split_figures(split) == (D(17), D(2), D(4), D(8))
    assert split.basic == D(23)
    assert split.total == D(31)
    assert Split(project=D(5)).total == D(5)
    assert Split(running=D(5)).basic == D(5)


def test_split_merge():
    first = Split(personnel=D(1), project=D(2))
    first.merge(Split(personnel=D(10), running=D(20), basic_unsplit=D(40)))
    assert split_figures(first) == (D(11), D(20), D(40), D(2))


def test_split_of():
    split = a.split_of([fact(100, "personnel"), fact(50, "running"), fact(7, "project")])
    assert split_figures(split) == (D(100), D(50), None, D(7))
    assert split_figures(a.split_of([])) == (None, None, None, None)


def test_rollup_sums_every_level_in_code_order():
    lines = [
        fact(200, "basic", code="2080505"),
        fact(100, "basic", code="2010301"),
        fact(50, "project", code="2010350"),
        fact(7, "project", code="201"),
    ]
    splits = a.rollup(lines, lambda line: line.function.code, (3, 5, 7))
    assert list(splits) == ["201", "20103", "2010301", "2010350", "208", "20805", "2080505"]
    assert split_figures(splits["201"]) == (None, None, D(100), D(57))
    assert split_figures(splits["20103"]) == (None, None, D(100), D(50))
    assert split_figures(splits["2010301"]) == (None, None, D(100), None)
    assert split_figures(splits["2010350"]) == (None, None, None, D(50))
    assert splits["208"].total == splits["20805"].total == splits["2080505"].total == D(200)


def test_printed_split_prefers_printed_figures():
    split = Split(personnel=D(1), running=D(2), project=D(4))
    printed = a.as_printed(
        split, {"total": D(8), "basic": D(9), "personnel": D(10), "running": D(11)}
    )
    assert (printed.total, printed.basic, printed.project) == (D(8), D(9), D(4))
    assert (printed.personnel, printed.running) == (D(10), D(11))
    only_project = a.as_printed(split, {"project": D(5)})
    assert (only_project.total, only_project.basic, only_project.project) == (D(7), D(3), D(5))
    assert (only_project.personnel, only_project.running) == (D(1), D(2))
    assert a.as_printed(split, {}) is split
    assert a.as_printed(split, None) is split


def test_rollup_as_printed():
    first, second = Split(project=D(1)), Split(project=D(2))
    result = a.rollup_as_printed({"201": first, "208": second}, {"208": {"total": D(3)}})
    assert list(result) == ["201", "208"]
    assert result["201"] is first
    assert result["208"].total == D(3)
    assert result["208"].project == D(2)


def test_by_source_in_source_order():
    lines = [
        revenue(5, "other"),
        revenue(1, "general_public"),
        revenue(2, "operating"),
        revenue(3, "general_public"),
        revenue(4, "government_fund"),
        revenue(6, "state_capital"),
    ]
    # The order of FundingSource, not of the names: state_capital before operating.
    assert list(a.by_source(lines).items()) == [
        ("general_public", D(4)),
        ("government_fund", D(4)),
        ("state_capital", D(6)),
        ("operating", D(2)),
        ("other", D(5)),
    ]


def test_fiscal_total_is_the_three_fiscal_sources():
    totals = {
        "general_public": D(1),
        "government_fund": D(2),
        "state_capital": D(4),
        "operating": D(8),
    }
    assert a.fiscal_total(totals) == D(7)
    assert a.fiscal_total({"operating": D(8)}) is None


def test_only_basic_only_general_public():
    lines = [
        fact(1, "personnel", "general_public"),
        fact(2, "project", "general_public"),
        fact(3, "basic", "government_fund"),
        fact(4, "running", "operating"),
    ]
    amounts = [line.amount for line in a.only(lines, sources=("general_public", "operating"))]
    assert amounts == [D(1), D(2), D(4)]
    amounts = [line.amount for line in a.only(lines, expense_types=("project", "basic"))]
    assert amounts == [D(2), D(3)]
    selected = a.only(lines, sources=("general_public",), expense_types=("project",))
    assert [line.amount for line in selected] == [D(2)]
    assert a.only(lines) == lines
    assert [line.amount for line in a.basic_only(lines)] == [D(1), D(3), D(4)]
    assert [line.amount for line in a.general_public(lines)] == [D(1), D(2)]


def restricted_row(**amounts):
    fields = [
        "outbound_travel",
        "reception",
        "vehicle_purchase",
        "vehicle_operation",
        "meetings",
        "training",
        "administrative_running",
    ]
    return SimpleNamespace(**{name: amounts.get(name) for name in fields})


def test_restricted_spending_totals():
    row = restricted_row(
        outbound_travel=D(1),
        reception=D(2),
        vehicle_purchase=D(4),
        vehicle_operation=D(8),
        meetings=D(16),
        training=D(32),
    )
    assert a.vehicle_total(row) == D(12)
    assert a.three_public_total(row) == D(15)
    assert a.restricted_total(row) == D(63)
    empty = restricted_row()
    assert a.vehicle_total(empty) is None
    assert a.three_public_total(empty) is None
    assert a.restricted_total(empty) is None
    assert a.three_public_total(restricted_row(vehicle_operation=D(3))) == D(3)


def test_change_and_percent_change():
    assert a.change(None, None) is None
    assert a.change(None, D(5)) == D(5)
    assert a.change(D(5), None) == D(-5)
    assert a.change(D(3), D(5)) == D(2)
    assert a.percent_change(None, D(5)) is None
    assert a.percent_change(D(0), D(5)) is None
    assert a.percent_change(D(200), D(250)) == D(25)
    assert a.percent_change(D(200), None) == D(-100)


# Checks of a document against itself.


def test_rounding_tolerance():
    assert a.rounding_tolerance(0) == D(0)
    assert a.rounding_tolerance(1) == D(0)
    assert a.rounding_tolerance(3) == D(1)
    assert a.rounding_tolerance(4) == D(2)


def test_compare():
    assert a.compare("表", "行", "甲", D(1), "乙", D(1)) is None
    assert a.compare("表", "行", "甲", None, "乙", D(0)) is None
    assert a.compare("表", "行", "甲", D(1), "乙", D(3)) == Disagreement(
        "表", "行", "甲 1 元 ≠ 乙 3 元", False
    )
    assert a.compare("表", "行", "甲", None, "乙", D(3)) == Disagreement(
        "表", "行", "甲 0 元 ≠ 乙 3 元", False
    )
    assert a.compare("表", "行", "甲", D(3), "乙", None) == Disagreement(
        "表", "行", "甲 3 元 ≠ 乙 0 元", False
    )
    assert a.compare("表", "行", "甲", D(1), "乙", D(3), D(2)) == Disagreement(
        "表", "行", "甲 1 元 ≠ 乙 3 元（整数元舍入差异）", True
    )
    assert a.compare("表", "行", "甲", D(5), "乙", D(3), D(2)).rounding is True
    assert a.compare("表", "行", "甲", D(6), "乙", D(3), D(2)).rounding is False
    assert a.compare("表", "行", "甲", D(1), "乙", D(4), D(2)) == Disagreement(
        "表", "行", "甲 1 元 ≠ 乙 4 元", False
    )


def test_check_document_agreeing_facts_pass():
    function_lines = [
        fact(100, "basic", code="2010301"),
        fact(30, "project", code="2010350"),
        fact(9, "basic", "operating", code="2010301"),
    ]
    revenue_lines = [revenue(130, code="2010301"), revenue(9, "operating", code="2010301")]
    economic_lines = [economic(60, "personnel"), economic(40, "running", code="30201")]
    splits = [SimpleNamespace(personnel=D(60), running=D(40))]
    assert a.check_document(revenue_lines, function_lines, economic_lines, splits) == []
    assert a.check_document(revenue_lines, function_lines, []) == []
    assert a.check_document([], [], []) == []


def test_check_document_revenue_grain_and_total():
    function_lines = [fact(100, "basic")]
    mixed = [revenue(60, code="2010301"), revenue(50)]
    assert a.check_document(mixed, function_lines, []) == [
        Disagreement("收入", "", "收入应全部按功能分类录入，或全部不按功能分类录入，不能混用。"),
        Disagreement("收支", "合计", "收入 110 元 ≠ 支出 100 元"),
    ]


def test_check_document_economic_against_function_view():
    function_lines = [
        fact(70, "personnel"),
        fact(40, "running"),
        fact(5, "project"),
        fact(3, "personnel", "operating"),
    ]
    revenue_lines = [revenue(115), revenue(3, "operating")]
    economic_lines = [economic(60, "personnel"), economic(40, "running", code="30201")]
    assert a.check_document(revenue_lines, function_lines, economic_lines) == [
        Disagreement("经济分类", "人员经费", "经济分类 60 元 ≠ 功能分类 70 元"),
        Disagreement("经济分类", "合计", "经济分类 100 元 ≠ 功能分类 110 元"),
    ]
    economic_lines = [economic(70, "personnel"), economic(35, "running", code="30201")]
    assert a.check_document(revenue_lines, function_lines, economic_lines) == [
        Disagreement("经济分类", "公用经费", "经济分类 35 元 ≠ 功能分类 40 元"),
        Disagreement("经济分类", "合计", "经济分类 105 元 ≠ 功能分类 110 元"),
    ]


def test_check_document_economic_with_project_covers_project():
    function_lines = [fact(100, "basic"), fact(30, "project")]
    economic_lines = [economic(100, "personnel"), economic(25, "project", code="31001")]
    assert a.check_document([revenue(130)], function_lines, economic_lines) == [
        Disagreement("经济分类", "合计", "经济分类 125 元 ≠ 功能分类 30 元"),
    ]


def test_check_document_unsplit_function_view_compares_totals_only():
    function_lines = [fact(100, "basic"), fact(30, "project")]
    economic_lines = [economic(90, "personnel"), economic(20, "running", code="30201")]
    assert a.check_document([revenue(130)], function_lines, economic_lines) == [
        Disagreement("经济分类", "合计", "经济分类 110 元 ≠ 功能分类 100 元"),
    ]


def test_check_document_basic_splits_against_economic_view():
    function_lines = [fact(100, "basic")]
    economic_lines = [economic(60, "personnel"), economic(40, "running", code="30201")]
    splits = [
        SimpleNamespace(personnel=D(50), running=D(30)),
        SimpleNamespace(personnel=D(5), running=None),
    ]
    assert a.check_document([revenue(100)], function_lines, economic_lines, splits) == [
        Disagreement("基本支出", "人员经费", "按功能类 55 元 ≠ 经济分类 60 元"),
        Disagreement("基本支出", "公用经费", "按功能类 30 元 ≠ 经济分类 40 元"),
    ]
    assert a.check_document([revenue(100)], function_lines, [], splits) == []


# Sums for the published tables and the public pages.


def test_rollup_by():
    lines = [
        revenue(1, "general_public", "2010301"),
        revenue(2, "operating", "2010301"),
        revenue(4, "general_public", "2010350"),
        revenue(8, "general_public", "208"),
    ]
    totals = a.rollup_by(lines, lambda line: line.function.code, (3, 5, 7), lambda x: x.source)
    assert totals == {
        "201": {"general_public": D(5), "operating": D(2)},
        "20103": {"general_public": D(5), "operating": D(2)},
        "2010301": {"general_public": D(1), "operating": D(2)},
        "2010350": {"general_public": D(4)},
        "208": {"general_public": D(8)},
    }
    assert list(totals) == ["201", "20103", "2010301", "2010350", "208"]


def test_in_year_revenue_leaves_out_what_is_brought_in():
    totals = {
        "general_public": D(1),
        "operating": D(2),
        "reserve_fund": D(4),
        "carried_over": D(8),
        "account_balance": D(16),
        "other": D(32),
    }
    assert a.in_year_revenue(totals) == D(35)
    assert a.in_year_revenue({"carried_over": D(8)}) is None


def test_split_by_prefix():
    lines = [fact(1, code="2010301"), fact(2, "project", code="2010350"), fact(4, code="2080505")]
    split = a.split_by_prefix(lines, lambda line: line.function.code, "201")
    assert split_figures(split) == (None, None, D(1), D(2))


def test_share():
    assert a.share(None, D(10)) is None
    assert a.share(D(1), D(0)) is None
    assert a.share(D(1), None) is None
    assert a.share(D(25), D(200)) == D("12.5")
    assert a.share(D(0), D(200)) == D(0)


def test_rank_largest_first_blanks_last():
    ranked = a.rank({"a": D(1), "b": None, "c": D(3), "d": D(2)})
    assert ranked == [("c", D(3)), ("d", D(2)), ("a", D(1)), ("b", None)]


# Checks of a printed table against itself.

NAMES = {"total": "合计", "basic": "基本支出"}


def printed_rows(**overrides):
    rows = [
        ("201", "一般公共服务支出", {"total": D(150), "basic": D(100)}),
        ("20103", "政府办公厅", {"total": D(150), "basic": D(100)}),
        ("2010301", "行政运行", {"total": D(100), "basic": D(100)}),
        ("2010350", "事业运行", {"total": D(50), "basic": None}),
        ("208", "社会保障和就业支出", {"total": D(20), "basic": D(20)}),
    ]
    return [(code, label, overrides.get(code, amounts)) for code, label, amounts in rows]


def test_level_disagreements_agreeing_table():
    total = {"total": D(170), "basic": D(120)}
    rows = printed_rows()
    assert a.level_disagreements("表3", rows, total, ["total", "basic"], (3, 5, 7), NAMES) == []
    assert a.level_disagreements("表3", rows, None, ["total", "basic"], (3, 5, 7)) == []


def test_level_disagreements_parent_against_children_and_total():
    rows = printed_rows(**{"20103": {"total": D(151), "basic": D(100)}})
    total = {"total": D(171), "basic": D(120)}
    assert a.level_disagreements("表3", rows, total, ["total", "basic"], (3, 5, 7), NAMES) == [
        Disagreement("表3", "一般公共服务支出", "合计 150 元 ≠ 下级科目之和 151 元"),
        Disagreement("表3", "政府办公厅", "合计 151 元 ≠ 下级科目之和 150 元"),
        Disagreement("表3", "合计", "合计 171 元 ≠ 各行之和 170 元"),
    ]
    assert a.level_disagreements("表3", rows, total, ["total"], (3, 5, 7)) == [
        Disagreement("表3", "一般公共服务支出", "total 150 元 ≠ 下级科目之和 151 元"),
        Disagreement("表3", "政府办公厅", "total 151 元 ≠ 下级科目之和 150 元"),
        Disagreement("表3", "合计", "total 171 元 ≠ 各行之和 170 元"),
    ]


def test_level_disagreements_missing_parent():
    rows = [row for row in printed_rows() if row[0] != "20103"]
    rows.append(("2080505", "养老", {"total": D(20), "basic": D(20)}))
    assert a.level_disagreements("表3", rows, None, ["total"], (3, 5, 7)) == [
        Disagreement("表3", "行政运行", "缺少上级科目行"),
        Disagreement("表3", "事业运行", "缺少上级科目行"),
        Disagreement("表3", "养老", "缺少上级科目行"),
    ]


def test_level_disagreements_whole_yuan_rounding():
    rows = [
        ("301", "工资福利支出", {"total": D(101)}),
        ("30101", "基本工资", {"total": D(50)}),
        ("30102", "津贴补贴", {"total": D(50)}),
        ("302", "商品和服务支出", {"total": D(10)}),
        ("30201", "办公费", {"total": D(12)}),
    ]
    total = {"total": D(112)}
    assert a.level_disagreements("表8", rows, total, ["total"], (3, 5), whole_yuan=True) == [
        Disagreement(
            "表8", "工资福利支出", "total 101 元 ≠ 下级科目之和 100 元（整数元舍入差异）", True
        ),
        Disagreement("表8", "商品和服务支出", "total 10 元 ≠ 下级科目之和 12 元"),
        Disagreement("表8", "合计", "total 112 元 ≠ 各行之和 111 元（整数元舍入差异）", True),
    ]
    assert [
        problem.rounding for problem in a.level_disagreements("表8", rows, total, ["total"], (3, 5))
    ] == [False, False, False]
    total = {"total": D(113)}
    assert a.level_disagreements("表8", rows[:3], total, ["total"], (3, 5), whole_yuan=True) == [
        Disagreement(
            "表8", "工资福利支出", "total 101 元 ≠ 下级科目之和 100 元（整数元舍入差异）", True
        ),
        Disagreement("表8", "合计", "total 113 元 ≠ 各行之和 101 元"),
    ]


def test_parts_disagreement():
    amounts = {"total": D(10), "basic": D(3), "project": D(6)}
    assert a.parts_disagreement("表", "行", amounts, "total", ["basic", "project"], NAMES) == (
        Disagreement("表", "行", "合计 10 元 ≠ 基本支出+project 9 元")
    )
    assert a.parts_disagreement("表", "行", amounts, "total", ["basic", "project"]) == (
        Disagreement("表", "行", "total 10 元 ≠ basic+project 9 元")
    )
    problem = a.parts_disagreement(
        "表", "行", amounts, "total", ["basic", "project"], whole_yuan=True
    )
    assert problem == Disagreement(
        "表", "行", "total 10 元 ≠ basic+project 9 元（整数元舍入差异）", True
    )
    amounts = {"total": D(11), "basic": D(3), "project": D(6)}
    problem = a.parts_disagreement("表", "行", amounts, "total", ["basic", "project"], None, True)
    assert problem.rounding is False
    assert (
        a.parts_disagreement("表", "行", {"total": D(3), "basic": D(3)}, "total", ["basic"]) is None
    )


def test_column_sums():
    rows = [{"total": D(1), "basic": None}, {"total": D(2)}]
    assert a.column_sums(rows, ["total", "basic", "project"]) == {
        "total": D(3),
        "basic": None,
        "project": None,
    }


# A department against the sum of its units.


def test_department_against_units_complete():
    units = [
        ({"201": D(10), "208": D(5)}, D(15)),
        ({"201": D(20), "212": None}, D(20)),
    ]
    department = ({"201": D(31), "208": D(5), "213": D(2)}, D(36))
    check = a.department_against_units(department, units, 2, rounded_figures=3)
    assert check.unit_count == 2 and check.published_count == 2
    assert check.unit_sums == {"201": D(30), "208": D(5), "212": None}
    assert check.unit_total == D(35)
    assert check.has_department is True
    assert check.differences == {"201": D(1), "208": D(0), "212": D(0), "213": D(2)}
    assert check.total_difference == D(1)
    assert check.tolerance == D("1.5")
    assert check.complete and check.checked
    assert check.differing == {"201": D(1), "213": D(2)}
    assert not check.agrees
    assert not check.within_rounding
    check = a.department_against_units(department, units, 2, rounded_figures=4)
    assert check.tolerance == D(2)
    assert check.within_rounding


def test_department_against_units_agreeing_and_partial():
    units = [({"201": D(10)}, D(10)), ({"201": D(20)}, D(20))]
    check = a.department_against_units(({"201": D(30)}, D(30)), units, 2, rounded_figures=2)
    assert check.agrees and check.checked
    assert check.differences == {"201": D(0)}
    assert check.total_difference == D(0)
    assert check.differing == {}
    assert not check.within_rounding
    partial = a.department_against_units(({"201": D(30)}, D(30)), units[:1], 2)
    assert partial.unit_sums == {"201": D(10)}
    assert partial.unit_total == D(10)
    assert (partial.differences, partial.total_difference) == ({}, None)
    assert not partial.complete and not partial.checked and not partial.agrees
    assert not partial.within_rounding
    no_department = a.department_against_units(None, units, 2)
    assert no_department.complete and not no_department.has_department
    assert not no_department.checked
    assert (no_department.differences, no_department.total_difference) == ({}, None)
    none_at_all = a.department_against_units(({"201": D(1)}, D(1)), [], 0)
    assert not none_at_all.complete and not none_at_all.checked
    assert none_at_all.unit_total is None and none_at_all.differences == {}
    assert none_at_all.tolerance == D(0)


def test_department_against_units_only_total_differs():
    units = [({"201": D(10)}, D(10))]
    check = a.department_against_units(({"201": D(10)}, D(11)), units, 1, rounded_figures=2)
    assert check.differing == {}
    assert check.total_difference == D(1)
    assert not check.agrees
    assert check.within_rounding
    check = a.department_against_units(({"201": D(10)}, None), units, 1, rounded_figures=2)
    assert check.total_difference == D(-10)
    assert not check.within_rounding
    check = a.department_against_units(({"201": D(10)}, D(10)), [({"201": D(10)}, None)], 1)
    assert check.unit_total is None
    assert check.total_difference == D(10)
    check = a.department_against_units(({"201": D(9)}, D(9)), units, 1, rounded_figures=2)
    assert check.differing == {"201": D(-1)}
    assert check.within_rounding


# Figures stated in the narrative.


def test_as_stated_reads_the_precision_printed():
    quote = (
        "收入预算9,101.68万元，比上年增加190.6万元，其中839万元用于……，"
        "0.018万元；合计1.2亿元，500元"
    )
    assert a.as_stated(quote, D("91016800")) == StatedText("9,101.68万元", D(100))
    assert a.as_stated(quote, D("1906000")) == StatedText("190.6万元", D(1000))
    assert a.as_stated(quote, D("8390000")) == StatedText("839万元", D(10000))
    assert a.as_stated(quote, D("180")) == StatedText("0.018万元", D(10))
    assert a.as_stated(quote, D("120000000")) == StatedText("1.2亿元", D(10000000))
    assert a.as_stated(quote, D("500")) == StatedText("500元", D(1))
    assert a.as_stated(quote, D("501")) is None
    assert a.as_stated(quote, None) is None
    assert a.as_stated("", D(500)) is None
    assert a.as_stated(None, D(500)) is None
    assert a.as_stated("共 8 万元", D(80000)) == StatedText("8 万元", D(10000))


def test_round_to_half_up():
    assert a.round_to(D("1234.5"), D(1)) == D(1235)
    assert a.round_to(D("12349"), D(100)) == D(12300)
    assert a.round_to(D("12350"), D(100)) == D(12400)
    assert a.round_to(D("-12350"), D(100)) == D(-12400)


def test_table_precision():
    assert a.table_precision(SimpleNamespace(amount_unit="万元", amount_places=2)) == D(100)
    assert a.table_precision(SimpleNamespace(amount_unit="元", amount_places=0)) == D(1)
    assert a.table_precision(SimpleNamespace(amount_unit="元", amount_places=2)) == D("0.01")


def test_same_figure():
    assert a.same_figure([D(1), D(1), D(1)]) == TableFigure(D(1))
    assert a.same_figure([D(1), D(2)]) is None
    assert a.same_figure([None, None]) == TableFigure(None)
    assert a.same_figure([]) is None


def test_source_group():
    assert a.source_group("政府性基金拨款收入") == "government_fund"
    assert a.source_group("国有资本经营预算支出") == "state_capital"
    assert a.source_group("一般公共预算拨款支出预算") == "general_public"
    assert a.source_group("财政拨款收入") == "fiscal"
    assert a.source_group("事业单位经营收入") == "business"
    assert a.source_group("事业收入") == "operating"
    assert a.source_group("其他收入") == "other"
    assert a.source_group(" 收入预算 ") == "all"
    assert a.source_group("支出总计") == "all"
    assert a.source_group("上级补助收入") is None


def test_agreement():
    assert a.agreement(D(0), None, D(100)) == a.EXACT
    assert a.agreement(D(5), None, D(100)) == a.ABSENT
    assert a.agreement(D(5), D(5), None) == a.EXACT
    assert a.agreement(D(1200), D(1249), D(100)) == a.ROUNDED
    assert a.agreement(D(1200), D(1250), D(100)) == a.DIFFERS
    assert a.agreement(D(1200), D(1201), None) == a.DIFFERS
    assert a.agreement(D(1200), D(1201), D(0)) == a.DIFFERS


def test_change_agreement():
    assert a.change_agreement(D(5), D(10), D(15), D(100)) == a.EXACT
    assert a.change_agreement(D(-10), D(10), None, None) == a.EXACT
    assert a.change_agreement(D(10), None, D(10), None) == a.EXACT
    assert a.change_agreement(D(100), D(10), D(60), D(100)) == a.ROUNDED
    assert a.change_agreement(D(100), D(10), D(60), None) == a.DIFFERS
    prior, current = D("156211149"), D("189767577")  # 15,621.11 and 18,976.76 万元
    assert a.change_agreement(D("33556500"), prior, current, D(100)) == a.ROUNDED_FIGURES
    assert a.change_agreement(D("33556400"), prior, current, D(100)) == a.ROUNDED
    assert a.change_agreement(D("33556600"), prior, current, D(100)) == a.DIFFERS


def test_coarser():
    assert a.coarser(None, D(100), D(1)) == D(100)
    assert a.coarser(D(10), None) == D(10)
    assert a.coarser(None, None) is None
    assert a.coarser(D(0)) is None


def test_budget_base_year():
    assert a.budget_base_year("上年预算", 2025) == 2024
    assert a.budget_base_year(" 上年预算数 ", 2025) == 2024
    assert a.budget_base_year("2023年预算数", 2025) == 2023
    assert a.budget_base_year("2024年预算", 2025) == 2024
    assert a.budget_base_year("2025年预算", 2025) is None
    assert a.budget_base_year("2023年预算执行数", 2025) is None
    assert a.budget_base_year("上年决算", 2025) is None


def test_statement_check_direction_and_size():
    assert a.StatementCheck().computed_direction == ""
    assert a.StatementCheck().computed_size is None
    assert a.StatementCheck(computed_change=D(5)).computed_direction == "increase"
    assert a.StatementCheck(computed_change=D(-5)).computed_direction == "decrease"
    assert a.StatementCheck(computed_change=D(-5)).computed_size == D(5)
    assert a.StatementCheck(computed_change=D(0)).computed_direction == "flat"
    assert a.StatementCheck(computed_change=D(0)).computed_size == D(0)


def statement(amount, quote, direction="", change_amount=None):
    signed = None
    if direction == "flat":
        signed = 0
    elif change_amount is not None:
        signed = -change_amount if direction == "decrease" else change_amount
    return SimpleNamespace(
        amount=amount,
        quote=quote,
        direction=direction,
        change_amount=change_amount,
        signed_change=signed,
    )


def test_check_statement_figure_only():
    said = statement(D("91016800"), "收入预算9,101.68万元。")
    check = a.check_statement(said, TableFigure(D("91016849")), D(1))
    assert check == a.StatementCheck(
        figure=D("91016849"), figure_agreement=a.ROUNDED, stated_text="9,101.68万元"
    )
    check = a.check_statement(said, TableFigure(D("91016851")), D(1))
    assert check.figure_agreement == a.DIFFERS
    assert a.check_statement(said, None, D(1)) == a.StatementCheck(stated_text="9,101.68万元")
    unstated = statement(None, "收入预算9,101.68万元。")
    assert a.check_statement(unstated, TableFigure(D(5)), D(1)) == a.StatementCheck(figure=D(5))


def test_check_statement_with_change():
    said = statement(
        D("91016800"), "收入预算9,101.68万元，比上年增加190.6万元。", "increase", D(1906000)
    )
    check = a.check_statement(
        said, TableFigure(D("91016800")), D(1), TableFigure(D("89110800")), 2024
    )
    assert check == a.StatementCheck(
        figure=D("91016800"),
        figure_agreement=a.EXACT,
        stated_text="9,101.68万元",
        base_year=2024,
        computed_change=D(1906000),
        change_agreement=a.EXACT,
    )
    # 190.6万元 is stated to 1,000 元: a change of 1,905,600 rounds to it.
    check = a.check_statement(said, TableFigure(D("91016800")), D(1), TableFigure(D("89111200")))
    assert (check.computed_change, check.change_agreement) == (D(1905600), a.ROUNDED)
    decrease = statement(D("91016800"), "减少190.6万元，为9,101.68万元", "decrease", D(1906000))
    check = a.check_statement(
        decrease, TableFigure(D("91016800")), D(1), TableFigure(D("92922800")), 2024
    )
    assert (check.computed_change, check.change_agreement) == (D(-1906000), a.EXACT)
    no_prior = a.check_statement(said, TableFigure(D("91016800")), D(1), None, 2024)
    assert (no_prior.base_year, no_prior.computed_change, no_prior.change_agreement) == (
        None,
        None,
        "",
    )
    no_direction = statement(D("91016800"), "收入预算9,101.68万元。")
    check = a.check_statement(
        no_direction, TableFigure(D("91016800")), D(1), TableFigure(D(1)), 2024
    )
    assert (check.base_year, check.computed_change, check.change_agreement) == (None, None, "")
    no_figure = a.check_statement(said, None, D(1), TableFigure(D("89110800")), 2024)
    assert (no_figure.computed_change, no_figure.change_agreement) == (None, "")


def test_check_statement_uses_the_table_precision_where_the_quote_has_no_figure():
    # Neither figure is in the quote: both are compared at the tables' precision (100 元).
    said = statement(D("91016800"), "收入预算有所增加。", "increase", D(1906000))
    check = a.check_statement(
        said, TableFigure(D("91016830")), D(100), TableFigure(D("89110790")), 2024
    )
    assert check.stated_text == ""
    assert check.figure_agreement == a.ROUNDED
    assert (check.computed_change, check.change_agreement) == (D(1906040), a.ROUNDED)
    check = a.check_statement(said, TableFigure(D("91016830")), D(1), TableFigure(D("89110790")))
    assert (check.figure_agreement, check.change_agreement) == (a.DIFFERS, a.DIFFERS)


def test_check_statement_without_direction_checks_no_change():
    said = statement(D("100"), "100元", "", D(5))
    assert said.signed_change == D(5)
    check = a.check_statement(said, TableFigure(D(100)), D(1), TableFigure(D(95)), 2024)
    assert (check.base_year, check.computed_change, check.change_agreement) == (None, None, "")


def test_check_statement_flat_uses_the_amount_precision():
    said = statement(D("8390000"), "与上年持平，为839万元。", "flat")
    check = a.check_statement(said, TableFigure(D("8390000")), D(1), TableFigure(D("8387000")))
    assert (check.computed_change, check.change_agreement) == (D(3000), a.ROUNDED)
    check = a.check_statement(said, TableFigure(D("8390000")), D(1), TableFigure(D("8380000")))
    assert check.change_agreement == a.DIFFERS
    check = a.check_statement(said, TableFigure(None), D(1), TableFigure(None))
    assert (check.computed_change, check.change_agreement) == (D(0), a.EXACT)
    assert check.figure_agreement == a.ABSENT


# A document's own figures by narrative topic.


def figures(revenue_lines=(), function_lines=(), economic_lines=(), restricted=None, printed=None):
    facts = SimpleNamespace(
        revenue=list(revenue_lines),
        function_lines=list(function_lines),
        economic_lines=list(economic_lines),
        restricted=restricted or {},
    )
    return a.DocumentFigures(facts, printed)


REVENUE = [
    revenue(100, "general_public"),
    revenue(20, "government_fund"),
    revenue(4, "state_capital"),
    revenue(8, "operating"),
]


def test_document_figures_revenue():
    document = figures(REVENUE)
    assert document.revenue("all") == TableFigure(D(132))
    assert document.revenue("fiscal") == TableFigure(D(124))
    assert document.revenue("operating") == TableFigure(D(8))
    assert document.revenue("other") == TableFigure(None)
    assert document.revenue(None) is None
    assert figures().revenue("all") is None
    printed = {"revenue": {"合计": {"total": D(133), "fiscal": D(125)}}}
    document = figures(REVENUE, printed=printed)
    assert document.revenue("all") == TableFigure(D(133))
    assert document.revenue("fiscal") == TableFigure(D(125))
    assert document.printed_figure("revenue", "合计", "other", D(1)) == D(1)
    assert document.printed_figure("spending", "合计", "total", D(2)) == D(2)


SPENDING = [
    fact(100, "basic", "general_public", "2010301"),
    fact(10, "project", "general_public", "2010350"),
    fact(20, "project", "government_fund", "2120801"),
    fact(4, "basic", "state_capital", "2230105"),
    fact(8, "basic", "operating", "2080505"),
]


def test_document_figures_expenditure():
    document = figures(function_lines=SPENDING)
    assert document.expenditure("all") == TableFigure(D(142))
    assert document.expenditure("fiscal") == TableFigure(D(134))
    assert document.expenditure("general_public") == TableFigure(D(110))
    assert document.expenditure("government_fund") == TableFigure(D(20))
    assert document.expenditure("state_capital") == TableFigure(D(4))
    assert document.expenditure("operating") is None
    assert document.expenditure(None) is None
    assert figures().expenditure("all") is None
    printed = {
        "spending": {"合计": {"total": D(143)}},
        "general_public": {"合计": {"total": D(111)}},
    }
    document = figures(function_lines=SPENDING, printed=printed)
    assert document.expenditure("all") == TableFigure(D(143))
    assert document.expenditure("general_public") == TableFigure(D(111))
    assert document.expenditure("fiscal") == TableFigure(D(134))


def test_a_statement_of_basic_or_project_spending_is_checked_against_that_part():
    """社会工作部 2024 决算: “一般公共预算财政拨款基本支出105.58万元” is the 基本支出 of
    一般公共预算 (105.58), not all its spending (307.82, 项目支出 included)."""
    document = figures(function_lines=SPENDING)
    assert document.of("expenditure", "一般公共预算财政拨款基本支出") == TableFigure(D(100))
    assert document.of("expenditure", "一般公共预算项目支出") == TableFigure(D(10))
    assert document.of("expenditure", "财政拨款基本支出") == TableFigure(D(104))
    assert document.of("expenditure", "一般公共预算支出") == TableFigure(D(110))


def test_document_figures_function():
    document = figures(function_lines=SPENDING)
    assert document.function("201") == TableFigure(D(110))
    assert document.function("20103") == TableFigure(D(110))
    assert document.function("2010350") == TableFigure(D(10))
    assert document.function("208") is None  # all spending and 财政拨款 differ
    assert document.function("212") is None
    assert document.function("999") == TableFigure(None)
    assert document.function("2010") is None
    assert document.function("20103a") is None
    assert figures().function("201") is None
    printed = {"spending": {"201": {"total": D(111)}}}
    assert figures(function_lines=SPENDING, printed=printed).function("201") is None
    printed = {"general_public": {"201": {"total": D(111)}}}
    assert figures(function_lines=SPENDING, printed=printed).function("201") is None
    # A whole-元 document printing 208 at 8 where its facts add up to 9: all three
    # readings (as printed, 财政拨款, 一般公共预算) give 8.
    lines = [*SPENDING, fact(1, "basic", "operating", "2080505")]
    lines[4] = fact(8, "basic", "general_public", "2080505")
    printed = {"spending": {"208": {"total": D(8)}}}
    assert figures(function_lines=lines, printed=printed).function("208") == TableFigure(D(8))
    assert figures(function_lines=lines).function("208") is None


ECONOMIC = [
    economic(60, "personnel", code="30101", gov="50101"),
    economic(40, "running", code="30201", gov="50201"),
    economic(7, "running", "operating", code="30202"),
]


def test_document_figures_economic():
    document = figures(economic_lines=ECONOMIC)
    assert document.economic("301", lambda line: line.dept_economic.code) == TableFigure(D(60))
    assert document.economic("30201", lambda line: line.dept_economic.code) == TableFigure(D(40))
    assert document.economic("302", lambda line: line.dept_economic.code) is None
    assert document.economic("30x", lambda line: line.dept_economic.code) is None
    assert figures().economic("301", lambda line: line.dept_economic.code) is None
    assert document.of("economic:301", "工资福利支出") == TableFigure(D(60))
    assert document.of("economic:30202", "x") is None
    assert document.of("gov_economic:502", "x") == TableFigure(D(40))
    assert document.of("gov_economic:501", "x") == TableFigure(D(60))
    assert document.of("economic", "x") is None
    assert document.of("gov_economic", "x") is None


def test_document_figures_three_public_and_running():
    row = restricted_row(
        outbound_travel=D(1),
        reception=D(2),
        vehicle_purchase=D(4),
        vehicle_operation=D(8),
        administrative_running=D(100),
    )
    document = figures(restricted={"current": row, "prior": restricted_row()})
    assert document.three_public("“三公”经费") == TableFigure(D(15))
    assert document.three_public("因公出国（境）费") == TableFigure(D(1))
    assert document.three_public("公务接待费") == TableFigure(D(2))
    assert document.three_public("公务用车购置及运行费") == TableFigure(D(12))
    assert document.three_public("公务用车购置费") == TableFigure(D(4))
    assert document.three_public("公务用车运行费") == TableFigure(D(8))
    assert document.three_public("会议费") is None
    assert document.administrative_running() == TableFigure(D(100))
    assert figures().three_public("“三公”经费") is None
    assert figures(restricted={"prior": row}).administrative_running() is None
    assert document.of("three_public", "公务接待费") == TableFigure(D(2))
    assert document.of("administrative_running", "机关运行经费") == TableFigure(D(100))


def test_document_figures_public_running():
    function_lines = [fact(40, "running"), fact(60, "personnel")]
    economic_lines = [economic(40, "running"), economic(5, "project")]
    document = figures(function_lines=function_lines, economic_lines=economic_lines)
    assert document.public_running() == TableFigure(D(40))
    assert document.of("public_running", "公用经费") == TableFigure(D(40))
    assert figures(economic_lines=[economic(41, "running")]).public_running() == TableFigure(D(41))
    differing = figures(function_lines=function_lines, economic_lines=[economic(41, "running")])
    assert differing.public_running() is None
    assert figures(function_lines=[fact(40, "basic")]).public_running() == TableFigure(None)
    assert figures().public_running() is None
    unsplit = figures(function_lines=[fact(40, "basic")], economic_lines=[economic(3, "running")])
    assert unsplit.public_running() == TableFigure(D(3))


def test_document_figures_of_dispatches_by_topic():
    document = figures(REVENUE, SPENDING)
    assert document.of("revenue", "财政拨款收入") == TableFigure(D(124))
    assert document.of("revenue", "收入预算") == TableFigure(D(132))
    assert document.of("revenue", "上级补助收入") is None
    assert document.of("expenditure", "一般公共预算拨款支出预算") == TableFigure(D(110))
    assert document.of("expenditure", "支出预算") == TableFigure(D(142))
    assert document.of("fiscal_revenue", "x") == TableFigure(D(124))
    assert document.of("general_public_revenue", "x") == TableFigure(D(100))
    assert document.of("fiscal_expenditure", "x") == TableFigure(D(134))
    assert document.of("general_public_expenditure", "x") == TableFigure(D(110))
    assert document.of("function:2010301", "行政运行") == TableFigure(D(100))
    assert document.of("function", "行政运行") is None
    assert document.of("government_fund", "政府性基金收入") == TableFigure(D(20))
    assert document.of("government_fund", "政府性基金支出") == TableFigure(D(20))
    assert document.of("state_capital", "国有资本经营预算收入") == TableFigure(D(4))
    assert document.of("state_capital", "国有资本经营预算支出") == TableFigure(D(4))
    assert document.of("state_capital", "国有资本经营预算") is None
    assert document.of("three_public", "“三公”经费") is None
    assert document.of("administrative_running", "x") is None
    assert document.of("unknown", "x") is None
    assert document.of("unknown:2010301", "x") is None
    assert document.of("government_fund:1", "政府性基金收入") == TableFigure(D(20))
    assert document.of("public_running", "x") == TableFigure(None)
    spending_only = figures(function_lines=[fact(5, "project", "state_capital", "2230105")])
    assert spending_only.of("state_capital", "国有资本经营预算收入") is None
    assert spending_only.of("state_capital", "国有资本经营预算支出") == TableFigure(D(5))


# A 决算's balance.


def test_carry_over_identity_balanced_and_blank():
    assert (
        a.carry_over_identity("表", "行", revenue=None, opening=None, spending=None, closing=None)
        == []
    )
    balanced = a.carry_over_identity(
        "表",
        "行",
        revenue=D(100),
        opening=D(20),
        used=D(5),
        spending=D(90),
        distribution=D(10),
        closing=D(25),
        total_in=D(125),
        total_out=D(125),
    )
    assert balanced == []
    assert (
        a.carry_over_identity(
            "表", "行", revenue=None, opening=None, spending=None, closing=None, total_out=D(0)
        )
        == []
    )


def test_carry_over_identity_reports_each_total():
    problems = a.carry_over_identity(
        "表",
        "行",
        revenue=D(100),
        opening=D(20),
        used=D(5),
        spending=D(90),
        distribution=D(10),
        closing=D(24),
        total_in=D(126),
        total_out=D(125),
    )
    assert problems == [
        Disagreement("表", "行", "收入总计 126 元 ≠ 本年收入+年初结转和结余 125 元"),
        Disagreement("表", "行", "支出总计 125 元 ≠ 本年支出+结余分配+年末结转和结余 124 元"),
        Disagreement(
            "表", "行", "本年收入+年初结转和结余 125 元 ≠ 本年支出+结余分配+年末结转和结余 124 元"
        ),
    ]
    only_in = a.carry_over_identity(
        "表", "行", revenue=D(1), opening=None, spending=None, closing=None, tolerance=D(1)
    )
    assert only_in == [
        Disagreement(
            "表",
            "行",
            "本年收入+年初结转和结余 1 元 ≠ 本年支出+结余分配+年末结转和结余 0 元"
            "（整数元舍入差异）",
            True,
        )
    ]
    assert a.carry_over_identity(
        "表", "行", revenue=None, opening=None, spending=D(2), closing=None, tolerance=D(1)
    )[0].message.endswith("0 元 ≠ 本年支出+结余分配+年末结转和结余 2 元")


def test_carry_over_identity_totals_within_rounding():
    problems = a.carry_over_identity(
        "表",
        "行",
        revenue=D(100),
        opening=None,
        spending=D(100),
        closing=None,
        total_in=D(101),
        total_out=D(99),
        tolerance=D(1),
    )
    assert [(problem.message[:4], problem.rounding) for problem in problems] == [
        ("收入总计", True),
        ("支出总计", True),
    ]


def by_type(amount, coverage="fiscal", expense_type="basic"):
    """An ExpenditureByType row: spending printed by type alone (江苏 支出预算总表)."""
    return SimpleNamespace(coverage=coverage, expense_type=expense_type, amount=D(amount))


def test_untyped_function_view_is_checked_against_the_basic_spending_printed_by_type():
    """江苏 prints one amount per 项 (untyped): its economic table of basic spending is
    compared with the 财政拨款 basic spending the document prints by type."""
    lines = [fact("300.00", "unsplit"), fact("50.00", "unsplit", source="government_fund")]
    economic_lines = [
        economic("120.00", "basic"),
        economic("80.00", "basic", code="30201", source="government_fund"),
    ]
    spent = [revenue("300.00"), revenue("50.00", source="government_fund")]
    agreeing = [by_type("200.00"), by_type("150.00", expense_type="project")]
    assert a.check_document(spent, lines, economic_lines, spending_by_type=agreeing) == []
    differing = [by_type("201.00"), by_type("149.00", expense_type="project")]
    assert a.check_document(spent, lines, economic_lines, spending_by_type=differing) == [
        Disagreement("经济分类", "合计", "经济分类 200.00 元 ≠ 财政拨款基本支出 201.00 元")
    ]
    # All money (not 财政拨款) printed by type is not what the economic table covers.
    assert a.check_document(spent, lines, economic_lines, [], [by_type("1.00", "all")]) == []
    # Nothing printed by type: nothing to compare the economic view with.
    assert a.check_document(spent, lines, economic_lines) == []
    # An economic view that leaves out a fiscal source with spending is not comparable.
    partial = economic_lines[:1]
    assert a.check_document(spent, lines, partial, spending_by_type=differing) == []


def test_a_printed_split_gives_every_figure_of_a_split():
    """Pages read any figure of a document's split (江苏's unsplit and reserve too), as
    printed where the document prints it, computed elsewhere."""
    split = Split()
    split.add("personnel", D(5))
    split.add("unsplit", D(7))
    printed = a.PrintedSplit(split, {"total": D(13)})
    assert (printed.total, printed.basic, printed.personnel) == (D(13), D(5), D(5))
    assert (printed.unsplit, printed.reserve, printed.project) == (D(7), None, None)
    with pytest.raises(AttributeError):
        printed.nonsense  # noqa: B018
