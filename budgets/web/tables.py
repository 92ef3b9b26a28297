"""The django-tables2 pieces every public table is made of: a captioned table with a
display unit, money and percent columns, and the tables that give a chart's items in text."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .units import format_amount, format_percent


class PublicTable(tables.Table):
    """A table with a caption and the display unit its money columns use."""

    def __init__(self, *args, unit, caption="", places=2, **kwargs):
        self.unit = unit
        self.places = places
        self.caption = caption
        # Set per instance: django-tables2 does not inherit a parent's Meta.
        kwargs.setdefault("template_name", "browse/dt2_table.html")
        kwargs.setdefault("attrs", {"class": "data"})
        super().__init__(*args, **kwargs)


class MoneyColumn(tables.Column):
    """Amounts in the table's display unit; blank, never 0, where missing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs", {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}
        )
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value, table):
        return format_amount(value, table.unit, table.places)

    def value(self, value, table):
        return format_amount(value, table.unit, table.places)


class PercentColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percent(value)


def footer_amount(amount):
    """A column footer showing ``amount`` in the table's unit."""
    return lambda table: format_amount(amount, table.unit, table.places)


class ChartItemTable(PublicTable):
    """The text alternative of a composition chart: every item the chart draws."""

    code = tables.Column(verbose_name=_("科目编码"), attrs={"td": {"class": "code"}})
    label = tables.Column(verbose_name=_("科目名称"))
    amount = MoneyColumn(verbose_name=_("金额"))

    def render_label(self, value, record):
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, value)
        return value


class YearItemTable(ChartItemTable):
    """The text alternative of a chart of years."""

    label = tables.Column(verbose_name=_("年度"))

    class Meta:
        exclude = ("code",)
