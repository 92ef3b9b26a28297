"""The 上海 部门决算 template as its documents print it (``importers.layout``).

Nine tables in 万元, always all nine: a table without figures is still printed, with a
note such as “本单位无政府性基金预算财政拨款支出，故本表无数据” under its empty grid. The
reader finds each by its title (on the line above “单位：万元”), or, where a title is not
printed, by its header cells (``header``: each word must stand in one column's header).
The two 收支总表 print 收入 and 支出 side by side; 表8 and 表9 print the same header and
are told apart by their titles only. Where a header holds the words of several tables
(表4 holds 表1's, 表3 holds 表5's), it is the table that declares the most words.
"""

from budgets.disclosures.models import FundingSource
from budgets.importers.layout import TableLayout, TemplateLayout

#: 表8 and 表9 print the same header, which holds 表5's words and more.
FUND_HEADER = (
    "科目名称",
    "年初结转和结余",
    "本年收入",
    "本年支出",
    "基本支出",
    "项目支出",
    "年末结转和结余",
)

FINAL_ACCOUNTS = TemplateLayout(
    code="shanghai-final-accounts",
    name="上海市部门决算公开（9张表，万元）",
    amount_unit="万元",
    tables=(
        TableLayout(
            number="1",
            kind="final_summary",
            title="收入支出决算总表",
            header=("收入", "支出", "决算数"),
            rows="summary",
        ),
        TableLayout(
            number="2",
            kind="final_revenue",
            title="收入决算表",
            header=("科目名称", "本年收入合计", "财政拨款收入"),
            rows="function",
        ),
        TableLayout(
            number="3",
            kind="final_expenditure",
            title="支出决算表",
            header=("科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出"),
            rows="function",
        ),
        TableLayout(
            number="4",
            kind="final_fiscal_summary",
            title="财政拨款收入支出决算总表",
            header=(
                "决算数",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ),
            rows="summary",
        ),
        TableLayout(
            number="5",
            kind="final_general_public",
            title="一般公共预算财政拨款支出决算表",
            header=("科目名称", "合计", "基本支出", "项目支出"),
            rows="function",
        ),
        TableLayout(
            number="6",
            kind="final_basic_economic",
            title="一般公共预算财政拨款基本支出决算表",
            header=("经济分类科目编码", "科目名称", "决算数"),
            rows="economic",
        ),
        TableLayout(
            number="7",
            kind="final_three_public",
            title="财政拨款“三公”经费支出决算表",
            # The 财政局's PDF prints the quotes in a font of their own, on a line of
            # their own; its text reads without them until they are put back.
            title_variants=("财政拨款三公经费支出决算表",),
            header=("因公出国（境）费", "公务接待费", "预算数", "决算数"),
            rows="three_public",
        ),
        TableLayout(
            number="8",
            kind="final_government_fund",
            title="政府性基金预算财政拨款收入支出决算表",
            header=FUND_HEADER,
            rows="function",
        ),
        TableLayout(
            number="9",
            kind="final_state_capital",
            title="国有资本经营预算财政拨款收入支出决算表",
            header=FUND_HEADER,
            rows="function",
        ),
    ),
)


# What the tables print in their rows and header columns, as the reader reads it. Labels
# are compared without spaces and with ASCII parentheses (``importers.tables.normalise``);
# the variants are what real documents print besides the blank form's wording.

#: The 收入 side of the two 收支总表 (表1, 表4), its labels → row keys; a fiscal source
#: printed under 年初(财政拨款)结转和结余 is that source's opening balance.
SUMMARY_REVENUE_ROWS = {
    "一般公共预算财政拨款收入": FundingSource.GENERAL_PUBLIC,
    "政府性基金预算财政拨款收入": FundingSource.GOVERNMENT_FUND,
    "国有资本经营预算财政拨款收入": FundingSource.STATE_CAPITAL,
    "一般公共预算财政拨款": FundingSource.GENERAL_PUBLIC,
    "政府性基金预算财政拨款": FundingSource.GOVERNMENT_FUND,
    "国有资本经营预算财政拨款": FundingSource.STATE_CAPITAL,
    "上级补助收入": FundingSource.HIGHER_LEVEL_SUBSIDY,
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "附属单位上缴收入": FundingSource.AFFILIATED,
    "其他收入": FundingSource.OTHER,
    "本年收入合计": "revenue_total",
    "使用非财政拨款结余": "non_fiscal_used",
    "使用非财政拨款结余(含专用结余)": "non_fiscal_used",
    "年初结转和结余": "opening",
    "年初财政拨款结转和结余": "opening",
    "总计": "total_in",
}
#: The 支出 side's labels → row keys; any other label is a function 类 (“一、一般公共服务支出”).
SUMMARY_SPENDING_ROWS = {
    "本年支出合计": "spending_total",
    "结余分配": "distribution",
    "年末结转和结余": "closing",
    "年末财政拨款结转和结余": "closing",
    "总计": "total_out",
}
#: The code tables' (表2, 表3, 表5) column headers, by how they end → column keys.
CODE_COLUMNS = {
    "本年收入合计": "total",
    "财政拨款收入": "fiscal",
    "上级补助收入": FundingSource.HIGHER_LEVEL_SUBSIDY,
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "附属单位上缴收入": FundingSource.AFFILIATED,
    "其他收入": FundingSource.OTHER,
    "本年支出合计": "total",
    "合计": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "to_higher",
    "经营支出": "business_spending",
    "对附属单位补助支出": "to_units",
}
#: 表8/表9's columns, in printed order (their header is the same in every document).
FUND_COLUMNS = ("opening", "revenue", "total", "basic", "project", "closing")
#: Words 表7's header must hold (公务用车运行费 or 运行维护费, 购置及运行费 or 运行维护费).
THREE_PUBLIC_HEADER = ("合计", "因公出国", "小计", "购置费", "运行", "公务接待费")
