"""A Shanghai-template budget PDF read into the facts it publishes, and checked.

``read_contents(contents, template)`` reads and checks without touching the database;
``budgets.importers.writer`` stores the result. Errors (figures that disagree) stop an
import unless forced; warnings (a note that contradicts its table, a narrative figure
stated twice differently) never do, and are kept as findings either way.

The steps, each in its module: the cover (``identity``), the tables as the layout
declares them (``read_tables``, ``layout``), the names and 类 they print (``names``), each
table against itself (``checks.check_tables``), the facts (``derive``), the tables
against one another (``checks.check_facts``), the narrative (``narrative_checks``) and
the figures printed off the facts' sums (``subtotals``).
"""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures.arithmetic import Disagreement
from budgets.importers import project_forms
from budgets.importers.narrative import clean, read_narrative, read_sections
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.registry import Reader

from .checks import check_facts, check_tables, check_units
from .derive import derive_facts
from .document import ParsedDocument
from .identity import identify, read_identity, regions_of
from .layout import SHANGHAI_DISTRICT
from .names import collect_names, collect_printed_rows, match_classes
from .narrative_checks import check_narrative
from .read_tables import lines_above, read_tables
from .subtotals import find_printed_subtotals


def read_contents(contents, template):
    """Read and check one document published as one PDF (``contents``: its one PdfContent).

    What to look for is ``layout.SHANGHAI_DISTRICT``, the declaration ``template`` (the
    stored ``Template`` of that code) is loaded from."""
    if len(contents) != 1:
        raise ImportRefusedError(_("上海市预算公开文件应为一个PDF文件。"))
    content = contents[0]
    cover = read_identity(content.pages)
    tables = read_tables(content.pages, SHANGHAI_DISTRICT)
    document = ParsedDocument(
        sha256=content.sha256,
        created_on=content.created_on,
        cover=cover,
        regions=regions_of(cover),
        tables=tables,
        narrative=read_narrative_pages(narrative_pages(content.pages, tables), cover),
    )
    document.warnings.extend(Disagreement(*warning) for warning in document.narrative.warnings)
    check(document)
    find_printed_subtotals(document, SHANGHAI_DISTRICT)
    return document


def narrative_pages(pages, tables):
    """The pages that hold neither a table nor the 目录, and the lines above the first
    table on the page it starts on (the narrative's last lines, where it shares that
    page). A cover's lines, printed before any section's heading, are no section's."""
    table_pages = {page.number for table in tables.values() for page in table.pages}
    first = min(tables.values(), key=lambda table: table.pages[0].number)
    pages = [page for page in pages if page.number not in table_pages and not contents(page)]
    above = lines_above(first)
    if above.lines:
        pages.append(above)
        pages.sort(key=lambda page: page.number)
    return pages


def contents(page):
    """Whether ``page`` is the 目录 (under the document's title or not)."""
    return any(clean(line) == "目录" for line in page.lines[:5])


def read_narrative_pages(pages, cover):
    """The narrative of the pages that hold no table, with each project's 绩效目标 form."""
    narrative = read_narrative(read_sections(pages), cover.scope, cover.owner)
    narrative.projects, project_warnings = project_forms.attach(
        narrative.projects, project_forms.read_forms(pages)
    )
    narrative.warnings.extend(project_warnings)
    return narrative


def check(document):
    """Every check in turn, then the differences rounding explains moved to warnings."""
    check_units(document)
    collect_names(document)
    match_classes(document)
    collect_printed_rows(document)
    check_tables(document)
    derive_facts(document)
    check_facts(document)
    check_narrative(document)
    document.warnings.extend(
        replace(problem, message="提示：" + problem.message)
        for problem in document.errors
        if problem.rounding
    )
    document.errors = [problem for problem in document.errors if not problem.rounding]


READER = Reader(
    name=gettext_lazy("上海市区级/市级部门/单位预算（9张表，元）"),
    identify=identify,
    read=read_contents,
    parts=SHANGHAI_DISTRICT.parts,
)
