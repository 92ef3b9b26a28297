"""What a 上海 区级/市级 部门/单位预算 prints: its nine tables, declared once.

One PDF (no separate parts): the narrative, the nine tables in 元 (表9 in 万元), then the
项目经费情况说明 and their 绩效目标 forms. Every table's printed title carries the year and
部门 or 预算单位/单位 before the template's title (“2025年部门财务收支预算总表”,
“2024年预算单位收入预算总表”, “单位“三公”经费和机关运行经费预算表” without a year): the
reader finds a table by any of its ``titles`` printed within the title line, or, where no
title it knows is printed, by its ``header`` cells (see ``read_tables.table_of_header``).

The header cells are those the 2023–2026 普陀区 documents print (normalised: no spaces,
ASCII parentheses); each must appear within one printed header cell, so that 表7's band,
printed “国有资本经营预算支出” or (万里 2023) “国有资本经营财政拨款预算支出”, is known by
“国有资本经营” either way.
"""

from budgets.disclosures.models import FundingSource
from budgets.importers.layout import TableLayout, TemplateLayout


def declared(number, kind, title, header, rows, unit_prefix="预算单位", amount_unit=""):
    """Table ``number`` as the template titles it, and as documents print the title: after
    部门 in a department's document, after 预算单位 (表1–8) or 单位 (表9) in a unit's."""
    return TableLayout(
        number=number,
        kind=kind,
        title=title,
        title_variants=(f"部门{title}", f"{unit_prefix}{title}"),
        header=header,
        rows=rows,
        amount_unit=amount_unit,
    )


#: Header cells of a function table split into 基本支出 / 项目支出 (表3, 表5–7).
BASIC_PROJECT = ("功能分类科目名称", "基本支出", "项目支出")

SHANGHAI_DISTRICT = TemplateLayout(
    code="shanghai-district",
    name="上海市区级部门/单位预算公开（9张表）",
    amount_unit="元",
    tables=(
        declared("1", "shanghai_summary", "财务收支预算总表", ("本年收入", "本年支出"), "summary"),
        declared(
            "2",
            "revenue_by_function",
            "收入预算总表",
            ("收入预算", "功能分类科目名称", "财政拨款收入"),
            "function",
        ),
        declared(
            "3",
            "expenditure_by_function",
            "支出预算总表",
            ("支出预算", *BASIC_PROJECT),
            "function",
        ),
        declared(
            "4",
            "shanghai_fiscal_summary",
            "财政拨款收支预算总表",
            ("财政拨款收入", "财政拨款支出"),
            "summary",
        ),
        declared(
            "5",
            "general_public_basic_project_by_function",
            "一般公共预算支出功能分类预算表",
            ("一般公共预算支出", *BASIC_PROJECT),
            "function",
        ),
        declared(
            "6",
            "government_fund_by_function",
            "政府性基金预算支出功能分类预算表",
            ("政府性基金", *BASIC_PROJECT),
            "function",
        ),
        declared(
            "7",
            "state_capital_by_function",
            "国有资本经营预算支出功能分类预算表",
            ("国有资本经营", *BASIC_PROJECT),
            "function",
        ),
        declared(
            "8",
            "general_public_basic_by_dept_economic",
            "一般公共预算基本支出部门预算经济分类预算表",
            ("一般公共预算基本支出", "经济分类科目", "人员经费", "公用经费"),
            "economic",
        ),
        declared(
            "9",
            "restricted_and_administrative",
            "“三公”经费和机关运行经费预算表",
            ("“三公”经费", "因公出国(境)费", "公务接待费", "机关运行经费"),
            "three_public",
            unit_prefix="单位",
            amount_unit="万元",
        ),
    ),
)

#: The tables by what the reader takes from each, as ``SHANGHAI_DISTRICT`` numbers them.
SUMMARY, REVENUE, EXPENDITURE, FISCAL_SUMMARY, ECONOMIC, RESTRICTED = "1", "2", "3", "4", "8", "9"
#: The 财政拨款 tables (表5–7), each the spending of one funding source; 表8 breaks down
#: the basic spending of the first.
GENERAL_PUBLIC, GOVERNMENT_FUND, STATE_CAPITAL = "5", "6", "7"
FISCAL_TABLES = {
    GENERAL_PUBLIC: FundingSource.GENERAL_PUBLIC,
    GOVERNMENT_FUND: FundingSource.GOVERNMENT_FUND,
    STATE_CAPITAL: FundingSource.STATE_CAPITAL,
}
#: The tables whose rows are function classification codes (类/款/项).
FUNCTION_TABLES = tuple(
    table.number for table in SHANGHAI_DISTRICT.tables if table.rows == "function"
)
#: The two-sided 收支总表 (revenue on the left, spending by 类 on the right).
SUMMARY_TABLES = tuple(
    table.number for table in SHANGHAI_DISTRICT.tables if table.rows == "summary"
)
