"""``{% load table_rows %}``: a django-tables2 table's body rows, rendered in Python.

django-tables2's own template asks ``BoundColumn.attrs`` for every cell, which rebuilds
the column's whole attribute dictionary each time, and runs the template engine over
every cell: half of a 50-row page's render. Here each column's ``<td>`` attributes are
worked out once per table (per cell only for a column whose attributes are callables,
which may depend on the row), and each cell goes through ``render_value_in_context``,
as ``{{ cell }}`` would. The cells themselves are django-tables2's: its ``render_FOO``
methods and ``Column.render``.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def row_independent(column):
    """Whether the column's cell attributes are the same on every row (no callables)."""
    attrs = column.column.attrs
    return not any(callable(value) for value in attrs.get("td", attrs.get("cell", {})).values())


def cell_html(context, column, cell):
    if column.localize is not None:
        cell = formats.localize(cell, use_l10n=column.localize)
    return render_value_in_context(cell, context)


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    fixed = {
        column.name: column.attrs["td"].as_html()
        for column in table.columns
        if row_independent(column)
    }
    rows = []
    for row in table.paginated_rows:
        cells = format_html_join(
            "",
            "<td {}>{}</td>",
            (
                (
                    mark_safe(fixed.get(column.name) or column.attrs["td"].as_html()),
                    cell_html(context, column, cell),
                )
                for column, cell in row.items()
            ),
        )
        rows.append(format_html("<tr {}>{}</tr>", mark_safe(row.attrs.as_html()), cells))
    if not rows and table.empty_text:
        rows.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    return mark_safe("\n".join(rows))
