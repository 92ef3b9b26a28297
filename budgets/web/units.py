"""How amounts are shown: in the document's unit by default, 元 or 万元 by choice.

The choice comes from ``?unit=`` (so a link keeps it) or from a cookie set by the
switch; a missing figure is shown blank, never as 0.
"""

from decimal import Decimal

from django.utils.translation import get_language

from budgets.disclosures.money import AMOUNT_UNITS, UNIT_FACTORS, from_yuan

UNIT_COOKIE = "amount_unit"
#: ASCII names for the units in URLs and the cookie (a cookie cannot hold 元).
UNIT_SLUGS = {"yuan": "元", "wan": "万元"}


def unit_label(unit):
    """元 or 万元 as the reader's language names it (the stored unit itself stays 元/万元)."""
    return str(dict(AMOUNT_UNITS).get(unit, unit))


def unit_from(value):
    """元 or 万元 from a slug (``yuan``/``wan``) or the unit itself; None otherwise."""
    value = UNIT_SLUGS.get(value, value)
    return value if value in UNIT_FACTORS else None


def chosen_unit(request):
    """The unit the reader chose (元 or 万元), or None to use each table's own."""
    return unit_from(request.GET.get("unit")) or unit_from(request.COOKIES.get(UNIT_COOKIE))


def display_unit(request, documents):
    """The unit to show ``documents``' amounts in: the reader's choice, else the documents'
    own where they share one, else 元."""
    units = {document.amount_unit for document in documents}
    return chosen_unit(request) or (units.pop() if len(units) == 1 else "元")


def places_for(documents, unit):
    """Decimal places to show amounts of ``documents`` in ``unit``: the documents' own where
    ``unit`` is their unit (0 for a document printed in whole 元), two otherwise or where
    they differ."""
    places = {
        document.amount_places if document.amount_unit == unit else 2 for document in documents
    }
    return places.pop() if len(places) == 1 else 2


def format_amount(amount, unit, places=2):
    """An amount in 元 shown in ``unit`` with ``places`` decimals and thousands separators."""
    if amount is None:
        return ""
    return f"{from_yuan(Decimal(amount), unit, places):,.{places}f}"


#: Powers of ten from a unit to millions of yuan, for English (万元 → million: 10⁻²).
MILLION_SHIFT = {"万元": -2, "亿元": 2}


def printed_words(number, unit):
    """An amount as printed in ``unit`` (元, 万元 or 亿元), in words of the reader's language,
    every printed digit kept: “3,959.28 万元” in Chinese; in English, where “10,000 yuan”
    after a figure reads as two numbers, “39.5928 million yuan” (“3,000 yuan” for 0.30 万元,
    under a million). Exact: the decimal point moves, nothing is rounded."""
    number = Decimal(number)
    if not (get_language() or "").startswith("en"):
        return f"{number:,f} {unit}"
    if unit == "元":
        return f"{number:,f} yuan"
    if unit == "万元" and abs(number) < 100:
        return f"{number.scaleb(4):,f} yuan"
    return f"{number.scaleb(MILLION_SHIFT[unit]):,f} million yuan"


def amount_words(amount, unit, places=2):
    """An amount in 元 shown in ``unit`` with ``places`` decimals, in words (``printed_words``);
    blank for a missing figure."""
    if amount is None:
        return ""
    return printed_words(from_yuan(Decimal(amount), unit, places), unit)


def format_percent(value):
    if value is None:
        return ""
    return f"{Decimal(value):,.2f}%"


def plain_amount(amount, unit, places=2):
    """An amount in ``unit`` as a plain decimal string (no separators), or None."""
    if amount is None:
        return None
    return str(from_yuan(Decimal(amount), unit, places))
