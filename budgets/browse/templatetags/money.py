"""``{% load money %}``: amounts in the display unit, percentages."""

from django import template

from budgets.browse.units import format_amount, format_percent, unit_label

register = template.Library()


@register.simple_tag
def money(amount, unit):
    """``{% money amount unit %}``: blank for a missing figure, never 0."""
    return format_amount(amount, unit)


@register.filter(name="unit_label")
def unit_label_filter(unit):
    """``{{ unit|unit_label }}``: 元 / 万元 in the reader's language."""
    return unit_label(unit)


@register.filter
def percent(value):
    return format_percent(value)


@register.simple_tag
def signed_money(amount, unit):
    """A change with its sign (+1.00 / -0.10); blank when missing."""
    text = format_amount(amount, unit)
    if text and not text.startswith("-") and amount != 0:
        return "+" + text
    return text
