"""The official tables (``budgets.disclosures.tables``) built from hand-made facts shaped as
``load_facts`` and ``shanghai.facts_as_stored`` give them, compared cell by cell. No PDF,
database or browser; scripts/mutation.sh runs these against the builders' mutants."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from budgets.disclosures import tables
from budgets.disclosures.tables import Code, Column, HeaderCell, PublishedTable, Row, common
from budgets.performance.models import Indicator

D = Decimal


def ns(**kwargs):
    return SimpleNamespace(**kwargs)


def fn_line(amount, expense_type, source, code):
    return ns(
        amount=D(amount),
        expense_type=expense_type,
        source=source,
        function=ns(code=code),
        function_id=code,
    )


def rev_line(amount, source, code=None, item=""):
    return ns(
        amount=D(amount),
        source=source,
        expense_type="",
        function=ns(code=code) if code else None,
        function_id=code,
        item=item,
    )


def econ_line(amount, expense_type, source, code, gov=None):
    return ns(
        amount=D(amount),
        expense_type=expense_type,
        source=source,
        dept_economic=ns(code=code),
        gov_economic=ns(code=gov) if gov else None,
        gov_economic_id=gov,
    )


FUNCTION_NAMES = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010350": "事业运行",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "212": "城乡社区支出",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120801": "征地和拆迁补偿支出",
    "223": "国有资本经营预算支出",
    "22301": "解决历史遗留问题及改革成本支出",
    "2230105": "国有企业退休人员社会化管理补助支出",
}
DEPT_NAMES = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "302": "商品和服务支出",
    "30201": "办公费",
}
GOV_NAMES = {"501": "机关工资福利支出", "50101": "工资奖金津补贴", "502": "机关商品和服务支出"}


def restricted(**amounts):
    names = [
        "outbound_travel",
        "reception",
        "vehicle_purchase",
        "vehicle_operation",
        "meetings",
        "training",
        "administrative_running",
    ]
    return ns(**{name: (D(amounts[name]) if name in amounts else None) for name in names})


def facts(**overrides):
    """一般公共预算: 2010301 basic 100, 2010350 project 50, 2080505 basic 20; 政府性基金:
    2120801 project 30; 国有资本经营: 2230105 basic 4; 事业收入: 2010301 project 10;
    其他收入 5 not by function. 表8: 人员经费 80, 公用经费 40 (一般公共预算)."""
    values = {
        "document": ns(amount_unit="元", amount_places=2),
        "revenue": [
            rev_line(100, "general_public", "2010301"),
            rev_line(50, "general_public", "2010350"),
            rev_line(20, "general_public", "2080505"),
            rev_line(30, "government_fund", "2120801"),
            rev_line(4, "state_capital", "2230105"),
            rev_line(10, "operating", "2010301"),
            rev_line(5, "other"),
        ],
        "function_lines": [
            fn_line(100, "basic", "general_public", "2010301"),
            fn_line(50, "project", "general_public", "2010350"),
            fn_line(20, "basic", "general_public", "2080505"),
            fn_line(30, "project", "government_fund", "2120801"),
            fn_line(4, "basic", "state_capital", "2230105"),
            fn_line(10, "project", "operating", "2010301"),
        ],
        "economic_lines": [
            econ_line(80, "personnel", "general_public", "30101", "50101"),
            econ_line(40, "running", "general_public", "30201", "50201"),
            econ_line(7, "running", "operating", "30202"),
            econ_line(9, "project", "general_public", "31001"),
        ],
        "basic_splits": [],
        "projects": [],
        "restricted": {},
        "procurement_items": [],
        "target_sets": [],
        "notes": {},
        "template_tables": [],
        "names": {
            "function": FUNCTION_NAMES,
            "dept_economic": DEPT_NAMES,
            "gov_economic": GOV_NAMES,
        },
    }
    values.update(overrides)
    return tables.DocumentFacts(**values)


def cells(table):
    """Each row as (kind, depth, cells), codes shown as #code."""
    return [
        (
            row.kind,
            row.depth,
            [
                f"#{cell.code}/{cell.scheme}" if isinstance(cell, Code) else cell
                for cell in row.cells
            ],
        )
        for row in table.rows
    ]


def amounts(*values):
    return [None if value is None else D(value) for value in values]


def header(table):
    return [[(cell.text, cell.colspan, cell.rowspan) for cell in row] for row in table.header()]


def code_rows(rows, scheme="function", names=FUNCTION_NAMES):
    """Expected rows of a 类/款/项 table: (code, amounts…)."""
    expected = []
    for code, *figures in rows:
        depth = (3, 5, 7).index(len(code))
        kind = "group" if depth < 2 else "item"
        expected.append((kind, depth, [f"#{code}/{scheme}", names[code], *amounts(*figures)]))
    return expected


# 上海.


def test_shanghai_summary():
    table = tables.BUILDERS["shanghai_summary"](facts())
    assert table.layout is True
    assert table.column_names == ["收入项目", "收入预算数", "支出项目", "支出预算数"]
    assert [column.kind for column in table.columns] == ["text", "amount", "text", "amount"]
    assert cells(table) == [
        ("item", 0, ["一、财政拨款收入", D(204), "一、一般公共服务支出", D(160)]),
        ("item", 0, ["1、一般公共预算资金", D(170), "二、社会保障和就业支出", D(20)]),
        ("item", 0, ["2、政府性基金", D(30), "三、城乡社区支出", D(30)]),
        ("item", 0, ["3、国有资本经营预算", D(4), "四、国有资本经营预算支出", D(4)]),
        ("item", 0, ["二、事业收入", D(10), "", None]),
        ("item", 0, ["三、事业单位经营收入", None, "", None]),
        ("item", 0, ["四、其他收入", D(5), "", None]),
        ("total", 0, ["收入总计", D(219), "支出总计", D(214)]),
    ]
    assert header(table) == [
        [("本年收入", 2, 1), ("本年支出", 2, 1)],
        [("项目", 1, 1), ("预算数", 1, 1), ("项目", 1, 1), ("预算数", 1, 1)],
    ]


def test_shanghai_summary_with_personnel_and_running():
    splits = [
        ns(function=ns(code="201"), personnel=D(70), running=D(30)),
        ns(function=ns(code="208"), personnel=D(10), running=D(10)),
    ]
    lines = facts().function_lines + [fn_line(1, "basic", "general_public", "2130101")]
    names = {**FUNCTION_NAMES, "213": "农林水支出"}
    table = tables.BUILDERS["shanghai_summary"](
        facts(basic_splits=splits, function_lines=lines, names={"function": names})
    )
    assert table.column_names == [
        "收入项目",
        "收入预算数",
        "支出项目",
        "预算数合计",
        "基本支出人员经费",
        "基本支出公用经费",
        "项目支出",
    ]
    assert cells(table) == [
        (
            "item",
            0,
            ["一、财政拨款收入", D(204), "一、一般公共服务支出", *amounts(160, 70, 30, 60)],
        ),
        (
            "item",
            0,
            ["1、一般公共预算资金", D(170), "二、社会保障和就业支出", *amounts(20, 10, 10, None)],
        ),
        ("item", 0, ["2、政府性基金", D(30), "三、城乡社区支出", *amounts(30, None, None, 30)]),
        ("item", 0, ["3、国有资本经营预算", D(4), "四、农林水支出", *amounts(1, None, None, None)]),
        (
            "item",
            0,
            ["二、事业收入", D(10), "五、国有资本经营预算支出", *amounts(4, None, None, None)],
        ),
        ("item", 0, ["三、事业单位经营收入", None, "", None, None, None, None]),
        ("item", 0, ["四、其他收入", D(5), "", None, None, None, None]),
        ("total", 0, ["收入总计", D(219), "支出总计", *amounts(215, 80, 40, 90)]),
    ]
    assert header(table) == [
        [("本年收入", 2, 1), ("本年支出", 5, 1)],
        [("项目", 1, 3), ("预算数", 1, 3), ("项目", 1, 3), ("预算数", 4, 1)],
        [("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
        [("人员经费", 1, 1), ("公用经费", 1, 1)],
    ]


def test_shanghai_summary_with_more_classes_than_revenue_rows():
    lines = [fn_line(1, "basic", "general_public", f"2{n:02d}0101") for n in range(1, 10)]
    names = {f"2{n:02d}": f"类{n}" for n in range(1, 10)}
    table = tables.BUILDERS["shanghai_summary"](
        facts(revenue=[], function_lines=lines, names={"function": names})
    )
    assert [row.cells for row in table.rows[6:]] == [
        ["四、其他收入", None, "七、类7", D(1)],
        ["", None, "八、类8", D(1)],
        ["", None, "九、类9", D(1)],
        ["收入总计", None, "支出总计", D(9)],
    ]


def test_revenue_by_function():
    table = tables.BUILDERS["revenue_by_function"](facts())
    assert table.column_names == [
        "功能分类科目编码",
        "功能分类科目名称",
        "合计",
        "财政拨款收入",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
    ]
    assert [column.key for column in table.columns] == [
        "",
        "",
        "total",
        "fiscal",
        "operating",
        "business",
        "other",
    ]
    assert table.columns[0].code_parts == (3, 2, 2)
    assert cells(table) == code_rows(
        [
            ("201", 160, 150, 10, None, None),
            ("20103", 160, 150, 10, None, None),
            ("2010301", 110, 100, 10, None, None),
            ("2010350", 50, 50, None, None, None),
            ("208", 20, 20, None, None, None),
            ("20805", 20, 20, None, None, None),
            ("2080505", 20, 20, None, None, None),
            ("212", 30, 30, None, None, None),
            ("21208", 30, 30, None, None, None),
            ("2120801", 30, 30, None, None, None),
            ("223", 4, 4, None, None, None),
            ("22301", 4, 4, None, None, None),
            ("2230105", 4, 4, None, None, None),
        ]
    ) + [("total", 0, ["合计", "", *amounts(219, 204, 10, None, 5)])]
    assert header(table) == [
        [("功能分类科目编码", 3, 1)] + [(name, 1, 2) for name in table.column_names[1:]],
        [("类", 1, 1), ("款", 1, 1), ("项", 1, 1)],
    ]


BASIC_PROJECT = ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"]


def test_expenditure_by_function():
    table = tables.BUILDERS["expenditure_by_function"](facts())
    assert table.column_names == BASIC_PROJECT
    assert [column.key for column in table.columns] == ["", "", "total", "basic", "project"]
    assert cells(table) == code_rows(
        [
            ("201", 160, 100, 60),
            ("20103", 160, 100, 60),
            ("2010301", 110, 100, 10),
            ("2010350", 50, None, 50),
            ("208", 20, 20, None),
            ("20805", 20, 20, None),
            ("2080505", 20, 20, None),
            ("212", 30, None, 30),
            ("21208", 30, None, 30),
            ("2120801", 30, None, 30),
            ("223", 4, 4, None),
            ("22301", 4, 4, None),
            ("2230105", 4, 4, None),
        ]
    ) + [("total", 0, ["合计", "", *amounts(214, 124, 90)])]


def test_fiscal_tables_5_to_7():
    general = tables.BUILDERS["general_public_basic_project_by_function"](facts())
    assert general.column_names == BASIC_PROJECT
    assert cells(general) == code_rows(
        [
            ("201", 150, 100, 50),
            ("20103", 150, 100, 50),
            ("2010301", 100, 100, None),
            ("2010350", 50, None, 50),
            ("208", 20, 20, None),
            ("20805", 20, 20, None),
            ("2080505", 20, 20, None),
        ]
    ) + [("total", 0, ["合计", "", *amounts(170, 120, 50)])]
    fund = tables.BUILDERS["government_fund_by_function"](facts())
    assert cells(fund) == code_rows(
        [("212", 30, None, 30), ("21208", 30, None, 30), ("2120801", 30, None, 30)]
    ) + [("total", 0, ["合计", "", *amounts(30, None, 30)])]
    capital = tables.BUILDERS["state_capital_by_function"](facts())
    assert cells(capital) == code_rows(
        [("223", 4, 4, None), ("22301", 4, 4, None), ("2230105", 4, 4, None)]
    ) + [("total", 0, ["合计", "", *amounts(4, 4, None)])]
    empty = tables.BUILDERS["state_capital_by_function"](facts(function_lines=[]))
    assert cells(empty) == [("total", 0, ["合计", "", None, None, None])]


def test_shanghai_fiscal_summary():
    table = tables.BUILDERS["shanghai_fiscal_summary"](facts())
    assert table.layout is True
    assert table.column_names == [
        "财政拨款收入项目",
        "财政拨款收入预算数",
        "财政拨款支出项目",
        "合计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
    ]
    assert cells(table) == [
        (
            "item",
            0,
            [
                "一、一般公共预算资金",
                D(170),
                "一、一般公共服务支出",
                *amounts(150, 150, None, None),
            ],
        ),
        (
            "item",
            0,
            ["二、政府性基金", D(30), "二、社会保障和就业支出", *amounts(20, 20, None, None)],
        ),
        (
            "item",
            0,
            ["三、国有资本经营预算", D(4), "三、城乡社区支出", *amounts(30, None, 30, None)],
        ),
        ("item", 0, ["", None, "四、国有资本经营预算支出", *amounts(4, None, None, 4)]),
        ("total", 0, ["收入总计", D(204), "支出总计", *amounts(204, 170, 30, 4)]),
    ]
    assert header(table) == [
        [("财政拨款收入", 2, 1), ("财政拨款支出", 5, 1)],
        [("项目", 1, 1), ("预算数", 1, 1), ("项目", 1, 1)]
        + [(name, 1, 1) for name in ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
    ]
    few = tables.BUILDERS["shanghai_fiscal_summary"](
        facts(function_lines=[fn_line(1, "basic", "general_public", "2010301")])
    )
    assert [row.cells for row in few.rows] == [
        ["一、一般公共预算资金", D(170), "一、一般公共服务支出", *amounts(1, 1, None, None)],
        ["二、政府性基金", D(30), "", None, None, None, None],
        ["三、国有资本经营预算", D(4), "", None, None, None, None],
        ["收入总计", D(204), "支出总计", *amounts(1, 1, None, None)],
    ]


def test_general_public_basic_by_dept_economic():
    table = tables.BUILDERS["general_public_basic_by_dept_economic"](facts())
    assert table.column_names == [
        "经济分类科目编码",
        "部门经济分类科目名称",
        "合计",
        "人员经费",
        "公用经费",
    ]
    assert [column.key for column in table.columns] == ["", "", "total", "personnel", "running"]
    assert table.columns[0].code_parts == (3, 2)
    assert cells(table) == [
        ("group", 0, ["#301/dept_economic", "工资福利支出", *amounts(80, 80, None)]),
        ("item", 1, ["#30101/dept_economic", "基本工资", *amounts(80, 80, None)]),
        ("group", 0, ["#302/dept_economic", "商品和服务支出", *amounts(40, None, 40)]),
        ("item", 1, ["#30201/dept_economic", "办公费", *amounts(40, None, 40)]),
        ("total", 0, ["合计", "", *amounts(120, 80, 40)]),
    ]


def test_restricted_and_administrative():
    row = restricted(
        outbound_travel=1,
        reception=2,
        vehicle_purchase=1,
        vehicle_operation=3,
        administrative_running=50,
    )
    table = tables.BUILDERS["restricted_and_administrative"](facts(restricted={"current": row}))
    assert table.column_names == [
        "“三公”经费合计",
        "因公出国(境)费",
        "公务接待费",
        "公务用车购置及运行费小计",
        "公务用车购置费",
        "公务用车运行费",
        "机关运行经费预算数",
    ]
    assert cells(table) == [("item", 0, amounts(7, 1, 2, 4, 1, 3, 50))]
    assert header(table) == [
        [("“三公”经费预算数", 6, 1), ("机关运行经费预算数", 1, 3)],
        [
            ("合计", 1, 2),
            ("因公出国(境)费", 1, 2),
            ("公务接待费", 1, 2),
            ("公务用车购置及运行费", 3, 1),
        ],
        [("小计", 1, 1), ("购置费", 1, 1), ("运行费", 1, 1)],
    ]
    assert (
        tables.BUILDERS["restricted_and_administrative"](facts(restricted={"prior": row})).rows
        == []
    )


# Building a template table: title, unit, note and printed subtotals.


def template_table(position, kind, number, title, amount_unit="", table_id=None):
    return ns(
        id=table_id or position,
        position=position,
        kind=kind,
        number=number,
        title=title,
        amount_unit=amount_unit,
    )


def test_build_published_tables():
    template = [
        template_table(1, "expenditure_by_function", "3", "支出预算总表"),
        template_table(2, "restricted_and_administrative", "9", "“三公”经费表", "万元"),
    ]
    notes = {1: ns(title="2025年支出预算总表", note="注：单位为元。")}
    printed = {1: {("201", "total"): D(161), ("合计", "basic"): D(125), ("", "total"): D(1)}}
    document = ns(amount_unit="元", amount_places=0)
    built = tables.published_tables(
        facts(document=document, template_tables=template, notes=notes, printed=printed)
    )
    first, second = built
    assert (first.number, first.title, first.kind, first.position) == (
        "3",
        "2025年支出预算总表",
        "expenditure_by_function",
        1,
    )
    assert (first.amount_unit, first.amount_places, first.note) == ("元", 0, "注：单位为元。")
    assert first.rows[0].cells[2:] == amounts(161, 100, 60)
    assert first.rows[-1].cells[2:] == amounts(214, 125, 90)
    assert (second.number, second.title, second.amount_unit, second.amount_places) == (
        "9",
        "“三公”经费表",
        "万元",
        2,
    )
    assert second.note == ""
    one = tables.published_table(facts(document=document, template_tables=template), 2)
    assert one.title == "“三公”经费表"
    assert tables.published_table(facts(document=document, template_tables=template), 3) is None
    untitled = {1: ns(title="", note="")}
    again = tables.published_table(
        facts(document=document, template_tables=template, notes=untitled), 1
    )
    assert again.title == "支出预算总表"


# The shared structure.


def test_split_code_and_code():
    assert common.split_code("2010301", (3, 2, 2)) == ["201", "03", "01"]
    assert common.split_code("201", (3, 2, 2)) == ["201", "", ""]
    assert str(Code("2010301", "function")) == "2010301"
    assert common.chinese_number(1) == "一"
    assert common.chinese_number(10) == "十"
    assert common.chinese_number(11) == "十一"
    assert common.chinese_number(20) == "二十"
    assert common.chinese_number(24) == "二十四"
    assert common.prefixes(["2010301", "30101"], (3, 5, 7)) == {
        "201",
        "20103",
        "2010301",
        "301",
        "30101",
    }


def test_published_table_structure():
    table = common.new_table(
        [Column("编码", "code", code_parts=(3, 2)), Column("合计", "amount", key="total")],
        [Row([Code("30101", "dept_economic"), None]), Row(["合计", D(1)], kind="total")],
    )
    assert (table.number, table.title, table.kind, table.amount_unit) == ("", "", "", "")
    assert table.has_figures is True
    assert common.new_table([], [Row(["a", None])]).has_figures is False
    assert header(table) == [[("编码", 2, 1), ("合计", 1, 2)], [("类", 1, 1), ("款", 1, 1)]]
    plain = PublishedTable("1", "t", "k", "元", [Column("甲"), Column("乙")], [])
    assert header(plain) == [[("甲", 1, 1), ("乙", 1, 1)]]
    custom = PublishedTable("1", "t", "k", "元", [], [], header_rows=[[HeaderCell("x")]])
    assert header(custom) == [[("x", 1, 1)]]
    whole = PublishedTable("1", "t", "k", "元", [], [], amount_places=0)
    assert whole.places_in("元") == 0
    assert whole.places_in("万元") == 2
    assert common.row_key(table, table.rows[0]) == "30101"
    assert common.row_key(table, table.rows[1]) == "合计"
    layout = common.new_table([], [Row(["合计", D(1)], kind="total")], layout=True)
    assert common.row_key(layout, layout.rows[0]) == ""
    assert common.row_key(table, Row(["x"])) == ""


def test_printed_rows_and_put_printed():
    template = [
        template_table(1, "expenditure_by_function", "3", "支出预算总表"),
        template_table(2, "revenue_by_function", "2", "收入预算总表"),
        template_table(3, "expenditure_by_function", "3", "again", table_id=9),
    ]
    printed = {
        1: {("201", "total"): D(5), ("合计", "total"): D(6)},
        2: {("201", "total"): D(7)},
        9: {("201", "basic"): D(8)},
    }
    assert tables.printed_rows(
        facts(template_tables=template, printed=printed), tables.SPENDING_BY_FUNCTION
    ) == {
        "201": {"total": D(5), "basic": D(8)},
        "合计": {"total": D(6)},
    }
    table = tables.BUILDERS["expenditure_by_function"](facts())
    tables.put_printed(table, {})
    tables.put_printed(table, {("2010350", "project"): D(51), ("2010350", ""): D(9)})
    assert table.rows[3].cells[2:] == amounts(50, None, 51)


def test_document_facts_name():
    assert facts().name("function", "201") == "一般公共服务支出"
    assert facts().name("function", "999") == ""
    assert [tables.function_code(line) for line in facts().function_lines[:1]] == ["2010301"]
    economic = facts().economic_lines
    assert tables.dept_code(economic[0]) == "30101"
    assert tables.gov_code(economic[0]) == "50101"
    assert tables.gov_code(economic[2]) == ""


# 陕西.


@dataclass(frozen=True)
class Organisation:
    """An organisation as the builders read it (hashable, as a model instance is)."""

    code: str
    name: str
    parent: object = None
    parent_id: int | None = None


def organisation(with_department=True):
    department = Organisation("402", "宝鸡市人民政府办公室") if with_department else None
    return Organisation(
        code="402002",
        name="宝鸡市人民政府口岸办公室",
        parent=department,
        parent_id=402 if with_department else None,
    )


def shaanxi_facts(**overrides):
    document = ns(organisation=organisation(), amount_unit="元", amount_places=2)
    values = {
        "document": document,
        "revenue": [
            rev_line(100, "general_public"),
            rev_line(30, "government_fund"),
            rev_line(2, "higher_level_subsidy"),
            rev_line(10, "operating"),
            rev_line(3, "business"),
            rev_line(4, "affiliated"),
            rev_line(5, "other"),
            rev_line(6, "reserve_fund"),
            rev_line(7, "carried_over"),
            rev_line(8, "account_balance"),
        ],
        "function_lines": [
            fn_line(60, "personnel", "general_public", "2010301"),
            fn_line(25, "running", "general_public", "2010301"),
            fn_line(15, "project", "general_public", "2010350"),
            fn_line(30, "project", "government_fund", "2120801"),
            fn_line(10, "project", "operating", "2010350"),
        ],
        "economic_lines": [
            econ_line(60, "personnel", "general_public", "30101", "50101"),
            econ_line(25, "running", "general_public", "30201", "50201"),
            econ_line(15, "project", "general_public", "30201", "50201"),
            econ_line(20, "project", "government_fund", "31001", "50601"),
            econ_line(10, "running", "government_fund", "30201", "50201"),
            econ_line(10, "project", "operating", "39999"),
        ],
    }
    values.update(overrides)
    return facts(**values)


def column(table, index):
    return [row.cells[index] for row in table.rows]


def test_shaanxi_summary():
    table = tables.BUILDERS["summary"](shaanxi_facts())
    assert table.layout is True
    assert table.column_names[0] == "收入项目"
    revenue = list(zip(column(table, 0), column(table, 1), strict=True))
    assert revenue[:12] == [
        ("一、部门预算", D(154)),
        ("  1、财政拨款", D(130)),
        ("    (1)一般公共预算拨款", D(100)),
        ("       其中：专项资金列入部门预算的项目", None),
        ("    (2)政府性基金拨款", D(30)),
        ("    (3)国有资本经营预算收入", None),
        ("  2、上级补助收入", D(2)),
        ("  3、事业收入", D(10)),
        ("      其中：纳入财政专户管理的收费", None),
        ("  4、事业单位经营收入", D(3)),
        ("  5、附属单位上缴收入", D(4)),
        ("  6、其他收入", D(5)),
    ]
    assert revenue[12:-5] == [("", None)] * (len(table.rows) - 17)
    assert [row.cells for row in table.rows[-5:]] == [
        ["本年收入合计", D(154)] + ["本年支出合计", D(140)] * 3,
        ["用事业基金弥补收支差额", D(6)] + ["结转下年", None] * 3,
        ["上年实户资金余额", D(8)] + ["未安排支出的实户资金", None] * 3,
        ["上年结转", D(7)] + ["", None] * 3,
        ["收入总计", D(175)] + ["支出总计", D(140)] * 3,
    ]
    assert [row.kind for row in table.rows[:2]] == ["total", "item"]
    assert [row.kind for row in table.rows[-5:]] == ["total"] * 5
    functions = dict(zip(column(table, 2), column(table, 3), strict=True))
    assert functions["一、部门预算"] == D(140)
    assert functions["  1、一般公共服务支出"] == D(110)
    assert functions["  12、城乡社区支出"] == D(30)
    assert functions["  2、外交支出"] is None
    assert column(table, 2)[24] == "  24、其他支出"
    economic = list(zip(column(table, 4), column(table, 5), strict=True))
    assert economic[:8] == [
        ("一、部门预算", D(140)),
        ("  1、人员经费和公用经费支出", D(95)),
        ("    (1)工资福利支出", D(60)),
        ("    (2)商品和服务支出", D(35)),
        ("    (3)对个人和家庭的补助", None),
        ("    (4)资本性支出", None),
        ("  2、专项业务经费支出", D(45)),
        ("    (1)工资福利支出", None),
    ]
    assert economic[8:20] == [
        ("    (2)商品和服务支出", D(15)),
        ("    (3)对个人和家庭补助", None),
        ("    (4)债务利息及费用支出", None),
        ("    (5)资本性支出(基本建设)", None),
        ("    (6)资本性支出", D(20)),
        ("    (7)对企业补助(基本建设)", None),
        ("    (8)对企业补助", None),
        ("    (9)对社会保障基金补助", None),
        ("    (10)其他支出", D(10)),
        ("  3、上缴上级支出", None),
        ("  4、事业单位经营支出", None),
        ("  5、对附属单位补助支出", None),
    ]
    government = list(zip(column(table, 6), column(table, 7), strict=True))
    assert government[:4] == [
        ("一、部门预算", D(140)),
        ("  1、机关工资福利支出", D(60)),
        ("  2、机关商品和服务支出", D(50)),
        ("  3、机关资本性支出（一）", None),
    ]
    assert government[6] == ("  6、对事业单位资本性补助", D(20))
    assert header(table)[0] == [("收入", 2, 1), ("支出", 6, 1)]


def test_shaanxi_fiscal_summary():
    table = tables.BUILDERS["fiscal_summary"](shaanxi_facts())
    revenue = list(zip(column(table, 0), column(table, 1), strict=True))
    assert revenue[:5] == [
        ("一、财政拨款", D(130)),
        ("  1、一般公共预算拨款", D(100)),
        ("     其中：专项资金列入部门预算的项目", None),
        ("  2、政府性基金拨款", D(30)),
        ("  3、国有资本经营预算收入", None),
    ]
    assert [row.cells for row in table.rows[-3:]] == [
        ["本年收入合计", D(130)] + ["本年支出合计", D(130)] * 3,
        ["上年结转", None] + ["结转下年", None] * 3,
        ["收入总计", D(130)] + ["支出总计", D(130)] * 3,
    ]
    assert table.rows[0].cells[2:] == ["一、财政拨款", D(130)] * 3
    economic = dict(zip(column(table, 4), column(table, 5), strict=True))
    assert economic["  1、人员经费和公用经费支出"] == D(95)
    assert economic["  2、专项业务经费支出"] == D(35)


def test_shaanxi_revenue_and_expenditure_by_organisation():
    revenue = tables.BUILDERS["revenue_by_organisation"](shaanxi_facts())
    figures = amounts(175, 100, None, 30, 2, 10, 3, 4, 6, 7, 8, 5)
    assert cells(revenue) == [
        ("total", 0, ["合计", "", *figures]),
        ("group", 0, ["402", "宝鸡市人民政府办公室", *figures]),
        ("item", 1, ["402002", "宝鸡市人民政府口岸办公室", *figures]),
    ]
    assert revenue.column_names == [
        "单位编码",
        "单位名称",
        "合计",
        "一般公共预算拨款小计",
        "其中：专项资金列入部门预算项目",
        "政府性基金拨款",
        "上级补助收入",
        "事业收入",
        "事业单位经营收入",
        "对附属单位上缴收入",
        "用事业基金弥补收支差额",
        "上年结转",
        "上年实户资金余额",
        "其他收入",
    ]
    assert header(revenue) == [
        [("单位编码", 1, 3), ("单位名称", 1, 3), ("部门预算", 12, 1)],
        [("合计", 1, 2), ("一般公共预算拨款", 2, 1)]
        + [(name, 1, 2) for name in revenue.column_names[5:]],
        [("小计", 1, 1), ("其中：专项资金列入部门预算项目", 1, 1)],
    ]
    alone = shaanxi_facts(document=ns(organisation=organisation(False)))
    spending = tables.BUILDERS["expenditure_by_organisation"](alone)
    figures = amounts(140, 100, None, 30, 10, None, None, None, None, None)
    assert cells(spending) == [
        ("total", 0, ["合计", "", *figures]),
        ("group", 0, ["402002", "宝鸡市人民政府口岸办公室", *figures]),
    ]
    assert spending.column_names == [
        "单位编码",
        "单位名称",
        "合计",
        "公共预算拨款小计",
        "其中：专项资金列入部门预算的项目",
        "政府性基金拨款",
        "事业收入",
        "事业单位经营收入",
        "对附属单位上缴收入",
        "上年实户资金余额",
        "其他收入",
        "上年结转",
    ]
    assert header(spending)[1][2:] == [(name, 1, 2) for name in spending.column_names[5:]]
    assert header(spending)[0] == [("单位编码", 1, 3), ("单位名称", 1, 3), ("部门预算", 10, 1)]
    assert header(spending)[1][:2] == [("合计", 1, 2), ("公共预算拨款", 2, 1)]
    assert header(spending)[2] == [("小计", 1, 1), ("其中：专项资金列入部门预算的项目", 1, 1)]


def test_shaanxi_general_public_by_function():
    table = tables.BUILDERS["general_public_by_function"](shaanxi_facts())
    assert table.column_names == [
        "功能科目编码",
        "功能科目名称",
        "合计",
        "人员经费支出",
        "公用经费支出",
        "专项业务经费支出",
        "备注",
    ]
    assert cells(table) == [
        ("total", 0, ["合计", "", *amounts(100, 60, 25, 15), ""]),
        ("group", 0, ["#201/function", "一般公共服务支出", *amounts(100, 60, 25, 15), ""]),
        ("group", 1, ["#20103/function", FUNCTION_NAMES["20103"], *amounts(100, 60, 25, 15), ""]),
        ("item", 2, ["#2010301/function", "行政运行", *amounts(85, 60, 25, None), ""]),
        ("item", 2, ["#2010350/function", "事业运行", *amounts(15, None, None, 15), ""]),
    ]
    basic = tables.BUILDERS["general_public_basic_by_function"](shaanxi_facts())
    assert basic.column_names == [
        "功能科目编码",
        "功能科目名称",
        "合计",
        "人员经费支出",
        "公用经费支出",
        "备注",
    ]
    assert cells(basic)[0] == ("total", 0, ["合计", "", *amounts(85, 60, 25), ""])
    assert cells(basic)[-1] == ("item", 2, ["#2010350/function", "事业运行", None, None, None, ""])


def test_shaanxi_general_public_by_economic():
    table = tables.BUILDERS["general_public_by_economic"](shaanxi_facts())
    assert table.column_names == [
        "部门经济科目编码",
        "部门经济科目名称",
        "政府经济科目编码",
        "政府经济科目名称",
        "合计",
        "人员经费支出",
        "公用经费支出",
        "专项业务经费支出",
        "备注",
    ]
    assert cells(table) == [
        ("total", 0, ["合计", "", "", "", *amounts(100, 60, 25, 15), ""]),
        (
            "group",
            0,
            ["#301/dept_economic", "工资福利支出", "", "", *amounts(60, 60, None, None), ""],
        ),
        (
            "item",
            1,
            [
                "#30101/dept_economic",
                "基本工资",
                "#50101/gov_economic",
                "工资奖金津补贴",
                *amounts(60, 60, None, None),
                "",
            ],
        ),
        (
            "group",
            0,
            ["#302/dept_economic", "商品和服务支出", "", "", *amounts(40, None, 25, 15), ""],
        ),
        (
            "item",
            1,
            [
                "#30201/dept_economic",
                "办公费",
                "#50201/gov_economic",
                "",
                *amounts(40, None, 25, 15),
                "",
            ],
        ),
    ]
    basic = tables.BUILDERS["general_public_basic_by_economic"](shaanxi_facts())
    assert len(basic.column_names) == 8 and "专项业务经费支出" not in basic.column_names
    assert cells(basic)[0] == ("total", 0, ["合计", "", "", "", *amounts(85, 60, 25), ""])
    assert cells(basic)[-1][2][4:] == [*amounts(25, None, 25), ""]


def test_shaanxi_government_fund_summary():
    table = tables.BUILDERS["government_fund_summary"](shaanxi_facts())
    assert table.rows[0].cells[:2] == ["一、政府性基金拨款", D(30)]
    assert table.rows[1].cells[:2] == ["", None]
    functions = list(zip(column(table, 2), column(table, 3), strict=True))
    assert functions[:5] == [
        ("一、科学技术支出", None),
        ("二、文化旅游体育与传媒支出", None),
        ("三、社会保障和就业支出", None),
        ("四、节能环保支出", None),
        ("五、城乡社区支出", D(30)),
    ]
    economic = list(zip(column(table, 4), column(table, 5), strict=True))
    assert economic[:6] == [
        ("一、人员经费和公用经费支出", D(10)),
        ("    工资福利支出", None),
        ("    商品和服务支出", D(10)),
        ("    对个人和家庭的补助", None),
        ("    其他资本性支出", None),
        ("二、专项业务经费支出", D(20)),
    ]
    assert economic[11] == ("    资本性支出", D(20))
    assert economic[16:19] == [
        ("三、上缴上级支出", None),
        ("四、事业单位经营支出", None),
        ("五、对附属单位补助支出", None),
    ]
    government = list(zip(column(table, 6), column(table, 7), strict=True))
    assert government[1] == ("二、机关商品和服务支出", D(10))
    assert government[5] == ("六、对事业单位资本性补助", D(20))
    assert [row.kind for row in table.rows[:-1]] == ["item"] * (len(table.rows) - 1)
    assert cells(table)[-1] == ("total", 0, ["本年收入合计", D(30)] + ["本年支出合计", D(30)] * 3)


def project(name, amount, category="", subcategory="", unit=None, summary=""):
    return ns(
        name=name,
        amount=D(amount),
        category=category,
        subcategory=subcategory,
        organisation=unit,
        summary=summary,
    )


def test_shaanxi_projects():
    other_unit = Organisation("402003", "另一单位")
    projects = [
        project("口岸建设", 10, "专用项目", "政府履职专项", summary="简介"),
        project("通关服务", 5, "专用项目", "政府履职专项"),
        project("培训", 3),
        project("其他单位项目", 2, unit=other_unit),
    ]
    table = tables.BUILDERS["projects"](shaanxi_facts(projects=projects))
    assert table.column_names == ["单位编码", "单位（项目）名称", "项目金额", "项目简介"]
    assert cells(table) == [
        ("total", 0, ["合计", "", D(20), ""]),
        ("group", 0, ["402", "宝鸡市人民政府办公室", D(20), ""]),
        ("group", 1, ["402002", "宝鸡市人民政府口岸办公室", D(18), ""]),
        ("group", 2, ["", "专用项目", D(15), ""]),
        ("group", 3, ["", "政府履职专项", D(15), ""]),
        ("item", 4, ["", "口岸建设", D(10), "简介"]),
        ("item", 4, ["", "通关服务", D(5), ""]),
        ("item", 4, ["", "培训", D(3), ""]),
        ("group", 1, ["402003", "另一单位", D(2), ""]),
        ("item", 4, ["", "其他单位项目", D(2), ""]),
    ]
    alone = shaanxi_facts(
        document=ns(organisation=organisation(False)), projects=[project("培训", 3)]
    )
    assert cells(tables.BUILDERS["projects"](alone)) == [
        ("total", 0, ["合计", "", D(3), ""]),
        ("group", 0, ["402002", "宝鸡市人民政府口岸办公室", D(3), ""]),
        ("item", 3, ["", "培训", D(3), ""]),
    ]


def test_shaanxi_procurement_items():
    items = [
        ns(
            function=ns(code="2010301"),
            function_id="2010301",
            item="办公设备",
            catalogue="计算机",
            service_content="",
            specification="台式机",
            quantity=D("2.000"),
            dept_economic=ns(code="31002"),
            dept_economic_id="31002",
            gov_economic=ns(code="50306"),
            gov_economic_id="50306",
            timing="2025年3月",
            amount=D(12),
            note="说明",
        ),
        ns(
            function=None,
            function_id=None,
            item="物业服务",
            catalogue="",
            service_content="保洁",
            specification="",
            quantity=None,
            dept_economic=None,
            dept_economic_id=None,
            gov_economic=None,
            gov_economic_id=None,
            timing="",
            amount=D(8),
            note="",
        ),
    ]
    table = tables.BUILDERS["procurement_items"](shaanxi_facts(procurement_items=items))
    assert table.column_names[0] == "功能科目编码" and table.column_names[-2:] == [
        "预算金额",
        "说明",
    ]
    assert [c.code_parts for c in table.columns if c.kind == "code"] == [(3, 2, 2), (3, 2), (3, 2)]
    assert cells(table) == [
        ("total", 0, ["合计"] + [""] * 9 + [D(20), ""]),
        (
            "item",
            0,
            [
                "#2010301/function",
                "402002",
                "办公设备",
                "计算机",
                "",
                "台式机",
                "2",
                "#31002/dept_economic",
                "#50306/gov_economic",
                "2025年3月",
                D(12),
                "说明",
            ],
        ),
        ("item", 0, ["", "402002", "物业服务", "", "保洁", "", "", "", "", "", D(8), ""]),
    ]
    assert tables.BUILDERS["procurement_items"](shaanxi_facts()).rows == []


def test_shaanxi_restricted_spending():
    prior = restricted(outbound_travel=1, reception=2, vehicle_operation=4, meetings=8, training=16)
    current = restricted(reception=3, vehicle_purchase=5, vehicle_operation=4, meetings=8)
    table = tables.BUILDERS["restricted_spending"](
        shaanxi_facts(restricted={"prior": prior, "current": current})
    )
    figures = amounts(31, 7, 1, 2, 4, None, 4, 8, 16)
    figures += amounts(20, 12, None, 3, 9, 5, 4, 8, None)
    figures += amounts(-11, 5, -1, 1, 5, 5, 0, 0, -16)
    assert cells(table)[0] == ("total", 0, ["合计", "", *figures])
    assert len(table.rows) == 3
    assert table.column_names[2:4] == ["上年合计", "上年“三公”经费小计"]
    assert table.column_names[11] == "当年合计"
    assert table.column_names[-1] == "增减变化情况培训费"
    assert header(table)[0][2:] == [("上年", 9, 1), ("当年", 9, 1), ("增减变化情况", 9, 1)]
    assert header(table)[1][:4] == [
        ("合计", 1, 3),
        ("一般公共预算拨款安排的“三公”经费预算", 6, 1),
        ("会议费", 1, 3),
        ("培训费", 1, 3),
    ]
    assert header(table)[2][:4] == [
        ("小计", 1, 2),
        ("因公出国（境）费用", 1, 2),
        ("公务接待费", 1, 2),
        ("公务用车购置及运行维护费", 3, 1),
    ]
    assert header(table)[3][:3] == [
        ("小计", 1, 1),
        ("公务用车购置费", 1, 1),
        ("公务用车运行维护费", 1, 1),
    ]
    assert len(header(table)[1]) == 12
    empty = tables.BUILDERS["restricted_spending"](shaanxi_facts())
    assert empty.rows[0].cells[2:] == [None] * 27


def related(*items):
    return ns(all=lambda: list(items))


def indicator(level1, level2, number, content, value, note=""):
    return Indicator(
        level1=level1, level2=level2, number=number, content=content, value=value, note=note
    )


def target_set(kind, **kwargs):
    values = {
        "kind": kind,
        "name": "口岸建设",
        "competent_department": "宝鸡市人民政府办公室",
        "period": "2025-2027",
        "period_total": D(30),
        "period_fiscal": D(20),
        "period_other": D(10),
        "annual_total": D(12),
        "annual_fiscal": D(10),
        "annual_other": D(2),
        "goals": related(),
        "tasks": related(),
        "indicators": related(
            indicator("benefit", "social", 1, "通关时间", "缩短"),
            indicator("output", "quality", 2, "验收合格率", "100%", "备注"),
            indicator("output", "quantity", 3, "建成口岸", "1个"),
        ),
    }
    values.update(kwargs)
    return ns(**values)


INDICATOR_ROWS = [
    ["一级指标", "二级指标", "指标内容", "指标值", "备注"],
    ["产出指标", "数量指标", "指标3：建成口岸", "1个", ""],
    ["产出指标", "质量指标", "指标2：验收合格率", "100%", "备注"],
    ["效益指标", "社会效益指标", "指标1：通关时间", "缩短", ""],
]


def test_shaanxi_project_targets():
    goals = related(
        ns(horizon="annual", number=1, text="年度目标"),
        ns(horizon="period", number=1, text="建成口岸"),
    )
    sets = [target_set("project", goals=goals), target_set("unit_overall")]
    table = tables.BUILDERS["project_targets"](shaanxi_facts(target_sets=sets))
    assert (table.layout, table.form) == (True, True)
    assert table.column_names == ["一级指标", "二级指标", "指标内容", "指标值", "备注"]
    assert [(row.kind, row.cells) for row in table.rows] == [
        ("field", ["项目名称", "口岸建设"]),
        ("field", ["主管部门", "宝鸡市人民政府办公室"]),
        ("field", ["实施期资金", "实施期资金总额", D(30)]),
        ("field", ["", "其中：财政拨款", D(20)]),
        ("field", ["", "其他资金", D(10)]),
        ("field", ["总体目标", "目标1：建成口岸"]),
        ("heading", INDICATOR_ROWS[0]),
        *[("item", cells) for cells in INDICATOR_ROWS[1:]],
    ]
    annual_only = [
        target_set("project", goals=related(ns(horizon="annual", number=2, text="年度")))
    ]
    table = tables.BUILDERS["project_targets"](shaanxi_facts(target_sets=annual_only))
    assert table.rows[5].cells == ["总体目标", "目标2：年度"]


def test_shaanxi_unit_overall_targets():
    tasks = related(
        ns(number=1, name="口岸运行", content="保障通关", total=D(10), fiscal=D(8), other=D(2)),
        ns(number=2, name="建设", content="", total=D(5), fiscal=D(5), other=None),
    )
    goals = related(
        ns(horizon="annual", number=1, text="通关顺畅"), ns(horizon="period", number=1, text="x")
    )
    sets = [target_set("unit_overall", tasks=tasks, goals=goals, indicators=related())]
    table = tables.BUILDERS["unit_overall_targets"](shaanxi_facts(target_sets=sets))
    assert [(row.kind, row.cells) for row in table.rows] == [
        ("field", ["部门（单位）名称", "口岸建设"]),
        ("heading", ["年度主要任务", "主要内容", "总额", "财政拨款", "其他资金"]),
        ("item", ["任务1", "口岸运行保障通关", D(10), D(8), D(2)]),
        ("item", ["任务2", "建设", D(5), D(5), None]),
        ("total", ["金额合计", "", D(15), D(13), D(2)]),
        ("field", ["年度总体目标", "目标1：通关顺畅"]),
        ("heading", INDICATOR_ROWS[0]),
    ]
    assert (table.layout, table.form) == (True, True)


def test_shaanxi_special_fund_targets():
    goals = related(
        ns(horizon="period", number=1, text="三年"), ns(horizon="annual", number=1, text="一年")
    )
    sets = [target_set("special_fund", goals=goals, indicators=related()), target_set("project")]
    table = tables.BUILDERS["special_fund_targets"](shaanxi_facts(target_sets=sets))
    assert [(row.kind, row.cells) for row in table.rows] == [
        ("field", ["项目名称", "口岸建设"]),
        ("field", ["主管部门", "宝鸡市人民政府办公室"]),
        ("field", ["实施期限", "2025-2027"]),
        ("field", ["实施期资金", "实施期资金总额", D(30)]),
        ("field", ["", "其中：财政拨款", D(20)]),
        ("field", ["", "其他资金", D(10)]),
        ("field", ["年度资金", "年度资金总额", D(12)]),
        ("field", ["", "其中：财政拨款", D(10)]),
        ("field", ["", "其他资金", D(2)]),
        ("field", ["实施期总目标", "目标1：三年"]),
        ("field", ["年度目标", "目标1：一年"]),
        ("heading", INDICATOR_ROWS[0]),
    ]
    assert (table.layout, table.form) == (True, True)


def expected_kind(table, index):
    """A column holds codes where any cell is a Code, amounts where every cell is a figure
    or blank, text otherwise."""
    column_cells = [row.cells[index] for row in table.rows if index < len(row.cells)]
    if any(isinstance(cell, Code) for cell in column_cells):
        return "code"
    if column_cells and all(cell is None or isinstance(cell, Decimal) for cell in column_cells):
        return "amount"
    return "text"


def test_every_column_says_what_it_holds():
    from budgets.families.shaanxi import tables as shaanxi
    from budgets.families.shanghai_budget import tables as shanghai

    items = [
        ns(
            function=ns(code="2010301"),
            function_id="2010301",
            item="办公设备",
            catalogue="",
            service_content="",
            specification="",
            quantity=None,
            dept_economic=ns(code="31002"),
            dept_economic_id="31002",
            gov_economic=ns(code="50306"),
            gov_economic_id="50306",
            timing="",
            amount=D(12),
            note="",
        )
    ]
    row = restricted(outbound_travel=1, reception=2, administrative_running=3)
    built = {
        kind: builder(
            shaanxi_facts(
                restricted={"current": row},
                procurement_items=items,
                projects=[project("培训", 3)],
            )
        )
        for kind, builder in {**shanghai.BUILDERS, **shaanxi.BUILDERS}.items()
    }
    checked = 0
    for kind, table in built.items():
        if table.form or not table.rows:
            continue
        for index, column in enumerate(table.columns):
            wanted = expected_kind(table, index)
            if wanted == "text" and column.kind == "code":
                continue  # a code column of a table with no coded rows here
            assert (kind, column.name, column.kind) == (kind, column.name, wanted)
            checked += 1
    assert checked > 150


# 江苏 (the builders that need no database: 收支总表, 支出预算总表 and 财政拨款收支总表
# read ExpenditureByType rows, which the database suite covers).


def test_jiangsu_revenue():
    revenue = [
        rev_line(100, "general_public", item="公共财政拨款(补助)资金"),
        rev_line(30, "government_fund"),
        rev_line(6, "special_account"),
        rev_line(1, "operating", item="事业收入"),
        rev_line(2, "business", item="经营收入"),
        rev_line(4, "other", item="其他收入"),
        rev_line(8, "carried_over"),
    ]
    table = tables.BUILDERS["jiangsu_revenue"](facts(revenue=revenue))
    assert table.column_names == ["项目名称", "明细", "金额"]
    assert [(c.kind, c.key) for c in table.columns] == [
        ("text", ""),
        ("text", ""),
        ("amount", "total"),
    ]
    assert cells(table) == [
        ("total", 0, ["收入总计", "", D(151)]),
        ("group", 0, ["一般公共预算资金", "小计", D(100)]),
        ("item", 1, ["", "公共财政拨款(补助)资金", D(100)]),
        ("group", 0, ["政府性基金", "小计", D(30)]),
        ("group", 0, ["财政专户管理资金", "小计", D(6)]),
        ("group", 0, ["其他资金", "小计", D(7)]),
        ("item", 1, ["", "事业收入", D(1)]),
        ("item", 1, ["", "经营收入", D(2)]),
        ("item", 1, ["", "其他收入", D(4)]),
        ("group", 0, ["上年结转和结余资金", "小计", D(8)]),
    ]
    # The rows as the document prints them: the group's name where it is printed, every
    # item whatever its figure, a “其中” row without one.
    printed = [
        (1, 0, "revenue_total", "收入总计"),
        (2, 1, "general_public", "小计"),
        (3, 0, "general_public", "一般公共预算资金"),
        (3, 1, "general_public", "公共财政拨款(补助)资金"),
        (4, 1, "general_public", "专项收入"),
        (5, 0, "carried_over", "上年结转和结余资金"),
        (5, 1, "carried_over", "小计"),
        (6, 1, "carried_over", "其中：动用上年结转和结余资金"),
    ]
    table = tables.BUILDERS["jiangsu_revenue"](
        facts(revenue=revenue, **printed_rows("jiangsu_revenue", printed))
    )
    assert cells(table) == [
        ("total", 0, ["收入总计", "", D(151)]),
        ("group", 0, ["", "小计", D(100)]),
        ("item", 1, ["一般公共预算资金", "公共财政拨款(补助)资金", D(100)]),
        ("item", 1, ["", "专项收入", None]),
        ("group", 0, ["上年结转和结余资金", "小计", D(8)]),
        ("item", 1, ["", "其中：动用上年结转和结余资金", None]),
    ]


def printed_rows(kind, rows):
    """The facts' template table of ``kind`` and the PrintedRows it prints."""
    return {
        "template_tables": [ns(id=1, kind=kind)],
        "printed_rows": {
            1: [
                ns(position=position, side=side, code=code, label=label)
                for position, side, code, label in rows
            ]
        },
    }


def test_jiangsu_function_tables():
    lines = facts().function_lines + [fn_line(9, "", "general_public", "20103")]
    fiscal = tables.BUILDERS["jiangsu_fiscal_by_function"](facts(function_lines=lines))
    assert fiscal.column_names == ["功能科目编码", "功能科目名称", "金额"]
    assert [(c.kind, c.key) for c in fiscal.columns] == [
        ("code", ""),
        ("text", ""),
        ("amount", "total"),
    ]
    assert cells(fiscal) == [("total", 0, ["合计", "", D(200)])] + [
        (kind, depth, row[:2] + row[2:3])
        for kind, depth, row in code_rows(
            [
                ("201", 150),
                ("20103", 150),
                ("2010301", 100),
                ("2010350", 50),
                ("208", 20),
                ("20805", 20),
                ("2080505", 20),
                ("212", 30),
                ("21208", 30),
                ("2120801", 30),
            ]
        )
    ]
    general = tables.BUILDERS["jiangsu_general_public_by_function"](facts())
    assert cells(general)[0] == ("total", 0, ["合计", "", D(170)])
    assert len(general.rows) == 8
    fund = tables.BUILDERS["jiangsu_government_fund_by_function"](facts())
    assert cells(fund) == [("total", 0, ["合计", "", D(30)])] + code_rows(
        [("212", 30), ("21208", 30), ("2120801", 30)]
    )


def test_jiangsu_economic_tables():
    lines = facts().economic_lines + [econ_line(5, "personnel", "government_fund", "30101")]
    fiscal = tables.BUILDERS["jiangsu_fiscal_basic_by_economic"](facts(economic_lines=lines))
    assert fiscal.column_names == ["科目编码", "科目名称", "金额"]
    assert [(c.kind, c.key) for c in fiscal.columns] == [
        ("code", ""),
        ("text", ""),
        ("amount", "total"),
    ]
    assert cells(fiscal) == [
        ("total", 0, ["合计", "", D(125)]),
        ("group", 0, ["#301/dept_economic", "工资福利支出", D(85)]),
        ("item", 1, ["#30101/dept_economic", "基本工资", D(85)]),
        ("group", 0, ["#302/dept_economic", "商品和服务支出", D(40)]),
        ("item", 1, ["#30201/dept_economic", "办公费", D(40)]),
    ]
    general = tables.BUILDERS["jiangsu_general_public_basic_by_economic"](
        facts(economic_lines=lines)
    )
    assert cells(general)[:3] == [
        ("total", 0, ["合计", "", D(120)]),
        ("group", 0, ["#301/dept_economic", "工资福利支出", D(80)]),
        ("item", 1, ["#30101/dept_economic", "基本工资", D(80)]),
    ]


def test_jiangsu_restricted_and_administrative_running():
    row = restricted(
        outbound_travel=1,
        reception=2,
        vehicle_purchase=4,
        vehicle_operation=8,
        meetings=16,
        training=32,
        administrative_running=64,
    )
    table = tables.BUILDERS["jiangsu_restricted"](facts(restricted={"current": row}))
    assert table.column_names == [
        "合计",
        "“三公”经费小计",
        "因公出国（境）费",
        "公务用车购置及运行维护费小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
        "会议费",
        "培训费",
    ]
    assert {c.kind for c in table.columns} == {"amount"}
    assert cells(table) == [("item", 0, amounts(63, 15, 1, 12, 4, 8, 2, 16, 32))]
    assert header(table) == [
        [("合计", 1, 3), ("“三公”经费", 6, 1), ("会议费", 1, 3), ("培训费", 1, 3)],
        [
            ("小计", 1, 2),
            ("因公出国（境）费", 1, 2),
            ("公务用车购置及运行维护费", 3, 1),
            ("公务接待费", 1, 2),
        ],
        [("小计", 1, 1), ("公务用车购置费", 1, 1), ("公务用车运行维护费", 1, 1)],
    ]
    assert tables.BUILDERS["jiangsu_restricted"](facts()).rows == []
    running = tables.BUILDERS["jiangsu_administrative_running"](
        facts(restricted={"current": row}, running_lines=[])
    )
    assert running.column_names == ["科目编码", "科目名称", "机关运行经费支出"]
    assert [c.kind for c in running.columns] == ["code", "text", "amount"]
    assert cells(running) == [("total", 0, ["合计", "", D(64)])]
    empty = tables.BUILDERS["jiangsu_administrative_running"](facts(running_lines=[]))
    assert cells(empty) == [("total", 0, ["合计", "", None])]
    # Every 款 as printed, with its 类.
    lines = [
        ns(dept_economic=ns(code="30201"), amount=D(40), expense_type="running"),
        ns(dept_economic=ns(code="30101"), amount=D(24), expense_type="running"),
    ]
    by_code = tables.BUILDERS["jiangsu_administrative_running"](facts(running_lines=lines))
    assert cells(by_code) == [
        ("total", 0, ["合计", "", D(64)]),
        ("group", 0, ["#301/dept_economic", "工资福利支出", D(24)]),
        ("item", 1, ["#30101/dept_economic", "基本工资", D(24)]),
        ("group", 0, ["#302/dept_economic", "商品和服务支出", D(40)]),
        ("item", 1, ["#30201/dept_economic", "办公费", D(40)]),
    ]


def test_jiangsu_procurement():
    def document(*procurements):
        return ns(procurements=ns(first=lambda: procurements[0] if procurements else None))

    bought = ns(total=D(20), goods=D(12), works=None, services=D(8))
    table = tables.BUILDERS["jiangsu_procurement"](facts(document=document(bought)))
    assert table.column_names == [
        "采购品目大类",
        "专项名称",
        "经济科目",
        "采购物品名称",
        "采购组织形式",
        "总计",
    ]
    assert [(c.kind, c.key) for c in table.columns][-1] == ("amount", "total")
    assert cells(table) == [
        ("total", 0, ["合计", "", "", "", "", D(20)]),
        ("group", 0, ["一、货物A", "", "", "", "", D(12)]),
        ("group", 0, ["三、服务C", "", "", "", "", D(8)]),
    ]
    assert tables.BUILDERS["jiangsu_procurement"](facts(document=document())).rows == []

    def item(category, project, economic, catalogue, form, amount):
        return ns(
            category=category,
            item=project,
            economic_name=economic,
            catalogue=catalogue,
            organisation_form=form,
            amount=D(amount),
        )

    items = [
        item("goods", "办公设备购置费", "办公设备购置", "台式计算机", "分散自行组织", 3),
        item("goods", "办公设备购置费", "办公设备购置", "台式计算机", "政府集中采购", 2),
        item("goods", "办公设备购置费", "专用设备购置", "其他专用设备", "分散自行组织", 4),
        item("services", "交通运行费", "公务用车运行维护费", "车辆维修", "分散自行组织", 1),
    ]
    table = tables.BUILDERS["jiangsu_procurement"](facts(procurement_items=items))
    assert cells(table) == [
        ("total", 0, ["合计", "", "", "", "", D(10)]),
        ("group", 0, ["一、货物A", "", "", "", "", D(9)]),
        ("group", 1, ["", "办公设备购置费", "办公设备购置", "", "", D(5)]),
        ("item", 2, ["", "", "", "台式计算机", "分散自行组织", D(3)]),
        ("item", 2, ["", "", "", "", "政府集中采购", D(2)]),
        ("group", 1, ["", "", "专用设备购置", "", "", D(4)]),
        ("item", 2, ["", "", "", "其他专用设备", "分散自行组织", D(4)]),
        ("group", 0, ["三、服务C", "", "", "", "", D(1)]),
        ("group", 1, ["", "交通运行费", "公务用车运行维护费", "", "", D(1)]),
        ("item", 2, ["", "", "", "车辆维修", "分散自行组织", D(1)]),
    ]


# Remaining cells and headers that only particular facts reach.


def test_shanghai_business_revenue():
    revenue = [rev_line(3, "business", "2010301"), rev_line(1, "general_public", "2010301")]
    summary = tables.BUILDERS["shanghai_summary"](facts(revenue=revenue))
    assert summary.rows[5].cells[:2] == ["三、事业单位经营收入", D(3)]
    by_function = tables.BUILDERS["revenue_by_function"](facts(revenue=revenue))
    assert by_function.rows[2].cells[2:] == amounts(4, 1, None, 3, None)


def test_shanghai_summary_split_columns_hold_amounts():
    splits = [ns(function=ns(code="201"), personnel=D(70), running=D(30))]
    table = tables.BUILDERS["shanghai_summary"](facts(basic_splits=splits))
    assert [c.kind for c in table.columns] == ["text", "amount", "text"] + ["amount"] * 4


def test_shaanxi_state_capital_revenue_and_other_spending_sources():
    revenue = [rev_line(4, "state_capital"), rev_line(1, "general_public")]
    summary = tables.BUILDERS["summary"](shaanxi_facts(revenue=revenue))
    assert summary.rows[5].cells[:2] == ["    (3)国有资本经营预算收入", D(4)]
    fiscal = tables.BUILDERS["fiscal_summary"](shaanxi_facts(revenue=revenue))
    assert fiscal.rows[4].cells[:2] == ["  3、国有资本经营预算收入", D(4)]
    assert (fiscal.layout, header(fiscal)) == (True, header(summary))
    lines = [
        fn_line(amount, "project", source, "2010350")
        for amount, source in [
            (1, "business"),
            (2, "affiliated"),
            (4, "account_balance"),
            (8, "other"),
            (16, "carried_over"),
        ]
    ]
    spending = tables.BUILDERS["expenditure_by_organisation"](shaanxi_facts(function_lines=lines))
    assert spending.rows[0].cells[2:] == amounts(31, None, None, None, None, 1, 2, 4, 8, 16)


def test_shaanxi_government_fund_summary_layout():
    table = tables.BUILDERS["government_fund_summary"](shaanxi_facts())
    summary = tables.BUILDERS["summary"](shaanxi_facts())
    assert table.layout is True
    assert header(table) == header(summary)
    assert header(table)[1][2:4] == [("支出功能分类科目（按大类）", 1, 1), ("预算数", 1, 1)]


def test_shaanxi_basic_economic_table_lists_project_only_codes_blank():
    lines = shaanxi_facts().economic_lines + [econ_line(3, "project", "general_public", "31002")]
    table = tables.BUILDERS["general_public_basic_by_economic"](shaanxi_facts(economic_lines=lines))
    assert cells(table)[-2:] == [
        ("group", 0, ["#310/dept_economic", "", "", "", None, None, None, ""]),
        ("item", 1, ["#31002/dept_economic", "", "", "", None, None, None, ""]),
    ]


def test_shaanxi_procurement_and_restricted_columns():
    procurement = tables.BUILDERS["procurement_items"](shaanxi_facts())
    assert procurement.column_names == [
        "功能科目编码",
        "单位编码",
        "采购项目",
        "采购目录",
        "购买服务内容",
        "规格型号",
        "数量",
        "部门预算支出经济科目编码",
        "政府预算支出经济科目编码",
        "实施采购时间",
        "预算金额",
        "说明",
    ]
    assert header(procurement) == [
        [("功能科目编码", 3, 1)]
        + [(name, 1, 2) for name in procurement.column_names[1:7]]
        + [("部门预算支出经济科目编码", 2, 1), ("政府预算支出经济科目编码", 2, 1)]
        + [(name, 1, 2) for name in procurement.column_names[9:]],
        [("类", 1, 1), ("款", 1, 1), ("项", 1, 1)] + [("类", 1, 1), ("款", 1, 1)] * 2,
    ]
    restricted_table = tables.BUILDERS["restricted_spending"](shaanxi_facts())
    names = [
        "合计",
        "“三公”经费小计",
        "因公出国（境）费用",
        "公务接待费",
        "公务用车购置及运行维护费小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "会议费",
        "培训费",
    ]
    assert restricted_table.column_names == ["单位编码", "单位名称"] + [
        f"{period}{name}" for period in ("上年", "当年", "增减变化情况") for name in names
    ]
    rows = header(restricted_table)
    assert rows[0][:2] == [("单位编码", 1, 4), ("单位名称", 1, 4)]
    assert [len(row) for row in rows] == [5, 12, 12, 9]


def test_shaanxi_target_forms_columns():
    for kind in ("project_targets", "unit_overall_targets", "special_fund_targets"):
        table = tables.BUILDERS[kind](shaanxi_facts())
        assert table.column_names == ["一级指标", "二级指标", "指标内容", "指标值", "备注"]
        assert table.rows == []


def test_printed_rows_of_a_table_without_printed_figures():
    template = [template_table(1, "expenditure_by_function", "3", "支出预算总表")]
    assert tables.printed_rows(facts(template_tables=template), tables.SPENDING_BY_FUNCTION) == {}


def test_put_printed_only_into_a_keyed_row_and_column():
    table = common.new_table(
        [Column("名称"), Column("合计", "amount", key="total")], [Row(["说明", D(1)])]
    )
    tables.put_printed(table, {("", "total"): D(5), ("", ""): D(6)})
    assert table.rows[0].cells == ["说明", D(1)]
