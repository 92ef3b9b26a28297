"""`manage.py load_catalogue`: a year's classification catalogue from CSV or XLSX.

Good files load (and load again without change); a malformed file is refused whole, with
a Chinese message naming the line, and the database is left exactly as it was.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from budgets.classifications.models import (
    SCHEMES,
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def load(path, *args):
    out = StringIO()
    call_command("load_catalogue", str(path), *args, stdout=out)
    return out.getvalue()


def names(model, year=2023):
    return dict(model.objects.filter(year=year).values_list("code", "name"))


def parent_of(model, code, year=2023):
    parent = model.objects.get(year=year, code=code).parent
    return parent and parent.code


def snapshot():
    """Every code of every scheme, with its name and parent."""
    return {
        scheme: sorted(model.objects.values_list("year", "code", "name", "parent__code"))
        for scheme, model in SCHEMES.items()
    }


def test_utf8_csv_with_bom_loads_names_and_parents():
    output = load(DATA / "catalogue_2023_function.csv", "--year", "2023", "--scheme", "function")
    assert "新增 9 条" in output
    assert names(FunctionCode) == {
        "201": "一般公共服务支出",
        "20103": "政府办公厅(室)及相关机构事务",
        "2010301": "行政运行",
        "2010302": "一般行政管理事务",
        "2010350": "事业运行",
        "2010399": "其他政府办公厅(室)及相关机构事务支出",
        "208": "社会保障和就业支出",
        "20805": "行政事业单位养老支出",
        "2080505": "机关事业单位基本养老保险缴费支出",
    }
    # The file lists 2010350 before its parents; they are linked all the same.
    assert parent_of(FunctionCode, "2010350") == "20103"
    assert parent_of(FunctionCode, "20103") == "201"
    assert parent_of(FunctionCode, "201") is None


def test_loading_again_changes_nothing():
    args = (DATA / "catalogue_2023_function.csv", "--year", "2023", "--scheme", "function")
    load(*args)
    before = snapshot()
    output = load(*args)
    assert "新增 0 条，更新 0 条，未变 9 条" in output
    assert snapshot() == before


def test_a_renamed_code_is_updated_and_other_years_are_untouched():
    FunctionCode.objects.create(year=2023, code="201", name="旧名称")
    FunctionCode.objects.create(year=2022, code="201", name="一般公共服务")
    output = load(DATA / "catalogue_2023_function.csv", "--year", "2023", "--scheme", "function")
    assert "新增 8 条，更新 1 条" in output
    assert names(FunctionCode)["201"] == "一般公共服务支出"
    assert names(FunctionCode, year=2022) == {"201": "一般公共服务"}


def test_gbk_csv_mixing_schemes():
    output = load(DATA / "catalogue_2023_economic_gbk.csv", "--year", "2023")
    assert "部门预算支出经济分类科目：新增 5 条" in output
    assert "政府预算支出经济分类科目：新增 4 条" in output
    assert names(DepartmentEconomicCode) == {
        "301": "工资福利支出",
        "30101": "基本工资",
        "30107": "绩效工资",
        "303": "对个人和家庭的补助",
        "30309": "奖励金",
    }
    assert names(GovernmentEconomicCode) == {
        "505": "对事业单位经常性补助",
        "50501": "工资福利支出",
        "509": "对个人和家庭的补助",
        "50901": "社会福利和救助",
    }
    assert parent_of(GovernmentEconomicCode, "50901") == "509"
    assert not FunctionCode.objects.exists()


def test_xlsx_with_split_lei_kuan_xiang_columns():
    load(DATA / "catalogue_2023_function_split.xlsx", "--year", "2023", "--scheme", "function")
    assert names(FunctionCode) == {
        "201": "一般公共服务支出",
        "20103": "政府办公厅(室)及相关机构事务",
        "2010350": "事业运行",
        "2010399": "其他政府办公厅(室)及相关机构事务支出",
        "210": "卫生健康支出",
        "21011": "行政事业单位医疗",
        "2101102": "事业单位医疗",
    }
    assert parent_of(FunctionCode, "2101102") == "21011"


def test_parent_already_in_the_database_for_that_year(tmp_path):
    FunctionCode.objects.create(year=2023, code="201", name="一般公共服务支出")
    FunctionCode.objects.create(year=2023, code="20103", name="政府办公厅(室)及相关机构事务")
    path = tmp_path / "one.csv"
    path.write_text("code,name\n2010350,事业运行\n", encoding="utf-8")
    load(path, "--year", "2023", "--scheme", "function")
    assert parent_of(FunctionCode, "2010350") == "20103"


def test_parent_of_another_year_does_not_count(tmp_path):
    FunctionCode.objects.create(year=2022, code="201", name="一般公共服务支出")
    path = tmp_path / "one.csv"
    path.write_text("code,name\n20103,政府办公厅(室)及相关机构事务\n", encoding="utf-8")
    with pytest.raises(CommandError, match="上级科目 201 既不在文件中，也不在 2023 年"):
        load(path, "--year", "2023", "--scheme", "function")
    assert not FunctionCode.objects.filter(year=2023).exists()


GOOD_FIRST_LINE = "201,一般公共服务支出\n"

MALFORMED = [
    pytest.param(
        "bad.csv",
        "code,title\n" + GOOD_FIRST_LINE,
        ["--scheme", "function"],
        "第1行（表头）缺少科目名称（name）列。现有列：“code”、“title”。",
        id="missing-name-column",
    ),
    pytest.param(
        "bad.csv",
        "名称\n一般公共服务支出\n",
        ["--scheme", "function"],
        "缺少科目编码（code，或“类/款/项”分列）列",
        id="missing-code-column",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "20A03,政府办公厅(室)及相关机构事务\n",
        ["--scheme", "function"],
        "第3行：科目编码“20A03”只能由数字组成。",
        id="non-digit-code",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "２０１０３,政府办公厅(室)及相关机构事务\n",
        ["--scheme", "function"],
        "第3行：科目编码“２０１０３”只能由数字组成。",
        id="full-width-digits",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "2010,政府办公厅\n",
        ["--scheme", "function"],
        "第3行：支出功能分类科目编码应为3/5/7位数字，“2010”为4位。",
        id="wrong-length",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n301,工资福利支出\n30101,基本工资\n3010101,基本工资明细\n",
        ["--scheme", "dept_economic"],
        "第4行：部门预算支出经济分类科目编码应为3/5位数字，“3010101”为7位。",
        id="economic-code-has-no-xiang",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "2080505,机关事业单位基本养老保险缴费支出\n",
        ["--scheme", "function"],
        "第3行：科目 2080505 的上级科目 20805 既不在文件中，也不在 2023 年支出功能分类科目目录中。",
        id="orphan",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "201,一般公共服务\n",
        ["--scheme", "function"],
        "第3行：科目编码 201 与第2行重复，但名称不同（“一般公共服务支出”与“一般公共服务”）。",
        id="duplicate-with-different-name",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + "208, \n",
        ["--scheme", "function"],
        "第3行：科目 208 的名称为空。",
        id="empty-name",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE + ",社会保障和就业支出\n",
        ["--scheme", "function"],
        "第3行：科目编码为空。",
        id="empty-code",
    ),
    pytest.param(
        "bad.csv",
        "类,款,项,科目名称\n201,,,一般公共服务支出\n201,003,,政府办公厅(室)及相关机构事务\n",
        ["--scheme", "function"],
        "第3行：“款”应为2位数字，实际为“003”。",
        id="split-kuan-too-long",
    ),
    pytest.param(
        "bad.csv",
        "scheme,code,name\n功能,201,一般公共服务支出\n",
        [],
        "第2行：科目类别“功能”无法识别",
        id="unknown-scheme",
    ),
    pytest.param(
        "bad.csv",
        "scheme,code,name\ngov_economic,505,对事业单位经常性补助\n",
        ["--scheme", "dept_economic"],
        "第2行：科目类别为“gov_economic”，与 --scheme dept_economic 不符。",
        id="scheme-column-contradicts-option",
    ),
    pytest.param(
        "bad.csv",
        "code,name\n" + GOOD_FIRST_LINE,
        [],
        "请用 --scheme 指定",
        id="no-scheme-given",
    ),
    pytest.param("bad.csv", "", ["--scheme", "function"], "中没有任何数据", id="empty-file"),
    pytest.param(
        "bad.csv",
        "code,name\n",
        ["--scheme", "function"],
        "中除表头外没有任何科目",
        id="header-only",
    ),
    pytest.param(
        "bad.csv",
        b"PK\x03\x04\x14\x00\x00\x00binary",
        ["--scheme", "function"],
        "无法读取 bad.csv：不是 CSV 文本文件。",
        id="binary-named-csv",
    ),
    pytest.param(
        "bad.csv",
        b"code,name\n201,\xff\xfe\xff\n",
        ["--scheme", "function"],
        "文件既不是 UTF-8 也不是 GBK 编码",
        id="undecodable-text",
    ),
    pytest.param(
        "bad.xlsx",
        "code,name\n" + GOOD_FIRST_LINE,
        ["--scheme", "function"],
        "无法读取 bad.xlsx：文件已损坏或不是 Excel（.xlsx）工作簿。",
        id="csv-named-xlsx",
    ),
    pytest.param(
        "bad.xls",
        "code,name\n" + GOOD_FIRST_LINE,
        ["--scheme", "function"],
        "不支持旧版 Excel（.xls）文件",
        id="old-excel",
    ),
    pytest.param(
        "bad.pdf",
        "%PDF-1.4\n",
        ["--scheme", "function"],
        "不支持的文件类型“.pdf”：请提供 CSV（.csv）或 Excel（.xlsx）文件。",
        id="pdf",
    ),
]


@pytest.mark.parametrize(("filename", "content", "args", "message"), MALFORMED)
def test_malformed_file_is_refused_whole(tmp_path, filename, content, args, message):
    # Something already loaded, which the good first line of each file would rename.
    FunctionCode.objects.create(year=2023, code="201", name="一般公共服务")
    before = snapshot()
    path = tmp_path / filename
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        load(path, "--year", "2023", *args)
    assert message in str(refused.value)
    assert "未载入，数据库未作任何改动" in str(refused.value)
    assert snapshot() == before


def test_every_bad_line_is_listed_at_once(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,name\n201,一般公共服务支出\n20A,甲\n20103,\n20103x,乙\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as refused:
        load(path, "--year", "2023", "--scheme", "function")
    message = str(refused.value)
    assert "发现 3 处错误" in message
    assert message.index("第3行") < message.index("第4行") < message.index("第5行")
    assert not FunctionCode.objects.exists()


def test_missing_file_and_unreasonable_year(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        load(tmp_path / "none.csv", "--year", "2023", "--scheme", "function")
    with pytest.raises(CommandError, match="年度 23 不合理"):
        load(DATA / "catalogue_2023_function.csv", "--year", "23", "--scheme", "function")
