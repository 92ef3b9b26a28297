"""江苏省省级部门预算's two templates as declared layouts: twelve 公开表 in 万元.

2017 prints its tables in one order under plain titles; 2018 and 2019 number them
公开01–12表, move the 三公 table up to 9 and suffix the code tables (功能科目)/(经济科目).
Each table lists the titles real documents print for it (the 2017–2019 documents of 省委
办公厅, 省人大常委会办公厅 and 省人民检察院, their tables of contents included) and, where
its header tells it apart from every other table, the header cells that find it when its
title is missing or printed in a way no variant foresees. The code tables (科目编码 | 科目
名称 | 金额) share one header, so only their titles tell them apart.

A document is one PDF (narrative, then tables) or two: a narrative (“公开文件”) and a tables
PDF (“公开表/表格”).
"""

from budgets.importers.layout import TableLayout, TemplateLayout

SUMMARY = TableLayout(
    number="1",
    kind="jiangsu_summary",
    title="收支预算总表",
    header=("功能分类", "支出用途"),
    rows="summary",
)
REVENUE = TableLayout(number="2", kind="jiangsu_revenue", title="收入预算总表", rows="revenue")
EXPENDITURE = TableLayout(
    number="3",
    kind="jiangsu_expenditure",
    title="支出预算总表",
    header=("基本支出", "项目支出", "单位预留机动经费", "结转下年资金"),
    rows="expense_type",
)
FISCAL_SUMMARY = TableLayout(
    number="4", kind="jiangsu_fiscal_summary", title="财政拨款收支预算总表", rows="summary"
)
FISCAL_BY_FUNCTION = TableLayout(
    number="5",
    kind="jiangsu_fiscal_by_function",
    title="财政拨款支出预算表",
    title_variants=("财政拨款支出预算表（功能科目）",),
    rows="function",
)
FISCAL_BASIC_BY_ECONOMIC = TableLayout(
    number="6",
    kind="jiangsu_fiscal_basic_by_economic",
    title="财政拨款基本支出预算表",
    title_variants=("财政拨款基本支出预算表（经济科目）",),
    rows="economic",
)
GOVERNMENT_FUND = TableLayout(
    number="7",
    kind="jiangsu_government_fund_by_function",
    title="财政拨款政府性基金支出预算表",
    title_variants=(
        "政府性基金支出预算表",
        "政府性基金预算财政拨款支出预算表",
        "政府性基金财政拨款支出预算表",
    ),
    rows="function",
    # 人大 2018 prints no 政府性基金 table: it has nothing to show. Read as empty.
    optional=True,
)
GENERAL_PUBLIC_BY_FUNCTION = TableLayout(
    number="8",
    kind="jiangsu_general_public_by_function",
    title="一般公共预算支出预算表",
    title_variants=("一般公共预算支出预算表（功能科目）",),
    rows="function",
)
GENERAL_PUBLIC_BASIC_BY_ECONOMIC = TableLayout(
    number="9",
    kind="jiangsu_general_public_basic_by_economic",
    title="一般公共预算基本支出预算表",
    title_variants=("一般公共预算基本支出预算表（经济科目）",),
    rows="economic",
)
ADMINISTRATIVE_RUNNING = TableLayout(
    number="10",
    kind="jiangsu_administrative_running",
    title="一般公共预算机关运行经费支出预算表",
    header=("机关运行经费支出",),
    rows="economic",
)
RESTRICTED = TableLayout(
    number="11",
    kind="jiangsu_restricted",
    title="“三公”经费、会议费、培训费支出预算表",
    title_variants=("一般公共预算“三公”经费、会议费、培训费支出预算表",),
    header=("因公出国（境）费", "公务接待费", "会议费", "培训费"),
    rows="three_public",
)
PROCUREMENT = TableLayout(
    number="12",
    kind="jiangsu_procurement",
    title="政府采购预算表",
    title_variants=("政府采购支出预算表",),
    # “采购品目大类”, “采购物品名称”, “采购组织形式” wrap over ruled rows or are cut short.
    header=("专项名称", "采购物品", "采购组织"),
    rows="procurement",
)

PARTS = ("narrative", "tables")
#: Every table of both templates prints its amounts in 万元.
AMOUNT_UNIT = "万元"

PROVINCIAL_2017 = TemplateLayout(
    code="jiangsu-provincial-2017",
    name="江苏省省级部门预算公开（2017年，12张表）",
    tables=(
        SUMMARY,
        REVENUE,
        EXPENDITURE,
        FISCAL_SUMMARY,
        FISCAL_BY_FUNCTION,
        FISCAL_BASIC_BY_ECONOMIC,
        GOVERNMENT_FUND,
        GENERAL_PUBLIC_BY_FUNCTION,
        GENERAL_PUBLIC_BASIC_BY_ECONOMIC,
        ADMINISTRATIVE_RUNNING,
        RESTRICTED,
        PROCUREMENT,
    ),
    amount_unit=AMOUNT_UNIT,
    parts=PARTS,
)


def numbered(table, number, title):
    """``table`` as the 2018 template numbers and titles it; the 2017 title becomes one of
    its variants."""
    variants = tuple(dict.fromkeys(t for t in (table.title, *table.title_variants) if t != title))
    return TableLayout(
        number=number,
        kind=table.kind,
        title=title,
        title_variants=variants,
        header=table.header,
        rows=table.rows,
        amount_unit=table.amount_unit,
        optional=table.optional,
    )


PROVINCIAL_2018 = TemplateLayout(
    code="jiangsu-provincial-2018",
    name="江苏省省级部门预算公开（2018—2019年，公开01—12表）",
    tables=(
        SUMMARY,
        REVENUE,
        EXPENDITURE,
        FISCAL_SUMMARY,
        numbered(FISCAL_BY_FUNCTION, "5", "财政拨款支出预算表（功能科目）"),
        numbered(FISCAL_BASIC_BY_ECONOMIC, "6", "财政拨款基本支出预算表（经济科目）"),
        numbered(GENERAL_PUBLIC_BY_FUNCTION, "7", "一般公共预算支出预算表（功能科目）"),
        numbered(GENERAL_PUBLIC_BASIC_BY_ECONOMIC, "8", "一般公共预算基本支出预算表（经济科目）"),
        numbered(RESTRICTED, "9", RESTRICTED.title),
        numbered(GOVERNMENT_FUND, "10", GOVERNMENT_FUND.title),
        numbered(ADMINISTRATIVE_RUNNING, "11", ADMINISTRATIVE_RUNNING.title),
        numbered(PROCUREMENT, "12", PROCUREMENT.title),
    ),
    amount_unit=AMOUNT_UNIT,
    parts=PARTS,
)

LAYOUTS = {layout.code: layout for layout in (PROVINCIAL_2017, PROVINCIAL_2018)}


def layout_for_year(year):
    """2017 prints its tables in one order; 2018 and 2019 number them 公开01–12表."""
    return PROVINCIAL_2017 if year <= 2017 else PROVINCIAL_2018


#: Every table of either template: a document is read for the titles and headers of both,
#: since a department may print a 2018 title in 2017 or the other way round.
TABLES = tuple(table for layout in LAYOUTS.values() for table in layout.tables)
