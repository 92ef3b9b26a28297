"""``{% load money %}``: amounts in the display unit, percentages."""

from django import template

from budgets.web.units import format_amount, format_percent, unit_label

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
