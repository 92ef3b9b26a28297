"""Sortable, paginated tables (django-tables2, ?sort= and ?page=) of the region pages.

The department tables take a queryset (``queries.departments``, ``queries.three_public``):
django-tables2 sorts it in SQL (ORDER BY an annotation) and loads one page of rows."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgets.disclosures import arithmetic
from budgets.web.pages import doc_url
from budgets.web.tables import MoneyColumn, PercentColumn, PublicTable, footer_amount
from budgets.web.units import format_percent

from .queries import THREE_PUBLIC_COLUMNS


class OrganisationLinkColumn(tables.Column):
    """The organisation's name, linking to the document (``document_path`` from the row)."""

    def __init__(self, *args, document_path="", **kwargs):
        self.document_path = document_path
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        document = getattr(record, self.document_path) if self.document_path else record
        return format_html('<a href="{}">{}</a>', doc_url(document), value)


class PriorColumn(tables.Column):
    """A figure of the prior year the row is compared with. Not sortable: the comparison
    is looked up for the rows shown only (``queries.compare_*``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}})
        super().__init__(*args, orderable=False, **kwargs)


class PriorMoneyColumn(MoneyColumn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, orderable=False, **kwargs)


class ChangePercentColumn(PercentColumn):
    """The change as a percentage of the prior figure (``arithmetic.percent_change``), from
    the row's ``figure`` and ``prior_figure``, where it is compared with a prior year."""

    def __init__(self, figure, prior_figure, **kwargs):
        self.figure, self.prior_figure = figure, prior_figure
        super().__init__(accessor="prior_year", orderable=False, **kwargs)

    def render(self, value, record):
        return format_percent(
            arithmetic.percent_change(
                getattr(record, self.prior_figure), getattr(record, self.figure)
            )
        )


class ClassTable(PublicTable):
    code = tables.Column(verbose_name=_("科目编码"), attrs={"td": {"class": "code"}})
    name = tables.Column(verbose_name=_("科目名称"))
    amount = MoneyColumn(verbose_name=_("金额"))
    share = PercentColumn(verbose_name=_("占比"))


class DepartmentTable(PublicTable):
    """``queries.departments``: one page of the year's counted budgets."""

    rank = tables.Column(verbose_name=_("名次"), attrs={"td": {"class": "num"}})
    organisation = OrganisationLinkColumn(
        accessor="organisation__name", verbose_name=_("部门/单位")
    )
    scope = tables.Column(verbose_name=_("范围"))
    total = MoneyColumn(verbose_name=_("支出合计"))
    share = PercentColumn(accessor="total", verbose_name=_("占比"))
    prior_year = PriorColumn(verbose_name=_("比较年度"))
    prior_total = PriorMoneyColumn(verbose_name=_("比较年度支出"))
    change = PriorMoneyColumn(verbose_name=_("增减"))
    percent = ChangePercentColumn("total", "prior_total", verbose_name=_("增减幅度"))

    def __init__(self, *args, region_total=None, **kwargs):
        self.region_total = region_total
        super().__init__(*args, **kwargs)

    def render_share(self, value):
        return format_percent(arithmetic.share(value, self.region_total))


def three_public_table(rows, total, unit, caption, places=2):
    """``queries.three_public``'s rows, with the sums of every row (not just the page's) in
    the footer."""
    extra = [
        (name, MoneyColumn(verbose_name=label, footer=footer_amount(total[name])))
        for name, label in THREE_PUBLIC_COLUMNS
    ]
    extra += [
        ("prior_year", PriorColumn(verbose_name=_("比较年度"))),
        ("prior_three_public", PriorMoneyColumn(verbose_name=_("比较年度“三公”经费"))),
        ("change", PriorMoneyColumn(verbose_name=_("增减"))),
        (
            "percent",
            ChangePercentColumn("three_public", "prior_three_public", verbose_name=_("增减幅度")),
        ),
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
    organisation = OrganisationLinkColumn(
        accessor="document__organisation__name",
        document_path="document",
        verbose_name=_("部门/单位"),
        footer=_("合计"),
    )
    scope = tables.Column(accessor="document__scope", verbose_name=_("范围"))
