"""Figures compared and shown as the document prints them: in 万元, two decimals."""

from decimal import ROUND_HALF_UP, Decimal

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.money import from_yuan

from .parsed import UNIT, ZERO

HUNDRED = Decimal(100)


def wan_text(amount):
    return f"{from_yuan(amount or ZERO, UNIT):,.2f}"


def differ(title, row, label_a, a, label_b, b, addends=1):
    """A Disagreement (in 万元) if ``a`` and ``b`` differ; one that rounding ``addends``
    printed figures to 0.01 万元 explains is marked as rounding."""
    difference = (a or ZERO) - (b or ZERO)
    if not difference:
        return None
    rounding = abs(difference) <= arithmetic.rounding_tolerance(addends) * HUNDRED
    suffix = "（万元两位小数舍入差异）" if rounding else ""
    message = f"{label_a} {wan_text(a)} 万元 ≠ {label_b} {wan_text(b)} 万元{suffix}"
    return Disagreement(title, row, message, rounding)


def number(text):
    """A printed figure (“2,995.39”) as a Decimal."""
    return Decimal(text.replace(",", ""))


def percent_of(part, whole):
    if not whole:
        return None
    return (HUNDRED * (part or ZERO) / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)
