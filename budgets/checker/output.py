"""A Report as text (grouped by document, then by table and severity), JSON or XLSX (one
row per finding)."""

import io
import json
from itertools import groupby

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

#: A text cell starting with one of these is read as a formula by spreadsheets (OWASP,
#: “CSV injection”); the words quoted from a document must arrive as the text they are.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def where(finding, several_files):
    """“第6页第2行”, with the file's name when the document has several."""
    parts = [finding.file] if several_files and finding.file else []
    if finding.page is not None:
        parts.append(_("第%(page)s页") % {"page": finding.page})
    if finding.line is not None:
        parts.append(_("第%(line)s行") % {"line": finding.line})
    return "".join(parts)


def table_groups(document):
    """(table, findings) of a document: the text's findings (no table) first, then each
    table in the order it is first found; in each, errors before warnings, then by page."""
    order = {}
    for finding in document.findings:
        order.setdefault(finding.table, len(order))
    ordered = sorted(
        document.findings,
        key=lambda f: (f.table != "", order[f.table], not f.is_error, f.page or 0, f.line or 0),
    )
    return [(table, list(found)) for table, found in groupby(ordered, key=lambda f: f.table)]


def as_text(report):
    lines = []
    for document in report.documents:
        lines.append(
            _("《%(document)s》（%(files)s）：错误 %(errors)d，提示 %(warnings)d")
            % {
                "document": document.label,
                "files": "、".join(document.files),
                "errors": len(document.errors),
                "warnings": len(document.warnings),
            }
        )
        several = len(document.files) > 1
        for table, findings in table_groups(document):
            lines.append("  " + (table or _("（文字）")))
            for finding in findings:
                place = where(finding, several)
                row = f"{finding.row}：" if finding.row else ""
                lines.append(
                    f"    {finding.severity_label} {finding.rule} "
                    f"{place + '：' if place else ''}{row}{finding.message}"
                )
                if finding.text:
                    lines.append("      " + _("原文：%(text)s") % {"text": finding.text})
    lines.append(
        _("共 %(documents)d 份文件：错误 %(errors)d，提示 %(warnings)d")
        % {
            "documents": len(report.documents),
            "errors": sum(len(document.errors) for document in report.documents),
            "warnings": sum(len(document.warnings) for document in report.documents),
        }
    )
    return "\n".join(lines) + "\n"


def as_json(report):
    documents = [
        {
            "document": document.label,
            "files": document.files,
            "read": document.read,
            "errors": len(document.errors),
            "warnings": len(document.warnings),
            "findings": [finding.as_dict() for finding in document.findings],
        }
        for document in report.documents
    ]
    return json.dumps({"documents": documents}, ensure_ascii=False, indent=2) + "\n"


def safe_text(text):
    """A text cell's value: no control characters XML cannot hold, and a quote before
    what a spreadsheet would take for a formula, so that no cell starts with = + - @."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_TRIGGERS) else text


def as_xlsx(report):
    """The findings as an XLSX workbook's bytes, one row each."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("核对结果")
    header = [
        _("文件"),
        _("规则"),
        _("级别"),
        _("文件名"),
        _("页"),
        _("行"),
        _("表"),
        _("项目"),
        _("说明"),
        _("原文"),
        _("所比数字"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for document in report.documents:
        for finding in document.findings:
            values = [
                document.label,
                finding.rule,
                finding.severity_label,
                finding.file,
                finding.page,
                finding.line,
                finding.table,
                finding.row,
                finding.message,
                finding.text,
                "；".join(finding.figures),
            ]
            sheet.append([safe_text(v) if isinstance(v, str) else v for v in values])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
