"""A stored document rendered as the PDF(s) of its template."""

from dataclasses import dataclass

from budgets.disclosures.tables import load_facts, published_tables

from .draw import Cover, Narrative, Tables, draw_cover, draw_narrative, draw_tables
from .form import Form, draw_form
from .sheet import Sheet
from .style import style_for

DRAW = {Cover: draw_cover, Narrative: draw_narrative, Tables: draw_tables, Form: draw_form}


@dataclass(frozen=True)
class RenderedFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class Rendering:
    """A document's PDFs, and the title each table was printed under as its reader stores
    it ({table number: title}): a variant may word a title otherwise than the document."""

    files: list
    titles: dict


def render(document, seed=None, variant=None):
    """The Rendering of ``document``: the official look for seed None, else the variant of
    its family that ``seed`` draws (``Variant.from_seed``), or ``variant`` as given."""
    style = style_for(document.template.code)
    variant = variant or style.variant(seed)
    tables = published_tables(load_facts(document))
    files, titles = [], {}
    for name, parts in style.files(document, tables, variant):
        files.append(RenderedFile(name, draw_parts(parts, variant, document.title)))
        for part in parts:
            if isinstance(part, Tables):
                titles.update({p.table.number: p.stored_title or p.title for p in part.prints})
    return Rendering(files, titles)


def render_document(document, seed=None):
    """[RenderedFile] of ``document`` (see ``render``)."""
    return render(document, seed).files


def draw_parts(parts, variant, title):
    """One PDF's bytes: its parts (Cover, Narrative, Tables) drawn in order."""
    sheet = Sheet(variant, title)
    for part in parts:
        DRAW[type(part)](sheet, part)
    return sheet.pdf()
