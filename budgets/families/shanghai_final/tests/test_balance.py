"""The 决算 balance (``arithmetic.carry_over_identity``) on hand-made figures: 本年收入 +
年初结转和结余 (+ 使用非财政拨款结余) = 本年支出 + 结余分配 + 年末结转和结余."""

from decimal import Decimal

from budgets.disclosures import arithmetic


def identity(**figures):
    return arithmetic.carry_over_identity("表", "总计", **figures)


def test_balance_identity_holds():
    assert not identity(
        revenue=Decimal(2946),
        opening=Decimal(49),
        spending=Decimal(2940),
        closing=Decimal(55),
        total_in=Decimal(2995),
        total_out=Decimal(2995),
    )
    assert not identity(revenue=None, opening=None, spending=None, closing=None)


def test_balance_identity_names_each_side():
    problems = identity(
        revenue=Decimal(100),
        opening=Decimal(10),
        spending=Decimal(100),
        closing=Decimal(5),
        distribution=Decimal(0),
        total_in=Decimal(110),
        total_out=Decimal(110),
    )
    messages = [problem.message for problem in problems]
    assert len(problems) == 2
    assert messages[0].startswith("支出总计 110 元 ≠ 本年支出+结余分配+年末结转和结余 105")
    assert messages[1].startswith(
        "本年收入+年初结转和结余 110 元 ≠ 本年支出+结余分配+年末结转和结余"
    )
    assert all((p.table, p.row) == ("表", "总计") for p in problems)


def test_non_fiscal_balance_used_counts_as_income():
    assert not identity(
        revenue=Decimal(90),
        opening=Decimal(0),
        used=Decimal(10),
        spending=Decimal(100),
        closing=Decimal(0),
        total_in=Decimal(100),
    )
    assert identity(
        revenue=Decimal(90),
        opening=Decimal(0),
        used=Decimal(5),
        spending=Decimal(100),
        closing=Decimal(0),
    )
