"""江苏省省级部门预算: reading the twelve 公开表 (grids without PDFs, and the published files),
checking them, storing the facts and building every table back as printed."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from budgets.disclosures.models import Document, ExpenditureByType, Template
from budgets.disclosures.tables import load_facts, published_tables
from budgets.importers import jiangsu, registry, writer
from budgets.importers.pdf import ImportRefusedError, Page, read_pdf


def wan(text):
    return Decimal(text.replace(",", "")) * 10000


# ---------------------------------------------------------------------------
# Grid reading without PDFs.


def block(rows, title="财政拨款支出预算表（功能科目）"):
    return jiangsu.Block(kind=jiangsu.kind_of_title(title), title=title, pages=[1], rows=rows)


def cleaned(grid):
    return [[jiangsu.clean(cell) for cell in row] for row in grid]


def test_titles_are_known_by_their_words_whatever_the_numbering():
    assert jiangsu.kind_of_title("公开 05 表：财政拨款支出预算表（功能科目）") == (
        "jiangsu_fiscal_by_function"
    )
    assert jiangsu.kind_of_title("公开表三") is None
    assert jiangsu.kind_of_title("十一、一般公共预算 三公 经费、会议费、培训费支出预算表") == (
        "jiangsu_restricted"
    )
    assert jiangsu.kind_of_title("2019年政府采购预算表") == "jiangsu_procurement"
    assert jiangsu.kind_of_title("收支预算总表") != jiangsu.kind_of_title("财政拨款收支预算总表")


def test_code_table_reads_whole_codes_blank_rows_and_a_total_printed_above_its_label():
    table = jiangsu.read_code_table(
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
    blocks, repeats = jiangsu.find_blocks([first, page])
    assert not repeats
    basic = jiangsu.read_code_table(blocks["jiangsu_fiscal_basic_by_economic"])
    assert [code for code, _n, _a in basic.rows] == ["303", "30312"]
    assert blocks["jiangsu_government_fund_by_function"].pages == [3]
    assert jiangsu.read_code_table(blocks["jiangsu_government_fund_by_function"]).rows == []


def test_summary_labels_wrapped_over_rows_are_joined_and_split_headers_read():
    summary, classes = jiangsu.read_label_pairs(
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
    values, _rows = jiangsu.read_columns(
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
        jiangsu.EXPENSE_COLUMNS,
    )
    assert values == {"total": wan("12"), "reserve": wan("2"), "basic": wan("10")}


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
    "人大2018": ["江苏省人大办公厅2018年度预算公开.pdf"],
    "人大2019": [
        "江苏省人大常委会2019年度部门预算公开.pdf",
        "江苏省人大常委会办公厅2019年部门预算公开表.pdf",
    ],
    "检察院2017": ["江苏省人民检察院2017年部门预算.pdf"],
}

#: Typed from the printed tables (万元): 收支预算总表 合计, 基本/项目/单位预留机动经费,
#: function 类, “三公” (出国, 车辆, 接待), 会议费, 培训费, 机关运行经费.
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
}


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def import_files(disclosure, names, force=False):
    contents = [read_pdf(disclosure(name).read_bytes()) for name in names]
    identified = [registry.identify(content) for content in contents]
    readers = {reader.name for reader, _identity in identified}
    keys = {identity.document_key for _reader, identity in identified}
    assert len(readers) == 1 and len(keys) == 1, identified
    reader, identity = identified[0]
    template = Template.objects.get(code=identity.template)
    parsed = reader.read(contents, template)
    return writer.import_document(parsed, template, force=force), parsed


def figures(table):
    return [cell for row in table.rows for cell in row.cells if isinstance(cell, Decimal)]


@pytest.mark.disclosures
@pytest.mark.parametrize("name", ["委办2017", "委办2018", "委办2019", "人大2018", "人大2019"])
def test_document_imports_and_every_table_is_built(templates, disclosure, name):
    document, parsed = import_files(disclosure, DOCUMENTS[name])
    assert not parsed.errors
    assert document.organisation.region.code == "320000"
    assert document.amount_unit == "万元" and document.scope == "department"
    tables = published_tables(load_facts(document))
    assert len(tables) == 12
    assert all(table.title for table in tables)


@pytest.mark.disclosures
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_built_tables_show_the_printed_totals(templates, disclosure, name):
    document, _parsed = import_files(disclosure, DOCUMENTS[name])
    printed = PRINTED[name]
    tables = {table.kind: table for table in published_tables(load_facts(document))}
    summary = tables["jiangsu_summary"]
    assert summary.rows[-1].cells[1] == wan(printed["total"])
    assert summary.rows[-1].cells[5] == wan(printed["total"])
    expenditure = tables["jiangsu_expenditure"].rows[0].cells
    assert expenditure[:4] == [wan(printed["total"])] + [wan(x) for x in printed["uses"]]
    by_class = {
        row.cells[0].code: row.cells[2]
        for row in tables["jiangsu_fiscal_by_function"].rows
        if row.cells[0] != "合计" and len(row.cells[0].code) == 3
    }
    fiscal_total = tables["jiangsu_fiscal_by_function"].rows[0].cells[2]
    assert fiscal_total == wan(printed["total"]) - sum(
        (line.amount for line in parsed_non_fiscal(document)), Decimal(0)
    )
    summary_classes = {}
    for row in summary.rows[:-3]:
        if row.cells[3] is not None:
            summary_classes[row.cells[2].split("、", 1)[1]] = row.cells[3]
    for code, amount in printed["classes"].items():
        name_ = load_facts(document).name("function", code)
        assert summary_classes[name_] == wan(amount)
        assert by_class[code] <= wan(amount)
    restricted = tables["jiangsu_restricted"].rows[0].cells
    three, outbound, vehicles, reception = (wan(x) for x in printed["three_public"])
    meetings, training = (wan(x) for x in printed["meetings_training"])
    assert restricted == [
        wan(printed["restricted_total"]),
        three,
        outbound,
        vehicles,
        None,
        vehicles,
        reception,
        meetings,
        training,
    ]
    if "administrative_running" in printed:
        assert tables["jiangsu_administrative_running"].rows[0].cells[2] == wan(
            printed["administrative_running"]
        )


def parsed_non_fiscal(document):
    return document.revenuelines.exclude(source__in=["general_public", "government_fund"])


@pytest.mark.disclosures
def test_two_files_are_one_document_and_a_reimport_replaces_its_facts(templates, disclosure):
    names = DOCUMENTS["委办2019"]
    first, _parsed = import_files(disclosure, names)
    again, _parsed = import_files(disclosure, list(reversed(names)))
    assert first.pk == again.pk
    assert Document.objects.count() == 1
    assert again.organisation.name == "中共江苏省委办公厅"
    assert again.expenditurebytypes.get(coverage="all", expense_type="reserve").amount == wan(
        "2938.21"
    )
    assert not again.functionexpenditures.exclude(expense_type="unsplit").exists()


@pytest.mark.disclosures
def test_non_fiscal_money_is_kept_at_the_class_the_summary_prints(templates, disclosure):
    document, _parsed = import_files(disclosure, DOCUMENTS["委办2017"])
    special = document.functionexpenditures.get(source="special_account")
    assert (special.function.code, special.amount) == ("201", wan("147.20"))
    assert document.revenuelines.get(source="special_account").amount == wan("147.20")
    fiscal_project = document.expenditurebytypes.get(
        coverage=ExpenditureByType.Coverage.FISCAL, expense_type="project"
    )
    assert fiscal_project.amount == wan("10,541.46")


@pytest.mark.disclosures
def test_a_narrative_figure_that_disagrees_refuses_the_document_unless_forced(
    templates, disclosure
):
    with pytest.raises(ImportRefusedError) as refused:
        import_files(disclosure, DOCUMENTS["检察院2017"])
    assert "说明 / 基本支出：说明 123234600.00 元 ≠ 表中 123234800.00 元" in str(refused.value)
    assert not Document.objects.exists()
    document, _parsed = import_files(disclosure, DOCUMENTS["检察院2017"], force=True)
    assert document.findings.filter(table="说明", row="基本支出").exists()


@pytest.mark.disclosures
def test_a_narrative_alone_is_not_a_document(templates, disclosure):
    content = read_pdf(disclosure(DOCUMENTS["委办2019"][0]).read_bytes())
    reader, identity = registry.identify(content)
    assert identity.part == "narrative" and identity.year == 2019
    with pytest.raises(ImportRefusedError):
        reader.read([content], Template.objects.get(code=identity.template))
