"""Sortable tables (django-tables2, ?sort=) of the region pages."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgets.browse.tables import MoneyColumn, PercentColumn, PublicTable, footer_amount

from .queries import THREE_PUBLIC_COLUMNS


class OrganisationLinkColumn(tables.Column):
    def render(self, value, record):
        return format_html('<a href="{}">{}</a>', record.url, value)


class ClassTable(PublicTable):
    code = tables.Column(verbose_name=_("科目编码"), attrs={"td": {"class": "code"}})
    name = tables.Column(verbose_name=_("科目名称"))
    amount = MoneyColumn(verbose_name=_("金额"))
    share = PercentColumn(verbose_name=_("占比"))


class DepartmentTable(PublicTable):
    rank = tables.Column(verbose_name=_("名次"), attrs={"td": {"class": "num"}})
    organisation = OrganisationLinkColumn(verbose_name=_("部门/单位"))
    scope = tables.Column(verbose_name=_("范围"))
    total = MoneyColumn(verbose_name=_("支出合计"))
    share = PercentColumn(verbose_name=_("占比"))
    prior_year = tables.Column(verbose_name=_("比较年度"), attrs={"td": {"class": "num"}})
    prior_total = MoneyColumn(verbose_name=_("比较年度支出"))
    change = MoneyColumn(verbose_name=_("增减"))
    percent = PercentColumn(verbose_name=_("增减幅度"))


def three_public_table(rows, total, unit, caption, places=2):
    extra = [
        (name, MoneyColumn(verbose_name=label, footer=footer_amount(getattr(total, name))))
        for name, label in THREE_PUBLIC_COLUMNS
    ]
    extra += [
        ("prior_year", tables.Column(verbose_name=_("比较年度"), attrs={"td": {"class": "num"}})),
        ("prior_three_public", MoneyColumn(verbose_name=_("比较年度“三公”经费"))),
        ("change", MoneyColumn(verbose_name=_("增减"))),
        ("percent", PercentColumn(verbose_name=_("增减幅度"))),
    ]
    return ThreePublicTable(
        rows,
        unit=unit,
        places=places,
        caption=caption,
        extra_columns=extra,
        attrs={"class": "data three-public"},
    )


class ThreePublicTable(PublicTable):
    organisation = OrganisationLinkColumn(verbose_name=_("部门/单位"), footer=_("合计"))
    scope = tables.Column(verbose_name=_("范围"))
