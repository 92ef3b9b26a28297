"""Every official table of a document, derived from its facts.

A template table's ``kind`` names a builder; each template family's builders live in its
package (``budgets/families/<family>/tables.py``) and are registered here when the site
starts (``register_builders``), so this shared module never imports a family. Each builder returns a
``PublishedTable``: a plain structure that the HTML page, the CSV and XLSX downloads
and the JSON API all render, so the four can never disagree. Amounts in it are Decimal
元 (or None for a blank cell); renderers convert them with ``money.from_yuan``. All
sums go through ``arithmetic``.
"""

from django.utils import translation

from .common import (
    REVENUE_BY_FUNCTION,
    SPENDING_BY_FUNCTION,
    TOTAL_ROW,
    Code,
    Column,
    DocumentFacts,
    HeaderCell,
    PublishedTable,
    Row,
    by_type,
    dept_code,
    function_code,
    gov_code,
    load_facts,
    load_figure_facts,
    load_overview_facts,
    printed_rows,
    put_printed,
    row_key,
    split_code,
)

__all__ = [
    "Code",
    "by_type",
    "Column",
    "DocumentFacts",
    "HeaderCell",
    "PublishedTable",
    "Row",
    "REVENUE_BY_FUNCTION",
    "SPENDING_BY_FUNCTION",
    "TOTAL_ROW",
    "dept_code",
    "function_code",
    "gov_code",
    "load_facts",
    "load_figure_facts",
    "load_overview_facts",
    "printed_rows",
    "put_printed",
    "row_key",
    "split_code",
    "BUILDERS",
    "register_builders",
    "build",
    "published_table",
    "published_tables",
]

#: Table kind → builder, filled by ``register_builders``.
BUILDERS = {}


def register_builders(builders):
    """Add a family's builders; a kind belongs to one family only."""
    clashing = BUILDERS.keys() & builders.keys()
    if clashing:
        raise ValueError(f"table kinds registered twice: {sorted(clashing)}")
    BUILDERS.update(builders)


# ---------------------------------------------------------------------------
# Building.


def published_tables(facts):
    """Every table of the document's template, in published order."""
    return [build(facts, table) for table in facts.template_tables]


def published_table(facts, position):
    """The table at ``position`` (1-based) of the template, or None."""
    for table in facts.template_tables:
        if table.position == position:
            return build(facts, table)
    return None


def build(facts, template_table):
    note = facts.notes.get(template_table.id)
    builder = BUILDERS[template_table.kind]
    # An official table is the public record: it reads as printed (Chinese labels such as
    # 产出指标 come from model choices) whatever language the reader chose for the site.
    with translation.override(None):
        table = builder(facts)
    table.number = template_table.number
    table.title = (note.title if note and note.title else "") or template_table.title
    table.kind = template_table.kind
    table.position = template_table.position
    table.amount_unit = template_table.amount_unit or facts.document.amount_unit
    if table.amount_unit == facts.document.amount_unit:
        table.amount_places = facts.document.amount_places
    table.note = note.note if note else ""
    put_printed(table, facts.printed.get(template_table.id, {}))
    return table
