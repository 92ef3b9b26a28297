"""A template's declared layout: what its documents print, as data a reader follows.

Each family declares its templates' layouts in ``budgets/families/<family>/layout.py``.
A reader finds a table by what the layout says it prints (its title, any of the title
variants real documents use, or its header columns), never by its position in the files
at hand, so a document that orders, splits or titles its tables differently still reads.
The same declaration gives the template's rows in the database (``template_rows``), so
the stored template and what the reader looks for cannot drift apart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TableLayout:
    """One official table of a template."""

    #: The table's number as the template prints it (“表1”, “公开01表”, “1”).
    number: str
    #: The builder of the table (``TemplateTable.kind``, ``disclosures.tables.BUILDERS``).
    kind: str
    #: The title as the template gives it.
    title: str
    #: Other titles real documents print for the same table (wording, 2017 vs 2018 …).
    title_variants: tuple[str, ...] = ()
    #: Header cells that identify the table when its title is missing or unusual; every
    #: one of them must appear in the table's header.
    header: tuple[str, ...] = ()
    #: What its rows are: "summary" (side-by-side 收/支), "function", "economic",
    #: "function_economic", "three_public", "procurement", "form" (target forms) …
    rows: str = ""
    #: The unit its amounts are printed in, where it differs from the document's.
    amount_unit: str = ""
    #: True where a document may leave the table out (printed empty or not at all).
    optional: bool = False

    @property
    def titles(self):
        return (self.title, *self.title_variants)


@dataclass(frozen=True)
class TemplateLayout:
    """A template: its tables in published order, and how a document comes in files."""

    #: ``Template.code``.
    code: str
    #: ``Template.name``, as the site names the template.
    name: str
    tables: tuple[TableLayout, ...]
    #: The unit a document of this template prints its amounts in (“元”, “万元”).
    amount_unit: str = "元"
    #: The parts a document may be published in as separate files (besides one file).
    parts: tuple[str, ...] = ()


def template_rows(layout):
    """The fixture objects (``disclosures.Template`` and its ``TemplateTable`` rows) that
    ``layout`` declares, as ``loaddata`` reads them."""
    rows = [{"model": "disclosures.template", "fields": {"code": layout.code, "name": layout.name}}]
    rows += [
        {
            "model": "disclosures.templatetable",
            "fields": {
                "template": [layout.code],
                "position": position,
                "number": table.number,
                "title": table.title,
                "kind": table.kind,
                "amount_unit": table.amount_unit,
            },
        }
        for position, table in enumerate(layout.tables, start=1)
    ]
    return rows
