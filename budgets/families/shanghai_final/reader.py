"""A 上海 部门决算 (final accounts) PDF read into the facts it publishes, and checked.

Nine tables in 万元, as ``layout.FINAL_ACCOUNTS`` declares them, and the 情况说明. The
modules beside this one each hold one step: ``identify`` (which document a file is),
``pages`` (numbers printed in a font of their own put back in their lines), ``find`` (the
tables found by title or header), ``continued`` (each table's grids as one list of rows,
over however many pages), ``read_tables`` (those rows read), ``notes`` (the “说明：”
under each table), ``facts`` (the facts they publish), ``checks`` (every printed cell
against the cell built from the facts, and the 决算 balances: 收入 + 年初结转和结余 =
支出 + 结余分配 + 年末结转和结余) and ``narrative`` (the 情况说明's figures against the
tables).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures.arithmetic import Disagreement
from budgets.importers.narrative import Narrative
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.registry import Reader

from .checks import check_cells, check_cross, check_identities
from .facts import derive_facts
from .find import find_final_tables
from .identify import identify, read_final_cover, regions_of
from .layout import FINAL_ACCOUNTS
from .narrative import read_and_check_narrative
from .notes import explanation
from .pages import merged_pages
from .parsed import ParsedFinal
from .read_tables import read_table


def read_contents(contents, template):
    """The checked ParsedFinal of a document's one file. ``template`` (the stored
    ``shanghai-final-accounts``) is what ``FINAL_ACCOUNTS`` declares."""
    if len(contents) != 1:
        raise ImportRefusedError(_("上海市部门决算应为一个PDF文件。"))
    content = contents[0]
    pages = merged_pages(content.pages)
    cover = read_final_cover(pages)
    found = find_final_tables(pages)
    tables = {}
    for layout in FINAL_ACCOUNTS.tables:
        table = read_table(found[layout.number], layout)
        table.note = explanation(found[layout.number], found) or table.note
        tables[layout.number] = table
    table_pages = {page.number for table in found.values() for page in table.pages}
    document = ParsedFinal(
        sha256=content.sha256,
        created_on=content.created_on,
        cover=cover,
        regions=regions_of(cover),
        tables=tables,
        narrative=Narrative(),
    )
    derive_facts(document)
    check_identities(document)
    check_cells(document)
    check_cross(document)
    read_and_check_narrative(
        document, [page for page in pages[1:] if page.number not in table_pages]
    )
    keep_rounding_as_warnings(document)
    return document


def keep_rounding_as_warnings(document):
    """Differences that 万元 rounding explains are notes (“提示：”), not errors."""
    document.warnings.extend(
        Disagreement(problem.table, problem.row, "提示：" + problem.message)
        for problem in document.errors
        if problem.rounding
    )
    document.errors = [problem for problem in document.errors if not problem.rounding]


READER = Reader(
    name=gettext_lazy("上海市部门决算（9张表，万元）"),
    identify=identify,
    read=read_contents,
    parts=FINAL_ACCOUNTS.parts,
)
