"""Template helpers for names and words the documents print: the comparison base of a
stated change in the reader's language, and glossary terms marked where they appear."""

import re
from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from budgets.web.pages import doc_url

register = template.Library()

COMPARISONS = [
    (re.compile(r"^(\d{4})年预算执行数$"), lambda year: _("%(year)s年预算执行数") % {"year": year}),
    # In context: “Increase vs the 2024 budget”; a heading or link says “2024 budget”.
    (
        re.compile(r"^(\d{4})年预算$"),
        lambda year: pgettext("比较基数", "%(year)s年预算") % {"year": year},
    ),
    (
        re.compile(r"^(\d{4})年决算$"),
        lambda year: pgettext("比较基数", "%(year)s年决算") % {"year": year},
    ),
]


@register.simple_tag
def comparison_label(comparison):
    """The base a statement compares with (上年预算, 2024年预算执行数, …) as the reader's
    language says it; one not recognised stays as printed, marked as Chinese."""
    if not comparison:
        return pgettext("比较基数", "上年")
    if comparison == "上年预算":
        return _("上年预算")
    for pattern, label in COMPARISONS:
        match = pattern.match(comparison)
        if match:
            return label(match.group(1))
    return format_html('<span lang="zh">{}</span>', comparison)


@register.filter
def glossed(text, glossary):
    """``text`` with each glossary term in it (its first appearance) marked by an <abbr>
    carrying the definition, linked to the glossary page's entry."""
    text = "" if text is None else str(text)
    if not glossary or not text:
        return conditional_escape(text)
    spans = []
    for entry in glossary.entries:
        match = entry.pattern.search(text)
        if match and all(match.end() <= s or match.start() >= e for s, e, _entry in spans):
            spans.append((match.start(), match.end(), entry))
    if not spans:
        return conditional_escape(text)
    parts = []
    position = 0
    for start, end, entry in sorted(spans, key=lambda span: span[0]):
        parts.append(conditional_escape(text[position:start]))
        parts.append(
            format_html(
                '<a class="term" href="{}#{}"><abbr title="{}">{}</abbr></a>',
                glossary.url,
                entry.anchor,
                entry.definition,
                text[start:end],
            )
        )
        position = end
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))


STATED = re.compile(r"^\s*([\d,]+(?:\.\d+)?)\s*(亿元|万元|元)\s*$")


@register.filter
def stated_amount(text):
    """A narrative's amount as it writes it (“0.018万元”); in English in words with every
    printed digit (“180 yuan”, “91.0168 million yuan”: ``web.units.printed_words``); text
    of another shape stays as written, marked as Chinese."""
    from budgets.browse.names import in_english
    from budgets.web.units import printed_words

    if not in_english():
        return text
    match = STATED.match(text or "")
    if match:
        return printed_words(Decimal(match.group(1).replace(",", "")), match.group(2))
    return format_html('<span lang="zh">{}</span>', text or "")


@register.filter
def plain(value):
    """A name as plain text, for a page's <title>: a Name renders with its 原文 mark in
    HTML, which a title would show as tags (“<span lang="zh">事业运行</span> <small…”)."""
    return str(getattr(value, "label", value))


@register.simple_tag
def year_links(documents):
    """An organisation's documents as links by year (“2025”, “2024决算”), each labelled with
    the organisation's name for screen readers. Built here rather than by an included
    template: home and an organisation's page list hundreds of them."""
    budget_label, final_label = _("%(name)s %(year)s年预算"), _("%(name)s %(year)s年决算")
    final_text = _("%(year)s决算")
    links = []
    for document in documents:
        final = document.stage == "final_accounts"
        words = {"name": document.organisation.name, "year": document.year}
        links.append(
            format_html(
                '<a class="year{}" href="{}" data-stage="{}" aria-label="{}">{}</a>',
                " year-final" if final else "",
                doc_url(document),
                document.stage,
                (final_label if final else budget_label) % words,
                final_text % words if final else document.year,
            )
        )
    if not links:
        return ""
    return format_html('<span class="years">{}</span>', mark_safe("".join(links)))
