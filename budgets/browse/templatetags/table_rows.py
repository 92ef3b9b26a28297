"""``{% load table_rows %}``: a django-tables2 table's body rows, rendered in Python.

django-tables2's own template asks ``BoundColumn.attrs`` for every cell, which rebuilds
the column's whole attribute dictionary each time, and runs the template engine over
every cell; and ``BoundRow.get_cell`` binds the column's render method's signature again
for every cell (``call_with_appropriate``): most of a region page's render. Here each
column's ``<td>`` attributes are worked out once per table (per cell only for a column
whose attributes are callables, which may depend on the row), each column's render
method, its arguments and its default once per table (``CellMaker``), and each cell goes
through ``render_value_in_context``, as ``{{ cell }}`` would. The cells themselves are
django-tables2's: its ``render_FOO`` methods and ``Column.render``.
"""

from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, signature

register = template.Library()


def row_independent(column):
    """Whether the column's cell attributes are the same on every row (no callables)."""
    attrs = column.column.attrs
    return not any(callable(value) for value in attrs.get("td", attrs.get("cell", {})).values())


class CellMaker:
    """One column's cells as ``BoundRow.get_cell`` makes them: the value its accessor finds
    (a model's choice field by its label), the column's default for an empty value, else
    its render method called with the arguments it names. ``usable`` is False for the
    columns left to django-tables2: links, many-to-many columns, a render method wanting
    an argument django-tables2 does not give (it then shows None)."""

    ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")

    def __init__(self, bound_column):
        self.bound_column = bound_column
        self.accessor = Accessor(bound_column.accessor)
        self.empty_values = bound_column.column.empty_values
        self.default = bound_column.default
        self.render = bound_column.render
        names, keywords = signature(self.render)
        self.names = self.ARGUMENTS if keywords else names
        self.usable = not (
            bound_column.link
            or isinstance(bound_column.column, BaseLinkColumn | ManyToManyColumn)
            or any(name not in self.ARGUMENTS for name in names)
        )
        self.choices_of = {}  # {model class: whether the accessor ends at a choice field}

    def value(self, record):
        if isinstance(record, models.Model) and self.has_choices(type(record)):
            owner, name = self.accessor.penultimate(record)
            display = getattr(owner, f"get_{name}_display", None)
            if isinstance(owner, models.Model) and display:
                return display()
        return self.accessor.resolve(record, quiet=True)

    def has_choices(self, model):
        if model not in self.choices_of:
            field = self.accessor.get_field(model)
            self.choices_of[model] = bool(getattr(field, "choices", None))
        return self.choices_of[model]

    def cell(self, row):
        value = self.value(row.record)
        if value in self.empty_values:
            return self.default
        given = {
            "value": value,
            "record": row.record,
            "column": self.bound_column.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": row.table,
        }
        return self.render(**{name: given[name] for name in self.names})


def row_cells(row, makers):
    """(bound column, cell) of each column of ``row``, as ``BoundRow.items`` gives them."""
    for column in row.table.columns:
        maker = makers[column.name]
        cell = maker.cell(row) if maker.usable else row.get_cell(column.name)
        # what BoundRow.items sets, for attributes that are callables of the cell
        column.current_value, column.current_record = cell, row.record
        yield column, cell


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
    makers = {column.name: CellMaker(column) for column in table.columns}
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
                for column, cell in row_cells(row, makers)
            ),
        )
        rows.append(format_html("<tr {}>{}</tr>", mark_safe(row.attrs.as_html()), cells))
    if not rows and table.empty_text:
        rows.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    return mark_safe("\n".join(rows))
