"""Amounts printed as documents print them: Decimal 元 in, text in the table's unit out."""

from decimal import Decimal

from budgets.disclosures.money import YUAN_PER_WAN, from_yuan


def format_amount(amount, unit, places, grouping=True):
    """``amount`` (Decimal 元, or None) as printed in ``unit`` with ``places`` decimals,
    grouped in thousands or not; "" for None. Decimal formatting is exact: no float."""
    if amount is None:
        return ""
    shown = from_yuan(Decimal(amount), unit, places)
    return format(shown, f"{',' if grouping else ''}.{places}f")


def exact_wan(amount, grouping=False):
    """``amount`` (Decimal 元) in 万元 with two decimals, or as many more as it takes to
    state it exactly (a narrative's “0.018万元” is 180 元): read back, it is the same 元."""
    shown = Decimal(amount) / YUAN_PER_WAN
    places = max(2, -shown.normalize().as_tuple().exponent)
    return format(shown, f"{',' if grouping else ''}.{places}f")
