"""Money is Decimal 元 with two places, everywhere: never a float."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
YUAN_PER_WAN = Decimal(10000)

#: How a document states its amounts; stored amounts are always 元.
AMOUNT_UNITS = [("元", _("元")), ("万元", _("万元"))]
UNIT_FACTORS = {"元": Decimal(1), "万元": YUAN_PER_WAN}


class MoneyField(models.DecimalField):
    """A DecimalField of 元 with two places; non-negative unless ``signed``.

    Its form field says in plain words what is wrong with a typed amount.
    """

    def __init__(self, verbose_name=None, *, signed=False, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        self.signed = signed
        validators = list(kwargs.pop("validators", []))
        if not signed:
            validators.append(MinValueValidator(Decimal(0), message=_("金额不能为负数。")))
        super().__init__(verbose_name, validators=validators, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if self.signed:
            kwargs["signed"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages.update(
            {
                "invalid": _("请输入数字金额，如 12345.67。"),
                "max_decimal_places": _("金额以元为单位，最多两位小数（到分）。"),
                "max_digits": _("金额过大。"),
                "max_whole_digits": _("金额过大。"),
            }
        )
        return field


def cents(expression):
    """A sum of amounts in the database, rounded to the cent, for check constraints.

    SQLite keeps decimals as binary floats, so there 0.10 + 0.20 is not 0.30; rounding the
    sum to two places makes "the parts add up" mean the same on SQLite as on PostgreSQL
    (whose numeric arithmetic is exact anyway).
    """
    money = models.DecimalField(max_digits=18, decimal_places=2)
    return Round(models.ExpressionWrapper(expression, output_field=money), 2, output_field=money)


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
