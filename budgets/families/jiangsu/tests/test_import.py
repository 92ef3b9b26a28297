"""江苏省省级部门预算: reading the twelve 公开表 (grids without PDFs, and the published files),
checking them, storing the facts and building every table back as printed."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgets.disclosures.models import Document, ExpenditureByType, Template
from budgets.disclosures.tables import load_facts, published_tables
from budgets.families.jiangsu import find, grids
from budgets.importers import registry
from budgets.importers.pdf import ImportRefusedError, Page, read_pdf


def wan(text):
    return Decimal(text.replace(",", "")) * 10000


# ---------------------------------------------------------------------------
# Grid reading without PDFs.


def block(rows, title="财政拨款支出预算表（功能科目）"):
    return find.Block(kind=find.kind_of_title(title), title=title, pages=[1], rows=rows)


def cleaned(grid):
    return [[find.clean(cell) for cell in row] for row in grid]


def test_titles_are_known_by_their_words_whatever_the_numbering():
    assert find.kind_of_title("公开 05 表：财政拨款支出预算表（功能科目）") == (
        "jiangsu_fiscal_by_function"
    )
    assert find.kind_of_title("公开表三") is None
    assert find.kind_of_title("十一、一般公共预算 三公 经费、会议费、培训费支出预算表") == (
        "jiangsu_restricted"
    )
    assert find.kind_of_title("2019年政府采购预算表") == "jiangsu_procurement"
    assert find.kind_of_title("收支预算总表") != find.kind_of_title("财政拨款收支预算总表")


def test_code_table_reads_whole_codes_blank_rows_and_a_total_printed_above_its_label():
    table = grids.read_code_table(
        block(
            cleaned(
                [
                    ["", "部门：", "江苏省某厅", "单位：万元"],
                    ["", "功能科目编码", "功能科目名称", "金额"],
                    ["", None, "", "1,234.56"],
                    ["", "", "合 计", None],
                    ["", None, None, None],
                    ["201", None, "一般公共服务支出", "1,234.56"],
                    ["20131", None, "党委办公厅（室）及相关机构事务", "1,234.56"],
                    ["2013101", None, "行政运行", "1,000.00"],
                    ["2013102", None, "一般行政管理\n事务", "234.56"],
                ]
            )
        )
    )
    assert table.total == wan("1234.56")
    assert [code for code, _name, _amount in table.rows] == ["201", "20131", "2013101", "2013102"]
    assert table.rows[3] == ("2013102", "一般行政管理事务", wan("234.56"))


def test_tables_found_by_titles_in_the_grid_and_in_the_text_two_to_a_page():
    page = Page(
        number=3,
        lines=[
            "30312 提租补贴 1,018.01",
            "财政拨款政府性基金支出预算",
            "表",
            "部门： 某厅 单位：万元",
            "合计",
        ],
        tables=[
            [["30312", "提租补贴", "1,018.01"]],
            [["部门：", "某厅", "单位：万元"], ["合计", None, ""]],
        ],
    )
    first = Page(
        number=2,
        lines=["财政拨款基本支出预算表", "科目编码 科目名称 金额", "合计 1,018.01"],
        tables=[
            [
                ["财政拨款基本支出预算表\n部门：某厅 单位：万元", None, None],
                ["科目编码", "科目名称", "金额"],
                ["合计", None, "1,018.01"],
                ["303", "对个人和家庭的补助", "1,018.01"],
            ]
        ],
    )
    blocks, repeats = find.find_blocks([first, page])
    assert not repeats
    basic = grids.read_code_table(blocks["jiangsu_fiscal_basic_by_economic"])
    assert [code for code, _n, _a in basic.rows] == ["303", "30312"]
    assert blocks["jiangsu_government_fund_by_function"].pages == [3]
    assert grids.read_code_table(blocks["jiangsu_government_fund_by_function"]).rows == []


def test_summary_labels_wrapped_over_rows_are_joined_and_split_headers_read():
    summary, classes, labels = grids.read_label_pairs(
        block(
            cleaned(
                [
                    [
                        "一、财政\n拨款",
                        "100.00",
                        "一、一般公共服务\n支出",
                        "80.00",
                        "一、基本支出",
                        "60.00",
                    ],
                    ["", "", "八、社会保障和就", "20.00", "二、项目支出", "40.00"],
                    ["", "", "业支出", None, "", ""],
                    ["当年收入", "100.00", "当年支出小计", None, None, "100.00"],
                    ["小计", None, None, None, None, None],
                ]
            ),
            "收支预算总表",
        )
    )
    assert summary["fiscal"] == wan("100") and summary["project"] == wan("40")
    assert classes == [("一般公共服务支出", wan("80")), ("社会保障和就业支出", wan("20"))]
    # Printed as it is: “业支出” and “小计” are ruled rows of their own, below their figures.
    assert grids.label_layout(labels, {"社会保障和就业支出": "208"}, 2) == [
        (1, 0, "fiscal", "一、财政拨款"),
        (1, 1, "", "一、一般公共服务支出"),
        (2, 1, "208", "八、社会保障和就"),
        (3, 1, "", "业支出"),
        (1, 2, "basic", "一、基本支出"),
        (2, 2, "project", "二、项目支出"),
        (4, 0, "income_subtotal", "当年收入"),
        (5, 0, "", "小计"),
        (4, 1, "spending_subtotal", "当年支出小计"),
    ]
    values, _rows = grids.read_columns(
        block(
            cleaned(
                [
                    ["", "单位预留机动经", ""],
                    ["合计", None, "基本支出"],
                    [None, "费", None],
                    ["12.00", "2.00", "10.00"],
                ]
            ),
            "支出预算总表",
        ),
        grids.EXPENSE_COLUMNS,
    )
    assert values == {"total": wan("12"), "reserve": wan("2"), "basic": wan("10")}


def two_tables_to_a_page():
    """Two tables to a page, their titles in the text between the grids; a note of the first
    names the second's header (“科目编码”); below the page's edge, a second copy of a table."""
    first_grid = [
        ["部门：某院", None, "单位：万元"],
        ["科目代码", "功能科目名称", "金额"],
        ["合计", None, "10.00"],
        ["204", "公共安全支出", "10.00"],
        ["20404", "检察", "10.00"],
        ["2040401", "行政运行", "10.00"],
    ]
    second_grid = [
        ["科目编码", "科目名称", "金额"],
        ["合计", None, "10.00"],
        ["301", "工资福利支出", "10.00"],
        ["30101", "基本工资", "10.00"],
        ["财政拨款基本支出预算表", None, None],
        ["301", "工资福利支出", "99.00"],
    ]
    lines = [
        "公开07表",
        "一般公共预算支出预算表（功能科目）",
        "部门：某院 单位：万元",
        "科目代码 功能科目名称 金额",
        "合计 10.00",
        "204 公共安全支出 10.00",
        "20404 检察 10.00",
        "2040401 行政运行 10.00",
        "注：“科目编码”和“科目名称”为必填项。",
        "公开08表",
        "一般公共预算基本支出预算表（经济科目）",
        "科目编码 科目名称 金额",
        "合计 10.00",
        "301 工资福利支出 10.00",
        "30101 基本工资 10.00",
        "财政拨款基本支出预算表",
        "301 工资福利支出 99.00",
    ]
    tops = [100, 130, 160, 180, 200, 220, 240, 260, 280, 400, 430, 460, 480, 500, 520, 850, 870]
    return Page(
        number=18,
        lines=lines,
        tables=[first_grid, second_grid],
        height=842.0,
        line_extents=[(top, top + 12) for top in tops],
        table_row_extents=[
            [(top - 2, top + 18) for top in (160, 180, 200, 220, 240, 260)],
            [(top - 2, top + 18) for top in (460, 480, 500, 520, 850, 870)],
        ],
    )


def test_positions_order_titles_and_grids_and_what_lies_below_the_page_is_left_out():
    """Text order alone would misplace the second title (a note of the first table names
    the second's header); the copy below the page's edge, which nobody sees, is left out."""
    page = two_tables_to_a_page()
    blocks, repeats = find.find_blocks([page])
    assert not repeats
    assert set(blocks) == {
        "jiangsu_general_public_by_function",
        "jiangsu_general_public_basic_by_economic",
    }
    function = grids.read_code_table(blocks["jiangsu_general_public_by_function"])
    assert [code for code, _n, _a in function.rows] == ["204", "20404", "2040401"]
    basic = grids.read_code_table(blocks["jiangsu_general_public_basic_by_economic"])
    assert basic.rows == [("301", "工资福利支出", wan("10")), ("30101", "基本工资", wan("10"))]
    # Without positions the same page is read in text order, and the note misleads it.
    page.height = None
    blocks, _repeats = find.find_blocks([page])
    misread = grids.read_code_table(blocks["jiangsu_general_public_by_function"])
    assert "301" in [code for code, _n, _a in misread.rows]


def test_a_figure_ruled_into_the_row_below_its_code_or_its_total_belongs_to_it():
    table = grids.read_code_table(
        block(
            [
                ["", "合计", None, None],
                [None, None, None, "16,444.36"],
                ["204", None, "公共安全支出", ""],
                [None, None, None, "16,444.36"],
                ["20404", None, "检察", "16,444.36"],
                ["2040401", None, "行政运行", "16,444.36"],
            ]
        )
    )
    assert table.total == wan("16444.36")
    assert table.rows[0] == ("204", "公共安全支出", wan("16444.36"))


def test_summary_figures_go_to_their_own_column_whatever_rows_the_labels_wrap_over():
    """收入 | 功能分类 | 支出用途: “三、单位预留机动” / “经费” prints its figure on the middle
    row, beside “三、国防支出” (which prints none); “当年支出小计” is drawn across the 支出用途
    label column and keeps its figure."""
    summary, classes, labels = grids.read_label_pairs(
        block(
            [
                ["", "部门：", "", "某院", "", "", "", "单位：万元"],
                ["", "项目名称", "", "金额", "功能科目名称", "金额", "项目名称", "金额"],
                [
                    "",
                    "一、财政拨款",
                    "",
                    "30.00",
                    "一、公共安全支出",
                    "20.00",
                    "一、基本支出",
                    "18.00",
                ],
                ["", "1.一般公共预", "", None, "", "", "三、单位预留机动", None],
                [None, None, "", "30.00", "二、国防支出", "", None, "12.00"],
                [None, "算", None, None, None, None, "经费", None],
                ["", "二、财政专户管理", "", None, "三、住房保障", "10.00", "", ""],
                [None, "资金", None, "", "支出", None, "", ""],
                ["", "当年收入小计", "", "30.00", "当年支出小计", None, None, "30.00"],
            ],
            "收支预算总表",
        )
    )
    assert summary["fiscal"] == wan("30") and summary["general_public"] == wan("30")
    assert summary["reserve"] == wan("12") and summary["basic"] == wan("18")
    assert summary["special_account"] is None
    assert summary["spending_subtotal"] == wan("30")
    assert classes == [
        ("公共安全支出", wan("20")),
        ("国防支出", None),
        ("住房保障支出", wan("10")),
    ]
    # Labels wrapped within their merged cells print whole, on one row.
    assert grids.label_layout(labels, {"公共安全支出": "204"}, 2) == [
        (1, 0, "fiscal", "一、财政拨款"),
        (2, 0, "general_public", "1.一般公共预算"),
        (3, 0, "special_account", "二、财政专户管理资金"),
        (1, 1, "204", "一、公共安全支出"),
        (2, 1, "", "二、国防支出"),
        (3, 1, "", "三、住房保障支出"),
        (1, 2, "basic", "一、基本支出"),
        (2, 2, "reserve", "三、单位预留机动经费"),
        (4, 0, "income_subtotal", "当年收入小计"),
        (4, 1, "spending_subtotal", "当年支出小计"),
    ]


def test_revenue_groups_named_in_the_middle_of_their_merged_cell():
    groups, total, rows = grids.read_revenue(
        block(
            [
                ["收入总计", None, "", "30.00"],
                [None, "", "小计", "29.00"],
                ["一般公共预算资金", "", "公共财政拨款(补助)资金", "29.00"],
                [None, "", "专项收入", ""],
                ["政府性基金", "", "小计", ""],
                [None, "", "小计", "1.00"],
                [None, "", "事业收入", ""],
                ["其他资金", "", "经营收入", ""],
                [None, "", "其他收入", "1.00"],
            ],
            "收入预算总表",
        )
    )
    assert total == wan("30")
    assert groups["general_public"] == {
        "小计": wan("29"),
        "公共财政拨款(补助)资金": wan("29"),
        "专项收入": None,
    }
    assert groups["other_funds"]["小计"] == wan("1") and groups["other_funds"]["其他收入"] == wan(
        "1"
    )
    assert groups["government_fund"] == {"小计": None}
    # Every row as printed, the group's name on the row it is printed on.
    assert rows == [
        (1, 0, "revenue_total", "收入总计"),
        (2, 1, "general_public", "小计"),
        (3, 0, "general_public", "一般公共预算资金"),
        (3, 1, "general_public", "公共财政拨款(补助)资金"),
        (4, 1, "general_public", "专项收入"),
        (5, 0, "government_fund", "政府性基金"),
        (5, 1, "government_fund", "小计"),
        (6, 1, "other_funds", "小计"),
        (7, 1, "other_funds", "事业收入"),
        (8, 0, "other_funds", "其他资金"),
        (8, 1, "other_funds", "经营收入"),
        (9, 1, "other_funds", "其他收入"),
    ]


def test_restricted_figures_read_under_the_header_column_they_are_printed_in():
    """The figures' cells are ruled apart from the header's, and a ruling cuts “267.80”."""
    header = [
        ("合计", (90, 139)),
        ("“三公”经费", (150, 426)),
        ("会议费", (437, 464)),
        ("培训费", (475, 508)),
        ("小计", (145, 194)),
        ("因公出国（境）费", (199, 237)),
        ("公务用车购置及运行维护费", (243, 390)),
        ("公务接待费", (395, 426)),
        ("小计", (248, 282)),
        ("公务用车购置费", (293, 330)),
        ("公务用车运行维护费", (341, 379)),
    ]
    figures = [
        ("1,384.74", (90, 139)),
        ("484.30", (150, 188)),
        ("100.00", (199, 237)),
        ("267.80", (248, 282)),
        ("", (293, 330)),
        ("267.8", (341, 379)),
        ("0", (379, 390)),
        ("116.50", (395, 426)),
        ("200.44", (437, 464)),
        ("700.00", (475, 508)),
    ]
    restricted = block([], "三公经费、会议费、培训费支出预算表")
    for text, extent in header:
        restricted.rows.append([text])
        restricted.extents.append([extent])
    restricted.rows.append([text for text, _extent in figures])
    restricted.extents.append([extent for _text, extent in figures])
    values = grids.read_restricted(restricted)
    assert values == {
        "total": wan("1384.74"),
        "three_public": wan("484.30"),
        "outbound_travel": wan("100"),
        "vehicle_total": wan("267.80"),
        "vehicle_purchase": None,
        "vehicle_operation": wan("267.80"),
        "reception": wan("116.50"),
        "meetings": wan("200.44"),
        "training": wan("700"),
    }


# ---------------------------------------------------------------------------
# The published documents.

DOCUMENTS = {
    "委办2017": ["江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf"],
    "委办2018": [
        "江苏省委办公厅2018年度部门预算公开文件.pdf",
        "江苏省委办公厅2018年度部门预算公开表.pdf",
    ],
    "委办2019": [
        "江苏省委办公厅2019年度部门预算公开文件.pdf",
        "江苏省委办公厅2019年度部门预算公开表格.pdf",
    ],
    "人大2017": ["江苏省人大办公厅2017年度预算公开.pdf"],
    "人大2018": ["江苏省人大办公厅2018年度预算公开.pdf"],
    "人大2019": [
        "江苏省人大常委会2019年度部门预算公开.pdf",
        "江苏省人大常委会办公厅2019年部门预算公开表.pdf",
    ],
    "检察院2017": ["江苏省人民检察院2017年部门预算.pdf"],
    "检察院2018": ["江苏省人民检察院2018年部门预算公开.pdf"],
    "检察院2019": ["江苏省人民检察院2019年度部门预算公开.pdf"],
}
ORGANISATIONS = {
    "委办": "中共江苏省委办公厅",
    "人大": "江苏省人大常委会办公厅",
    "检察院": "江苏省人民检察院",
}

#: Typed from the printed tables (万元): 收支预算总表 合计, 支出预算总表 基本/项目/单位预留机动
#: 经费, function 类 of 收支预算总表 (“classes”) and of 财政拨款支出预算表 (“fiscal_classes”,
#: where typed), “三公” (合计, 出国, 车辆, 接待), 公务用车购置费 where printed, 会议费, 培训费,
#: the table's 合计, 机关运行经费.
PRINTED = {
    "委办2017": {
        "total": "20,849.45",
        "uses": ("9,964.07", "10,688.66", "196.72"),
        "classes": {"201": "16,992.37", "208": "2,000.39", "221": "1,856.69"},
        "three_public": ("509.20", "70.00", "411.20", "28.00"),
        "meetings_training": ("933.50", "25.00"),
        "restricted_total": "1,467.70",
    },
    "委办2019": {
        "total": "27,664.22",
        "uses": ("11,700.63", "13,025.38", "2,938.21"),
        "classes": {"201": "22,395.50", "208": "1,374.63", "221": "3,894.09"},
        "three_public": ("508.20", "70.00", "411.20", "27.00"),
        "meetings_training": ("933.50", "30.00"),
        "restricted_total": "1,471.70",
        "administrative_running": "2,232.91",
    },
    "人大2019": {
        "total": "18,330.37",
        "uses": ("9,312.90", "6,459.58", "2,557.89"),
        "classes": {"201": "13,907.78", "208": "1,121.39", "221": "3,301.20"},
        "three_public": ("767.60", "199.25", "183.60", "384.75"),
        "meetings_training": ("1,469.73", "363.38"),
        "restricted_total": "2,600.71",
    },
    # The three below were refused while the reader cut their tables apart wrongly.
    # 人大 2017: page 11 carries a second copy of two tables below the page's edge.
    "人大2017": {
        "total": "13,649.07",
        "uses": ("7,666.68", "5,853.96", "128.43"),
        "classes": {"201": "10,528.33", "208": "1,608.51", "221": "1,512.23"},
        "fiscal_classes": {"201": "10,528.33", "208": "1,608.51", "221": "1,512.23"},
        "fiscal_total": "13,649.07",
        "three_public": ("833.60", "222.50", "183.60", "427.50"),
        "vehicle_purchase": "0",
        "meetings_training": ("1,305.25", "403.75"),
        "restricted_total": "2,542.60",
        "administrative_running": "5,619.31",
    },
    # 检察院 2018: figures ruled into the row below their code; 三公 figures ruled apart
    # from the header, “267.80” cut by a ruling.
    "检察院2018": {
        "total": "21,955.35",
        "uses": ("13,994.31", "5,573.00", "2,388.04"),
        "classes": {"204": "16,458.75", "208": "1,836.22", "221": "3,660.38"},
        "fiscal_classes": {"204": "16,444.36", "208": "1,836.22", "221": "3,660.38"},
        "fiscal_total": "21,940.96",
        "three_public": ("484.30", "100.00", "267.80", "116.50"),
        "meetings_training": ("200.44", "700.00"),
        "restricted_total": "1,384.74",
        "administrative_running": "2,722.57",
    },
    # 检察院 2019: two tables to a page, a note naming the second one's header.
    "检察院2019": {
        "total": "24,169.74",
        "uses": ("15,844.04", "4,335.30", "3,990.40"),
        "classes": {"204": "16,593.12", "208": "1,890.27", "221": "5,686.35"},
        "fiscal_classes": {"204": "16,593.12", "208": "1,890.27", "221": "5,686.35"},
        "fiscal_total": "24,169.74",
        "three_public": ("418.26", "80.00", "237.00", "101.26"),
        "meetings_training": ("158.44", "700.00"),
        "restricted_total": "1,276.70",
        "administrative_running": "2,391.92",
    },
}


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def import_files(disclosure, name, *options, names=None):
    """Import one document through the real command (its files given together) and
    return it (not a correction of it); CommandError if the command refuses it."""
    paths = [str(disclosure(file)) for file in (names or DOCUMENTS[name])]
    call_command("import_disclosure", *paths, "--publish", *options, stdout=StringIO())
    return Document.objects.get(
        organisation__name=ORGANISATIONS[name.rstrip("0123456789")],
        year=int(name[-4:]),
        corrects=None,
    )


@pytest.mark.disclosures
@pytest.mark.parametrize("name", [name for name in DOCUMENTS if name != "检察院2017"])
def test_document_imports_and_every_table_is_built(templates, disclosure, name):
    document = import_files(disclosure, name)
    assert not document.findings.exclude(message__startswith="提示").exists()
    assert document.status == Document.Status.PUBLISHED
    assert document.organisation.region.code == "320000"
    assert document.amount_unit == "万元" and document.scope == "department"
    tables = published_tables(load_facts(document))
    assert len(tables) == 12
    assert all(table.title for table in tables)


def api_table(client, document, table):
    response = client.get(f"/api/documents/{document.pk}/tables/{table.number}/")
    assert response.status_code == 200
    return response.json()


@pytest.mark.disclosures
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_built_tables_and_the_api_show_the_printed_totals(templates, disclosure, client, name):
    document = import_files(disclosure, name)
    printed = PRINTED[name]
    tables = {table.kind: table for table in published_tables(load_facts(document))}
    summary = tables["jiangsu_summary"]
    assert summary.rows[-1].cells[1] == wan(printed["total"])
    assert summary.rows[-1].cells[5] == wan(printed["total"])
    api = api_table(client, document, summary)
    assert api["amount_unit"] == "万元"
    assert Decimal(api["rows"][-1][1]) == Decimal(printed["total"].replace(",", ""))
    expenditure = tables["jiangsu_expenditure"].rows[0].cells
    assert expenditure[:4] == [wan(printed["total"])] + [wan(x) for x in printed["uses"]]
    api = api_table(client, document, tables["jiangsu_expenditure"])
    assert [Decimal(cell) for cell in api["rows"][0][:4]] == [
        Decimal(x.replace(",", "")) for x in (printed["total"], *printed["uses"])
    ]
    fiscal = tables["jiangsu_fiscal_by_function"]
    by_class = {
        row.cells[0].code: row.cells[2]
        for row in fiscal.rows
        if row.cells[0] != "合计" and len(row.cells[0].code) == 3
    }
    fiscal_total = fiscal.rows[0].cells[2]
    assert fiscal_total == wan(printed["total"]) - sum(
        (line.amount for line in parsed_non_fiscal(document)), Decimal(0)
    )
    if "fiscal_total" in printed:
        assert fiscal_total == wan(printed["fiscal_total"])
        assert by_class == {code: wan(x) for code, x in printed["fiscal_classes"].items()}
        api = api_table(client, document, fiscal)
        api_classes = {row[0]: Decimal(row[2]) for row in api["rows"] if len(row[0] or "") == 3}
        assert api_classes == {
            code: Decimal(x.replace(",", "")) for code, x in printed["fiscal_classes"].items()
        }
    summary_classes = {}
    for row in summary.rows[:-3]:
        if row.cells[3] is not None:
            summary_classes[row.cells[2].split("、", 1)[1]] = row.cells[3]
    for code, amount in printed["classes"].items():
        name_ = load_facts(document).name("function", code)
        # A 类 wrapped onto a ruled row of its own prints its first piece beside its figure.
        label = next(label for label in summary_classes if name_.startswith(label))
        assert summary_classes[label] == wan(amount)
        assert by_class[code] <= wan(amount)
    assert_restricted_and_running_as_printed(client, document, tables, printed)


def assert_restricted_and_running_as_printed(client, document, tables, printed):
    """The 三公 table and 机关运行经费's 合计, built and through the API, as printed."""
    restricted_table = tables["jiangsu_restricted"]
    three, outbound, vehicles, reception = (wan(x) for x in printed["three_public"])
    meetings, training = (wan(x) for x in printed["meetings_training"])
    purchase = wan(printed["vehicle_purchase"]) if "vehicle_purchase" in printed else None
    expected = [
        wan(printed["restricted_total"]),
        three,
        outbound,
        vehicles,
        purchase,
        vehicles - (purchase or 0),
        reception,
        meetings,
        training,
    ]
    assert restricted_table.rows[0].cells == expected
    api = api_table(client, document, restricted_table)
    assert [None if cell is None else Decimal(cell) * 10000 for cell in api["rows"][0]] == expected
    if "administrative_running" in printed:
        running = tables["jiangsu_administrative_running"]
        assert running.rows[0].cells[2] == wan(printed["administrative_running"])
        api = api_table(client, document, running)
        assert Decimal(api["rows"][0][2]) == Decimal(
            printed["administrative_running"].replace(",", "")
        )


def parsed_non_fiscal(document):
    return document.revenuelines.exclude(source__in=["general_public", "government_fund"])


@pytest.mark.disclosures
def test_two_files_are_one_document_and_a_reimport_replaces_its_facts(templates, disclosure):
    first = import_files(disclosure, "委办2019")
    reversed_files = list(reversed(DOCUMENTS["委办2019"]))
    assert import_files(disclosure, "委办2019", names=reversed_files) == first
    # A published document is re-imported into its correction (tests/test_corrections.py).
    again = Document.objects.get(corrects=first)
    assert Document.objects.count() == 2
    assert again.organisation.name == "中共江苏省委办公厅"
    assert again.expenditurebytypes.get(coverage="all", expense_type="reserve").amount == wan(
        "2938.21"
    )
    assert not again.functionexpenditures.exclude(expense_type="unsplit").exists()


@pytest.mark.disclosures
def test_non_fiscal_money_is_kept_at_the_class_the_summary_prints(templates, disclosure):
    document = import_files(disclosure, "委办2017")
    special = document.functionexpenditures.get(source="special_account")
    assert (special.function.code, special.amount) == ("201", wan("147.20"))
    assert document.revenuelines.get(source="special_account").amount == wan("147.20")
    fiscal_project = document.expenditurebytypes.get(
        coverage=ExpenditureByType.Coverage.FISCAL, expense_type="project"
    )
    assert fiscal_project.amount == wan("10,541.46")
    # 检察院 2018: 其他资金 14.39 万元, spent under 204 beyond its 财政拨款.
    document = import_files(disclosure, "检察院2018")
    other = document.functionexpenditures.get(source="other")
    assert (other.function.code, other.amount) == ("204", wan("14.39"))


@pytest.mark.disclosures
def test_a_narrative_figure_that_disagrees_refuses_the_document_unless_forced(
    templates, disclosure
):
    with pytest.raises(CommandError) as refused:
        import_files(disclosure, "检察院2017")
    assert "说明 / 基本支出：说明 123234600.00 元 ≠ 表中 123234800.00 元" in str(refused.value)
    assert not Document.objects.exists()
    document = import_files(disclosure, "检察院2017", "--force")
    assert document.findings.filter(table="说明", row="基本支出").exists()


@pytest.mark.disclosures
def test_a_narrative_alone_is_not_a_document(templates, disclosure):
    content = read_pdf(disclosure(DOCUMENTS["委办2019"][0]).read_bytes())
    reader, identity = registry.identify(content)
    assert identity.part == "narrative" and identity.year == 2019
    with pytest.raises(ImportRefusedError):
        reader.read([content], Template.objects.get(code=identity.template))


def rows_of(table):
    return [[str(cell) if cell is not None else "" for cell in row.cells] for row in table.rows]


@pytest.mark.disclosures
def test_every_printed_row_is_shown_as_printed(templates, disclosure, client):
    """检察院2018 (typed from the PDF, pp. 13–23): 公开01表 lists every 类 numbered as printed,
    公开02表 its items, 公开11表 every 款 of 机关运行经费, 公开12表 every procurement row, and
    公开10表 keeps the note printed under it."""
    document = import_files(disclosure, "检察院2018")
    tables = {table.number: table for table in published_tables(load_facts(document))}
    summary = rows_of(tables["1"])
    assert len(summary) == 24  # 二十 类, 十七 wrapped over a page (p. 13–14), 3 totals
    assert summary[3] == [
        "二、财政专户管理资金",
        "",
        "四、公共安全支出",
        str(wan("16458.75")),
        "",
        "",
    ]
    assert summary[1][:3] == ["1.一般公共预算", str(wan("21940.96")), "二、外交支出"]
    assert [row[2] for row in summary[16:21]] == [
        "十七、国土海洋气象等支",
        "出",
        "十八、住房保障支出",
        "十九、粮油物资储备支出",
        "二十、其他支出",
    ]
    assert summary[-1] == [
        "收入合计",
        str(wan("21955.35")),
        "支出合计",
        "",
        "",
        str(wan("21955.35")),
    ]
    revenue = rows_of(tables["2"])
    assert revenue[2] == ["一般公共预算资金", "公共财政拨款(补助)资金", str(wan("21940.96"))]
    assert revenue[11] == ["", "其他收入", str(wan("14.39"))]
    assert len(revenue) == 16
    assert tables["10"].note == "此表为空 说明：本部门无相关收支项目。"
    running = rows_of(tables["11"])
    assert running[:3] == [
        ["合计", "", str(wan("2722.57"))],
        ["302", "商品和服务支出", str(wan("2722.57"))],
        ["30201", "办公费", str(wan("130.00"))],
    ]
    assert len(running) == 16
    api = api_table(client, document, tables["11"])
    assert api["rows"][2][:3] == ["30201", "办公费", "130.00"]
    procurement = rows_of(tables["12"])
    assert len(procurement) == 52
    assert procurement[0] == ["合计", "", "", "", "", str(wan("3096.24"))]
    assert procurement[1] == ["一、货物A", "", "", "", "", str(wan("268.00"))]
    assert procurement[3] == ["", "", "", "PC服务器", "部门集中采购", str(wan("40.00"))]
    assert procurement[5] == ["", "", "专用设备购置", "", "", str(wan("40.00"))]
    assert procurement[-1] == ["", "", "", "教育服务", "分散自行组织", str(wan("700.00"))]
    # 物业管理服务 printed once over two rows: 部门集中采购 330.00, 分散自行组织 20.00.
    assert ["", "", "", "", "分散自行组织", str(wan("20.00"))] in procurement
