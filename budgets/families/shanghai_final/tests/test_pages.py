"""Numbers printed in a font of their own, put back into the line they belong to."""

from budgets.families.shanghai_final.pages import merge_line


def test_merge_line_puts_loose_numbers_into_their_gaps():
    assert merge_line("年度收入支出总计 万元。与 年度相比", ["2024", "2995.39", "2023"]) == (
        "2024年度收入支出总计2995.39万元。与2023年度相比"
    )
    assert merge_line("万元。决算数小于预算数", ["449.52"]) == "449.52万元。决算数小于预算数"
    assert merge_line("三公 经费年初预算为 万元，支出决算为 万元", ["“", "”", "0.95", "0.00"]) == (
        "“三公”经费年初预算为0.95万元，支出决算为0.00万元"
    )


def test_tokens_that_fit_no_gap_follow_the_line():
    assert merge_line("收入 支出 总计", ["1", "2", "3", "4"]) == "收入 支出 总计 1 2 3 4"
