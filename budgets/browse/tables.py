"""django-tables2 tables of the browse pages (sortable by ?sort=, plain GET); the pieces
they share with other apps' tables are in ``budgets.web.tables``."""

import inspect

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as dt2_utils

from budgets.web.tables import MoneyColumn, PercentColumn, PublicTable, footer_amount
from budgets.web.units import format_amount


def remember_signatures():
    """Make django-tables2 read each render method's parameters once, not once per cell.

    To learn which of ``value``, ``record``, ``table``... a render method takes, django-tables2
    calls ``inspect.signature`` for every cell it renders: 13 ms of a 50-row, 13-column
    page's 64. A function's parameters are fixed by its code object (after unwrapping
    decorators, as ``inspect.signature`` does), so the answer is kept per code object and
    per bound or plain call; a callable without a code object goes the original way. The
    code objects are the program's own, so what is kept does not grow with requests."""
    original = dt2_utils.signature
    known = {}

    def signature(fn):
        code = getattr(inspect.unwrap(getattr(fn, "__func__", fn)), "__code__", None)
        if code is None:
            return original(fn)
        key = (code, inspect.ismethod(fn))
        if key not in known:
            known[key] = original(fn)
        return known[key]

    dt2_utils.signature = signature


class LinkedCodeColumn(tables.Column):
    """A code linking to ``record.url`` where there is a level below to drill into."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "code"}})
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        if getattr(record, "url", ""):
            return format_html('<a href="{}" class="drill">{}</a>', record.url, value)
        return value


class DrillTable(PublicTable):
    code = LinkedCodeColumn(verbose_name=_("科目编码"))
    name = tables.Column(verbose_name=_("科目名称"))
    total = MoneyColumn(verbose_name=_("合计"))
    basic = MoneyColumn(verbose_name=_("基本支出"))
    project = MoneyColumn(verbose_name=_("项目支出"))
    share = PercentColumn(verbose_name=_("占比"))

    def render_name(self, value, record):
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, value)
        return value


def comparison_table(rows, headings, unit, caption, *, with_change=False, places=2):
    """A table of codes with one money column per heading (year or organisation)."""
    extra = [
        (f"amount_{index}", MoneyColumn(accessor=f"amounts__{index}", verbose_name=heading))
        for index, heading in enumerate(headings)
    ]
    if with_change:
        extra.append(("change", MoneyColumn(verbose_name=_("增减"))))
        extra.append(("percent", PercentColumn(verbose_name=_("增减幅度"))))
    return YearsTable(
        rows,
        unit=unit,
        caption=caption,
        places=places,
        extra_columns=extra,
        attrs={"class": "data comparison"},
    )


class ComparisonTable(PublicTable):
    code = LinkedCodeColumn(verbose_name=_("科目编码"))
    name = tables.Column(verbose_name=_("科目名称"))


class YearsTable(ComparisonTable):
    """Years side by side: on a phone the code keeps the name under it in a sticky first
    column, so the change columns scrolled into view still say which row they are."""

    code = LinkedCodeColumn(verbose_name=_("科目编码"))
    name = tables.Column(
        verbose_name=_("科目名称"), attrs={"th": {"class": "col-name"}, "td": {"class": "col-name"}}
    )

    def render_code(self, value, record):
        code = LinkedCodeColumn.render(self.columns["code"].column, value, record)
        return format_html('{}<span class="row-name">{}</span>', code, record.name)


def difference_html(value, table):
    """A difference that should be zero, in the table's unit; a non-zero one is marked."""
    text = format_amount(value, table.unit, table.places)
    if value:
        return format_html('<strong class="differs">{}</strong>', text)
    return text


class DifferenceColumn(MoneyColumn):
    def render(self, value, table):
        return difference_html(value, table)


def units_table(rows, headings, totals, check, unit, caption, *, places=2):
    """A department and its units side by side by code, with the units' sum and, where
    every unit published, the difference department − units; totals in the footer."""
    extra = [
        (
            f"amount_{index}",
            MoneyColumn(
                accessor=f"amounts__{index}", verbose_name=heading, footer=footer_amount(total)
            ),
        )
        for index, (heading, total) in enumerate(zip(headings, totals, strict=True))
    ]
    if check.published_count:
        if check.complete:
            label = _("各单位合计")
        else:
            label = _("已公开单位合计（%(published)s/%(count)s个，不完整）") % {
                "published": check.published_count,
                "count": check.unit_count,
            }
        extra.append(
            ("units_sum", MoneyColumn(verbose_name=label, footer=footer_amount(check.unit_total)))
        )
        if check.checked:
            extra.append(
                (
                    "difference",
                    DifferenceColumn(
                        verbose_name=_("差额"),
                        footer=lambda table: difference_html(check.total_difference, table),
                    ),
                )
            )
    return UnitsTable(
        rows,
        unit=unit,
        caption=caption,
        places=places,
        extra_columns=extra,
        attrs={"class": "data units"},
    )


class UnitsTable(ComparisonTable):
    code = LinkedCodeColumn(verbose_name=_("科目编码"), footer=_("合计"))


class RankingTable(PublicTable):
    """One scope's ranking, a page of it (each share is of everything it ranks)."""

    rank = tables.Column(verbose_name=_("名次"), attrs={"td": {"class": "num"}})
    organisation = tables.Column(
        accessor="document__organisation__name", verbose_name=_("部门/单位")
    )
    amount = MoneyColumn(verbose_name=_("金额"))
    share = PercentColumn(verbose_name=_("占比"))
    detail = tables.Column(accessor="drill_url", verbose_name=_("科目明细"), orderable=False)

    def render_organisation(self, value, record):
        return format_html('<a href="{}">{}</a>', record.url, value)

    def render_detail(self, value, record):
        return format_html('<a href="{}">{}</a>', value, _("明细"))
