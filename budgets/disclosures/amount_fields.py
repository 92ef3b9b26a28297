"""Amounts typed and shown in the document's own unit (元 or 万元), stored exactly in 元.

A clerk copies figures from the printed document: a 万元 document prints 190.57, which is
1,905,700.00 元. The form field converts on the way in (typed 万元 → 元) and on the way
out (stored 元 → 万元, never rounded, so saving a form unchanged changes nothing).
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .money import AMOUNT_UNITS, CENT, UNIT_FACTORS

#: Decimal places a typed amount may have in each unit: whole cents of 元.
UNIT_PLACES = {"元": 2, "万元": 6}
#: Whole digits of 元 a MoneyField stores (max_digits 18, 2 decimal places).
MAX_WHOLE_YUAN_DIGITS = 16

TOO_MANY_PLACES = {
    "元": _("金额以元为单位，最多两位小数（到分）。"),
    "万元": _("金额以万元为单位，最多六位小数（0.000001万元即1分）。"),
}


def shown(amount_in_yuan, unit, places=2):
    """A stored amount in ``unit`` as a plain string, exactly, with at least ``places``
    decimals (190.57 万元, 0.000012 万元; never rounded)."""
    if amount_in_yuan is None:
        return ""
    value = Decimal(amount_in_yuan) / UNIT_FACTORS[unit]
    value = value.normalize()
    exponent = -value.as_tuple().exponent
    wanted = max(places, exponent if exponent > 0 else 0)
    return f"{value:.{wanted}f}"


class AmountInput(forms.TextInput):
    """A text box (not a number box: a browser would refuse "十二" before the server can
    say why) that asks phones for the decimal keypad."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "autocomplete": "off", "class": "vTextField amount"}
        defaults.update(attrs or {})
        super().__init__(defaults)


class DocumentAmountField(forms.Field):
    """An amount typed in the document's unit; ``clean`` returns exact Decimal 元."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("请输入数字金额，如 12345.67。"),
        "negative": _("金额不能为负数。"),
        "max_digits": _("金额过大。"),
    }

    def __init__(self, *, unit="元", places=2, signed=False, **kwargs):
        self.unit = unit if unit in UNIT_FACTORS else "元"
        self.places = places
        self.signed = signed
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
        if not text:
            return None
        try:
            typed = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not typed.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if -typed.as_tuple().exponent > UNIT_PLACES[self.unit] and typed != typed.quantize(
            Decimal(1).scaleb(-UNIT_PLACES[self.unit])
        ):
            raise ValidationError(TOO_MANY_PLACES[self.unit], code="max_decimal_places")
        yuan = (typed * UNIT_FACTORS[self.unit]).quantize(CENT)
        if not self.signed and yuan < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if len(str(abs(yuan).to_integral_value())) > MAX_WHOLE_YUAN_DIGITS:
            raise ValidationError(self.error_messages["max_digits"], code="max_digits")
        return yuan

    def prepare_value(self, value):
        # Stored (initial) values are Decimal 元; typed (bound) values are strings, kept as typed.
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return shown(value, self.unit, self.places)
        return value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        initial = None if initial in self.empty_values else Decimal(initial)
        return initial != data


def amount_formfield(db_field, document, **kwargs):
    """The form field for a MoneyField of a fact of ``document`` (None: a new one, 元)."""
    unit = getattr(document, "amount_unit", None) or "元"
    places = getattr(document, "amount_places", 2) if unit == "元" else 2
    label = str(db_field.verbose_name)
    # The verbose name's unit, as printed in Chinese or in English (“Amount (yuan)”).
    for suffix in ("（元）", "(元)", f" ({_('元')})"):
        if label.endswith(suffix):
            label = label[: -len(suffix)]
    return DocumentAmountField(
        unit=unit,
        places=places,
        signed=getattr(db_field, "signed", False),
        required=not db_field.blank,
        label=_("%(label)s（%(unit)s）")
        % {"label": label, "unit": dict(AMOUNT_UNITS).get(unit, unit)},
        help_text=db_field.help_text,
        **kwargs,
    )
