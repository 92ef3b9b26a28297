"""The records of a bulk download: one per printed amount of every published document's
official tables (long format), one per document, one per finding. No HTTP here.

The tables are the ones the document's pages print (``disclosures.tables``), so every
amount here equals the page's, the CSV download's and the API's. Text is in the site's
own language (Chinese) whatever language the reader chose: the files are the same for
everyone, and cached so.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from budgets.disclosures.models import Document
from budgets.disclosures.tables import Code, load_facts, published_tables
from budgets.regions.queries import family
from budgets.review.public import findings_of
from budgets.web.pages import doc_url
from budgets.web.units import plain_amount


@dataclass(frozen=True)
class Field:
    name: str
    #: text, int or amount (a Decimal: exact, two places in 元).
    kind: str
    description: str


FACT_FIELDS = (
    Field("document_id", "int", "文件编号，同 documents 的 document_id / document id"),
    Field("organisation", "text", "部门或单位名称 / organisation"),
    Field("region_code", "text", "行政区划代码 / region code"),
    Field("region", "text", "行政区划全称 / region"),
    Field("year", "int", "年度 / year"),
    Field("stage", "text", "预算或决算 / budget or final accounts"),
    Field("scope", "text", "部门或单位 / department or unit document"),
    Field("table_kind", "text", "表式（同一表式的表列相同）/ table kind"),
    Field("table_number", "text", "表号，如印发 / table number as printed"),
    Field("table_title", "text", "表的标题，如印发 / table title as printed"),
    Field("row_number", "int", "表内行序（从1起）/ row's place in the table, from 1"),
    Field("row_kind", "text", "total 合计, group 小计（类、款）, item 明细, field 表单项"),
    Field("row_depth", "int", "层级（0为类或顶层）/ depth: 0 for a 类 or top row"),
    Field("row_code", "text", "科目或单位编码 / the row's code"),
    Field("row_name", "text", "行名，如印发 / the row's name as printed"),
    Field("column", "text", "列名，如印发 / the column as printed"),
    Field("amount_yuan", "amount", "金额（元，两位小数，精确）/ amount in yuan, exact"),
    Field("unit", "text", "表印发的金额单位 / the unit the table prints"),
    Field("amount_printed", "amount", "按印发单位和小数位的金额 / amount in that unit"),
)

DOCUMENT_FIELDS = (
    Field("document_id", "int", "文件编号 / document id"),
    Field("organisation", "text", "部门或单位名称 / organisation"),
    Field("parent_organisation", "text", "主管部门（单位的）/ the unit's department"),
    Field("region_code", "text", "行政区划代码 / region code"),
    Field("region", "text", "行政区划全称 / region"),
    Field("year", "int", "年度 / year"),
    Field("stage", "text", "预算或决算 / budget or final accounts"),
    Field("scope", "text", "部门或单位 / department or unit document"),
    Field("title", "text", "文件标题 / title"),
    Field("template", "text", "公开模板 / publication template"),
    Field("amount_unit", "text", "文件印发的金额单位 / the document's unit"),
    Field("amount_places", "int", "印发的小数位数 / decimal places printed"),
    Field("published_on", "text", "公开日期 / published on (YYYY-MM-DD)"),
    Field("url", "text", "本站页面 / the document's page on this site"),
    Field("source_name", "text", "来源文件 / source file"),
    Field("source_sha256", "text", "来源文件SHA-256 / source file's SHA-256"),
    Field("facts", "int", "本文件在各表中的金额个数 / amounts of this document in the tables"),
    Field("findings", "int", "数据核对问题个数 / findings of the checks"),
)

FINDING_FIELDS = (
    Field("document_id", "int", "文件编号 / document id"),
    Field("organisation", "text", "部门或单位名称 / organisation"),
    Field("year", "int", "年度 / year"),
    Field("stage", "text", "预算或决算 / budget or final accounts"),
    Field("severity", "text", "error 错误, warning 提示"),
    Field("table", "text", "表 / table"),
    Field("row", "text", "行 / row"),
    Field("message", "text", "问题 / the finding"),
)


@dataclass
class DocumentData:
    """One published document: its record, its amounts by table kind, its findings."""

    record: dict
    facts: dict  # table kind → [fact record]
    findings: list


def documents_of(region, year):
    """The published documents of ``region`` (and every region under it) in ``year``."""
    return (
        Document.published.filter(organisation__region__in=family(region), year=year)
        .select_related("organisation__region__parent", "organisation__parent", "template")
        .order_by("organisation__region__code", "organisation__name", "stage", "scope", "pk")
    )


def region_documents(region, year):
    """Each published document of the region-year, read one at a time (a region-year may
    hold thousands)."""
    with translation.override(settings.LANGUAGE_CODE):
        for document in documents_of(region, year).iterator(chunk_size=200):
            yield document_data(document)


def document_data(document):
    common = {
        "document_id": document.pk,
        "organisation": document.organisation.name,
        "region_code": document.organisation.region.code,
        "region": document.organisation.region.full_name,
        "year": document.year,
        "stage": str(document.get_stage_display()),
        "scope": str(document.get_scope_display()),
    }
    facts = {}
    for table in published_tables(load_facts(document)):
        facts.setdefault(table.kind, []).extend({**common, **fact} for fact in table_facts(table))
    findings = [
        {key: common[key] for key in ("document_id", "organisation", "year", "stage")}
        | {key: finding[key] or "" for key in ("severity", "table", "row", "message")}
        for finding in findings_of(document)
    ]
    record = common | {
        "parent_organisation": document.organisation.parent.name
        if document.organisation.parent_id
        else "",
        "title": document.title,
        "template": document.template.name,
        "amount_unit": document.amount_unit,
        "amount_places": document.amount_places,
        "published_on": document.published_on.isoformat() if document.published_on else "",
        "url": doc_url(document),
        "source_name": document.source_name,
        "source_sha256": document.source_sha256,
        "facts": sum(len(rows) for rows in facts.values()),
        "findings": len(findings),
    }
    return DocumentData(record, facts, findings)


def table_facts(table):
    """One record per amount the table prints (blank cells print none)."""
    places = table.places_in(table.amount_unit)
    heading = None
    for number, row in enumerate(table.rows, start=1):
        if row.kind == "heading":
            heading = row  # a form's own column heads for the rows under it
            continue
        for index, cell in enumerate(row.cells):
            if not isinstance(cell, Decimal):
                continue
            code, name = row_label(table, row, index)
            yield {
                "table_kind": table.kind,
                "table_number": table.number,
                "table_title": table.title,
                "row_number": number,
                "row_kind": row.kind,
                "row_depth": row.depth,
                "row_code": code,
                "row_name": name,
                "column": column_name(table, heading, index),
                "amount_yuan": cell,
                "unit": table.amount_unit,
                "amount_printed": Decimal(plain_amount(cell, table.amount_unit, places)),
            }


def column_name(table, heading, index):
    if table.form:
        if heading is not None and index < len(heading.cells):
            return str(heading.cells[index] or "")
        return ""
    return table.columns[index].name if index < len(table.columns) else ""


def is_amount_slot(table, row, index):
    cell = row.cells[index]
    if isinstance(cell, Decimal):
        return True
    return cell is None and index < len(table.columns) and table.columns[index].kind == "amount"


def row_label(table, row, index):
    """(code, name) of the amount at ``index``: the labels printed left of it, up to the
    amount before them. A side-by-side 收支总表 prints two or three lists in one row, each
    with its own labels; a list prints one set of labels left of all its amounts."""
    start = index
    while start > 0 and is_amount_slot(table, row, start - 1):
        start -= 1
    end = start
    while start > 0 and not is_amount_slot(table, row, start - 1):
        start -= 1
    code, names = "", []
    for position in range(start, end):
        cell = row.cells[position]
        text = (cell.code if isinstance(cell, Code) else str(cell or "")).strip()
        if text and not code and is_code(table, cell, text, position):
            code = text
        elif text:
            names.append(text)
    return code, " ".join(names)


def is_code(table, cell, text, position):
    """A classification code, or an organisation's code in a 单位编码 column (not the
    合计 a total row prints there)."""
    if isinstance(cell, Code):
        return True
    column = table.columns[position] if position < len(table.columns) else None
    return column is not None and column.name.endswith("编码") and text.isdigit()
