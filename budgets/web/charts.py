"""A chart as the templates draw it (``browse/_chart.html``): Chart.js reads its data from a
json_script block, and a table says the same for readers who cannot see the chart."""

from django.utils.translation import gettext as _

from .tables import ChartItemTable, YearItemTable
from .units import plain_amount, unit_label


def chart_payload(kind, title, items, unit, places=2, by_year=False):
    """What a chart draws, for a json_script block: labels, plain decimal strings, links,
    and its axes' titles (the amount axis names the unit)."""
    return {
        "type": kind,
        "title": str(title),
        "unit": unit_label(unit),
        "value_axis": _("金额（%(unit)s）") % {"unit": unit_label(unit)},
        "category_axis": str(_("年度")) if by_year else "",
        "labels": [str(item.label) for item in items],
        "values": [plain_amount(item.amount, unit, places) or "0" for item in items],
        "urls": [getattr(item, "url", "") for item in items],
    }


def chart_block(element_id, kind, title, items, unit, *, with_table=True, by_year=False, places=2):
    """A chart and its text alternative: the same items as a table (or the page's own
    table beside it, where that already lists every item)."""
    table = None
    if with_table:
        table_class = YearItemTable if by_year else ChartItemTable
        table = table_class(
            items,
            unit=unit,
            places=places,
            caption=title,
            orderable=False,
            prefix=f"{element_id}-",
        )
        if kind == "pie":
            table.exclude = ("code",)
    return {
        "id": element_id,
        "data_id": f"{element_id}-data",
        "title": title,
        "payload": chart_payload(kind, title, items, unit, places, by_year),
        "table": table,
        # One item is no chart: it is shown as a figure, a big number with its label.
        "single": items[0] if len(items) == 1 else None,
        "unit": unit,
        "places": places,
    }
