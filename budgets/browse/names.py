"""Classification names in the reader's language.

The Chinese name is the one the document prints. In English a code shows the Ministry's
English name where it publishes one (``name_en``, see classifications.english); one with
none shows its Chinese name marked as the original (``lang="zh"`` and a small 原文 mark),
never a guess.
"""

from django.utils.html import format_html
from django.utils.translation import get_language, pgettext_lazy

from budgets.classifications.models import SCHEMES as CODE_MODELS


def in_english():
    return (get_language() or "").startswith("en")


class Name(str):
    """A code's name as text (for charts and titles) that renders in HTML with the
    original-language mark where it is not translated."""

    original = False

    def __html__(self):
        if self.original:
            return format_html(
                '<span lang="zh">{}</span> <small class="original">{}</small>',
                str(self),
                pgettext_lazy("未译名称", "原文"),
            )
        return format_html("{}", str(self))


def make_name(chinese, english=""):
    if not in_english() or not chinese:
        return Name(chinese or "")
    if english:
        return Name(english)
    name = Name(chinese)
    name.original = True
    return name


def english_names(scheme_key, year, codes):
    """{code: English name} of ``codes`` of ``year`` that have one (one query; none in
    Chinese)."""
    codes = set(codes)
    if not in_english() or not codes:
        return {}
    return dict(
        CODE_MODELS[scheme_key]
        .objects.filter(year=year, code__in=codes)
        .exclude(name_en="")
        .values_list("code", "name_en")
    )


def code_name(scheme_key, year, code, chinese):
    return make_name(chinese, english_names(scheme_key, year, [code]).get(code, ""))


def localise(scheme_key, year, items, code_attr="code", name_attr="name"):
    """Replace each item's name by its Name in the reader's language (one query)."""
    english = english_names(scheme_key, year, [getattr(item, code_attr) for item in items])
    for item in items:
        setattr(
            item,
            name_attr,
            make_name(getattr(item, name_attr), english.get(getattr(item, code_attr), "")),
        )
    return items
