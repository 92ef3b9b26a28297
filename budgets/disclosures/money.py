"""Money is Decimal 元 with two places, everywhere: never a float."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
YUAN_PER_WAN = Decimal(10000)

#: How a document states its amounts; stored amounts are always 元.
AMOUNT_UNITS = [("元", _("元")), ("万元", _("万元"))]
UNIT_FACTORS = {"元": Decimal(1), "万元": YUAN_PER_WAN}


def MoneyField(verbose_name, *, signed=False, **kwargs):  # noqa: N802 - reads like a field class
    """A DecimalField of 元 with two places; non-negative unless ``signed``."""
    validators = list(kwargs.pop("validators", []))
    if not signed:
        validators.append(MinValueValidator(Decimal(0), message=_("金额不能为负数。")))
    return models.DecimalField(
        verbose_name, max_digits=18, decimal_places=2, validators=validators, **kwargs
    )


def to_yuan(amount, unit):
    """An amount as printed in ``unit`` (元 or 万元), converted exactly to 元.

    Raises ValueError if the converted amount has fractions of a cent, which would
    mean the printed figure was misread.
    """
    value = Decimal(str(amount)) * UNIT_FACTORS[unit]
    if value != value.quantize(CENT):
        raise ValueError(f"{amount} {unit} is not a whole number of cents")
    return value.quantize(CENT)


def from_yuan(amount, unit, places=2):
    """An amount in 元 shown in ``unit``, rounded half up to ``places`` decimals."""
    if amount is None:
        return None
    return (amount / UNIT_FACTORS[unit]).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
