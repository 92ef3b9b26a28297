"""Money other than 财政拨款 is not checked as 财政拨款 (issue 16, item 6).

A 部门决算 that spent 12.88 万元 of its non-财政拨款 年初结转 on a 项 got eleven errors “off
by 12.88” in 支出决算表 and 收入支出决算总表: the spending 支出决算表 prints beyond the
财政拨款 tables was left out of the facts, as if all spending were 财政拨款. These tests
make such documents from the 社会工作部's, its lines and cells changed accordingly: 12.88
万元 more 项目支出 on 2013999 其他社会工作事务支出, paid from money brought into the year
or from 其他收入.
"""

from decimal import Decimal

from budgets.disclosures.models import ExpenseType, FundingSource
from budgets.families.shanghai_final.reader import READER
from budgets.importers.facts import Line

from .documents import SOCIAL, read, replace_in_line, set_cells

SUMMARY = "收入支出决算总表"
REVENUE = "收入决算表"
SPENDING = "支出决算表"
EXTRA = Decimal("128800.00")  # 12.88 万元 in 元


def spend_more_on_2013999(content):
    """表3 and 表1's spending side, with 12.88 more 项目支出 on 2013999, and the 情况说明's
    totals, shares and changes that follow from it."""
    for label, total, project in (
        ("合计", "320.70", "215.12"),
        ("201", "277.75", "215.12"),
        ("20139", "277.75", "215.12"),
        ("2013999", "215.12", "215.12"),
    ):
        set_cells(content, SPENDING, label, {2: total, 4: project})
    set_cells(content, SUMMARY, "一、一般公共服务支出", {3: "277.75"})
    set_cells(content, SUMMARY, "本年支出合计", {3: "320.70"})
    set_cells(content, SUMMARY, "总计", {1: "320.70", 3: "320.70"})
    replace_in_line(content, "年度收入支出总计307.82", "年度收入支出总计320.70")
    replace_in_line(content, "收入支出总计增加 307.82", "收入支出总计增加 320.70")
    replace_in_line(content, "本年支出合计 307.82 万元，其中", "本年支出合计 320.70 万元，其中")
    replace_in_line(
        content,
        "34.30%；项目支出 202.24 万元，占 65.70%",
        "32.92%；项目支出 215.12 万元，占 67.08%",
    )
    replace_in_line(
        content, "100.00%。与 2023 年度相比，一般公共预算", "95.98%。与 2023 年度相比，一般公共预算"
    )


def non_fiscal_lines(parsed):
    return [line for line in parsed.expenditure if line.source not in FISCAL]


FISCAL = (FundingSource.GENERAL_PUBLIC, FundingSource.GOVERNMENT_FUND, FundingSource.STATE_CAPITAL)


def test_spending_of_carried_over_money_is_not_taken_for_fiscal(disclosure):
    content = read(disclosure, SOCIAL)
    spend_more_on_2013999(content)
    set_cells(content, SUMMARY, "年初结转和结余", {1: "12.88"})
    parsed = READER.read([content], None)
    assert parsed.errors == []
    assert non_fiscal_lines(parsed) == [
        Line(FundingSource.CARRIED_OVER, EXTRA, ExpenseType.PROJECT, "2013999", "2013999")
    ]
    assert ("opening", "", None, EXTRA) in parsed.carry_overs
    # 财政拨款 stays as printed: 表4 and 表5 are the real document's.
    fiscal = sum(line.amount for line in parsed.expenditure if line.source in FISCAL)
    assert fiscal == Decimal("3078200.00")


def test_spending_of_other_revenue_is_that_revenue(disclosure):
    content = read(disclosure, SOCIAL)
    spend_more_on_2013999(content)
    set_cells(content, SUMMARY, "八、其他收入", {1: "12.88"})
    set_cells(content, SUMMARY, "本年收入合计", {1: "320.70"})
    for label, total in (
        ("合计", "320.70"),
        ("201", "277.75"),
        ("20139", "277.75"),
        ("2013999", "215.12"),
    ):
        set_cells(content, REVENUE, label, {2: total, 8: "12.88"})
    replace_in_line(content, "本年收入合计 307.82 万元，其中", "本年收入合计 320.70 万元，其中")
    replace_in_line(content, "占 100.00%。", "占 95.98%；其他收入 12.88 万元，占 4.02%。")
    parsed = READER.read([content], None)
    assert parsed.errors == []
    assert non_fiscal_lines(parsed) == [
        Line(FundingSource.OTHER, EXTRA, ExpenseType.PROJECT, "2013999", "2013999")
    ]
    assert Line(FundingSource.OTHER, EXTRA, "", "2013999", "2013999") in parsed.revenue


def test_spending_of_money_the_document_does_not_have_is_refused(disclosure):
    """With neither other revenue nor balances brought in, the tables say nothing of where
    the money came from: refused, not invented, and named once."""
    content = read(disclosure, SOCIAL)
    spend_more_on_2013999(content)
    parsed = READER.read([content], None)
    assert non_fiscal_lines(parsed) == []
    assert "2013999 其他社会工作事务支出" in [problem.row for problem in parsed.errors]
    assert "项目支出比财政拨款多 12.88 万元，表中没有其资金来源" in [
        problem.message for problem in parsed.errors
    ]
