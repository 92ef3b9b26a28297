"""``{% load money %}``: amounts in the display unit, percentages."""

from decimal import Decimal

from django import template

from budgets.disclosures.arithmetic import STATED_AMOUNT, as_stated
from budgets.web.units import (
    amount_words,
    format_amount,
    format_percent,
    printed_words,
    unit_label,
)

register = template.Library()


def page_places(context, places):
    """The decimal places to show: as given, else the page's ``places`` (set by the view
    from its documents, see ``web.units.places_for``: 0 for a whole-元 document in 元), else 2."""
    if places is not None:
        return places
    return context.get("places", 2)


@register.simple_tag(takes_context=True)
def money(context, amount, unit, places=None):
    """``{% money amount unit %}``: blank for a missing figure, never 0; in the page's
    decimal places unless ``places`` is given."""
    return format_amount(amount, unit, page_places(context, places))


@register.simple_tag(takes_context=True)
def money_words(context, amount, unit, places=None):
    """``{% money_words amount unit %}``: an amount with its unit, for a sentence (“增加
    3,959.28 万元”, “an increase of 39.5928 million yuan”); blank for a missing figure."""
    return amount_words(amount, unit, page_places(context, places))


@register.simple_tag(takes_context=True)
def stated_money(context, amount, quote, unit, places=None):
    """A narrative's amount (in 元) as its ``quote`` states it, where the statement's unit or
    precision differs from the column's ``unit``: a 元 table beside “9,101.68万元” shows
    9,101.68 万元, not 91,016,800.00, a precision the document never claimed; a 万元 column
    shows “190.6万元” as 190.6. Otherwise (or with no figure in the quote) like ``money``."""
    stated = as_stated(quote, amount)
    if stated is None:
        return format_amount(amount, unit, page_places(context, places))
    digits, stated_unit = STATED_AMOUNT.fullmatch(stated.text).groups()
    number = Decimal(digits.replace(",", ""))
    if stated_unit == unit:
        return f"{number:,f}"
    return printed_words(number, stated_unit)


@register.filter(name="unit_label")
def unit_label_filter(unit):
    """``{{ unit|unit_label }}``: 元 / 万元 in the reader's language."""
    return unit_label(unit)


@register.filter
def percent(value):
    return format_percent(value)


@register.simple_tag(takes_context=True)
def signed_money(context, amount, unit, places=None):
    """A change with its sign (+1.00 / -0.10); blank when missing."""
    text = format_amount(amount, unit, page_places(context, places))
    if text and not text.startswith("-") and amount != 0:
        return "+" + text
    return text
