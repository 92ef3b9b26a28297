"""The gate an import passes: the stored document's tables against its PDF's printed cells.

``verdict`` rebuilds the document's official tables from what was stored and compares
them with what the PDF prints on its table pages. ``messages`` names each difference by
table, row and column, for a refusal or for the findings a forced import keeps.

Tables whose builders do not yet print every row the documents print are listed in
``NOT_YET_GATED`` by kind, with why: the gate still measures them (``check_fidelity``) but
does not refuse an import for them. The list only shrinks; ``tests/test_fidelity.py``
requires every other table of every real document to match 100% both ways.
"""

from django.utils.translation import gettext as _

from budgets.disclosures import tables

from .compare import compare
from .printed import printed_cells

#: Table kinds the gate measures but does not yet enforce, and why.
NOT_YET_GATED = {
    # 收支总表: the builder lists only the function 类 with figures, numbered 一、二、三;
    # the PDF lists every 类, numbered as printed (四、八、十八).
    "jiangsu_summary": "每个功能类印出行尚未保存",
    # 收入预算总表: rows under 一般公共预算资金 / 其他资金 (小计, 公共财政拨款(补助)资金).
    "jiangsu_revenue": "收入明细行尚未保存",
    "jiangsu_fiscal_summary": "财政拨款收支总表的印出行尚未保存",
    # 机关运行经费 and 政府采购: stored as totals; the PDF prints them row by row.
    "jiangsu_administrative_running": "机关运行经费明细行尚未保存",
    "jiangsu_procurement": "政府采购明细行尚未保存",
    # 上海 收支总表 and 财政拨款收支总表: row labels are the template's (“1、一般公共预算资金”),
    # not the document's (“1.一般公共预算”), and a 类 is named as this year's catalogue names it.
    "shanghai_summary": "印出的行名尚未保存",
    "shanghai_fiscal_summary": "印出的行名尚未保存",
}


def gated(table):
    return table.kind not in NOT_YET_GATED


def verdict(document, pages, every_table=False):
    """The Verdict for a stored ``document`` against its PDF ``pages`` (importers.pdf.Page,
    every file of the document in order), over the tables the gate enforces (or over
    ``every_table``); None where the pages carry no printed words (a text file)."""
    if not any(page.words for page in pages):
        return None
    official = [
        table for table in tables.published_tables(tables.load_facts(document)) if not table.form
    ]
    # Every table's title bounds the one before it, enforced or not.
    cells = printed_cells(pages, [(table.number, table.title) for table in official])
    checked = [table for table in official if every_table or gated(table)]
    numbers = {table.number for table in checked}
    return compare([cell for cell in cells if cell.table in numbers], checked)


def messages(verdict):
    """(table, row, message) of every difference, printed side first."""
    found = []
    for cell in verdict.not_reproduced:
        found.append(
            (
                _("表%(number)s") % {"number": cell.table},
                cell.label[:200],
                _("第%(page)s页印有 %(amount)s（第%(column)s个金额栏），网站表中该行该栏没有此数")
                % {"page": cell.page, "amount": cell.text, "column": cell.column + 1},
            )
        )
    for cell in verdict.not_printed:
        found.append(
            (
                _("表%(number)s") % {"number": cell.table},
                cell.row_label[:200],
                _("网站表“%(column)s”栏为 %(amount)s，文件该行该栏未印此数")
                % {"column": cell.column_name, "amount": cell.amount},
            )
        )
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
