"""The gate an import passes: the stored document's tables against its PDF's printed cells.

``verdict`` rebuilds the document's official tables from what was stored and compares
them with what the PDF prints on its table pages, every table of every template.
``messages`` names each difference by table, row and column, for a refusal or for the
findings a forced import keeps.
"""

from django.utils.translation import gettext as _

from budgets.disclosures import tables

from .compare import compare
from .printed import printed_cells


def verdict(document, pages):
    """The Verdict for a stored ``document`` against its PDF ``pages`` (importers.pdf.Page,
    every file of the document in order); None where the pages carry no printed words (a
    text file)."""
    if not any(page.words for page in pages):
        return None
    official = [
        table for table in tables.published_tables(tables.load_facts(document)) if not table.form
    ]
    cells = printed_cells(pages, [(table.number, table.title) for table in official])
    return compare(cells, official)


def messages(verdict):
    """(table, row, message) of every difference, printed side first. They are stored as
    findings, which are data: in Chinese, like the rest of the document's checks."""
    found = [
        (
            f"表{cell.table}",
            cell.label[:200],
            f"第{cell.page}页印有 {cell.text}（第{cell.column + 1}个金额栏），"
            "网站表中该行该栏没有此数",
        )
        for cell in verdict.not_reproduced
    ]
    found += [
        (
            f"表{cell.table}",
            cell.row_label[:200],
            f"网站表“{cell.column_name}”栏为 {cell.amount}，文件该行该栏未印此数",
        )
        for cell in verdict.not_printed
    ]
    return found


def refusal(title, verdict):
    """The message refusing an import whose tables differ from the PDF."""
    found = messages(verdict)
    lines = [
        _("《%(title)s》未导入：网站表格与文件印出的数字有 %(count)s 处不符：")
        % {"title": title, "count": len(found)}
    ]
    lines += [f"  {table} / {row}：{message}" for table, row, message in found[:50]]
    if len(found) > 50:
        lines.append(_("  ……另有 %(count)s 处") % {"count": len(found) - 50})
    lines.append(_("确认文件无误后，可用 --force 强制导入，问题将记录为核对问题。"))
    return "\n".join(lines)
