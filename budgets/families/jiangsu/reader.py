"""江苏省省级部门预算 (2017–2019): twelve 公开表 in 万元, read and checked.

A document is one PDF (narrative, then tables) or two: a narrative (“公开文件”) and a tables
PDF (“公开表/表格”). ``identify`` says which part a file is from what it prints;
``read_contents`` reads one document's parts together, following its template's declared
layout (``layout``): the tables are found by their titles or header (``find``), read
(``grids``), turned into facts and checked (``checks``), and the narrative's stated
figures checked against them (``narrative``). Nothing is stored here: ``writer`` stores
the checked ParsedDocument.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures.arithmetic import Disagreement
from budgets.importers.narrative import Narrative
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.registry import Reader, Region

from .checks import check_repeats, read_facts
from .find import Block, find_blocks
from .identify import identify
from .layout import AMOUNT_UNIT, LAYOUTS, PARTS
from .narrative import check_narrative

REGIONS = [Region("320000", "江苏省", "province")]


@dataclass
class ParsedDocument:
    """A checked 江苏 document as ``writer.import_document`` stores it."""

    sha256: str
    created_on: str | None
    cover: object
    regions: list
    tables: dict  # {template number: SimpleNamespace(title, note, places)}
    narrative: object
    function_names: dict = field(default_factory=dict)
    economic_names: dict = field(default_factory=dict)
    revenue: list = field(default_factory=list)
    expenditure: list = field(default_factory=list)
    economic: list = field(default_factory=list)
    by_type: list = field(default_factory=list)  # [(coverage, expense type, amount)]
    basic_splits: list = field(default_factory=list)
    restricted: dict | None = None
    statements: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    printed_subtotals: list = field(default_factory=list)
    amount_unit: str = AMOUNT_UNIT
    amount_places: int = 2
    blocks: dict = field(default_factory=dict)
    #: The 三公 table's figures as printed, subtotals included (for the narrative check).
    restricted_printed: dict = field(default_factory=dict)
    #: {table kind: template number}.
    numbers: dict = field(default_factory=dict)
    #: [(number, position, side, key, label)]: the rows the 收支 tables print (PrintedRow).
    printed_rows: list = field(default_factory=list)
    #: [(economic code, amount)]: 机关运行经费 by 款.
    running: list = field(default_factory=list)
    #: [ProcurementItem fields]: 政府采购预算表 item by item, in printed order.
    procurement_items: list = field(default_factory=list)

    @property
    def title(self):
        return f"{self.cover.owner}{self.cover.year}年部门预算"


def read_contents(contents, template):
    """Read and check one document from its parts (one whole PDF, or narrative + tables)."""
    identity, parts = document_parts(contents)
    layout = LAYOUTS[template.code]
    tables = parts.get("tables") or parts["whole"]
    narrative = parts.get("narrative") or parts["whole"]
    blocks, repeats = find_blocks(tables.pages, layout.tables)
    refuse_missing(layout, blocks)
    numbers = {table.kind: table.number for table in layout.tables}
    document = ParsedDocument(
        sha256=tables.sha256,
        created_on=tables.created_on or narrative.created_on,
        cover=SimpleNamespace(owner=identity.organisation, year=identity.year, scope="department"),
        regions=REGIONS,
        tables={
            numbers[kind]: SimpleNamespace(title=block.title, note=block.note, places=block.places)
            for kind, block in blocks.items()
        },
        narrative=Narrative(),
        blocks=blocks,
        numbers=numbers,
    )
    for table in layout.tables:
        if table.kind not in blocks:
            blocks[table.kind] = Block(kind=table.kind, title=table.title)
            document.warnings.append(
                Disagreement(table.title, "", "提示：文件未印出本表，按空表处理。")
            )
    check_repeats(document, repeats)
    read_facts(document)
    check_narrative(document, narrative)
    return document


def document_parts(contents):
    """(Identity, {part: PdfContent}) of one document's files; ImportRefusedError unless
    they are one whole 江苏 document or its narrative and tables."""
    identities = [identify(content) for content in contents]
    if any(identity is None for identity in identities):
        raise ImportRefusedError(_("不是江苏省省级部门预算公开文件。"))
    if len({identity.document_key for identity in identities}) != 1:
        raise ImportRefusedError(_("这些文件不属于同一份部门预算。"))
    parts = sorted(identity.part for identity in identities)
    if parts not in (["whole"], sorted(PARTS)):
        raise ImportRefusedError(
            _("江苏省部门预算应为一个完整PDF，或一个公开文件加一个公开表：收到 %(parts)s。")
            % {"parts": "、".join(parts)}
        )
    by_part = dict(zip((identity.part for identity in identities), contents, strict=True))
    return identities[0], by_part


def refuse_missing(layout, blocks):
    """ImportRefusedError naming each table the layout requires that was not found, by its
    number and title."""
    missing = [
        f"表{table.number}《{table.title}》"
        for table in layout.tables
        if table.kind not in blocks and not table.optional
    ]
    if missing:
        raise ImportRefusedError(
            _("文件中找不到以下预算表：%(titles)s。") % {"titles": "、".join(missing)}
        )


READER = Reader(
    name=gettext_lazy("江苏省省级部门预算（12张公开表，万元）"),
    identify=identify,
    read=read_contents,
    parts=PARTS,
)
