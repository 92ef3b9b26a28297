"""What a template family prints, and the generic default every family starts from.

A family that prints its documents its own way subclasses ``FamilyStyle`` in
``budgets/families/<family>/rendering.py`` as ``STYLE`` (its ``FAMILY`` declares
``style=STYLE``, used for every template of the family) and overrides what differs: the
cover's wording, the narrative's sections, each table's title, label, unit line and
header, the knobs its documents vary (``knobs``: {Variant knob: choices}), and the files a
document is published as (``files``: one PDF, or Jiangsu's narrative and tables apart).
"""

from budgets.disclosures.tables import Code
from budgets.disclosures.tables.common import CODE_MODELS
from budgets.importers import registry

from .amounts import format_amount
from .draw import Cover, CoverLine, Narrative, Section, TablePrint, Tables
from .variant import Variant

#: Statement topics → the narrative section that states them (generic default).
SECTION_TOPICS = (
    ("一、收支预算总体情况", ("revenue", "expenditure")),
    ("二、财政拨款支出主要内容", ("function",)),
    ("三、“三公”经费和机关运行经费", ("three_public", "administrative_running")),
)
OTHER_SECTION = "四、其他相关情况说明"


class FamilyStyle:
    """The generic look: a portrait cover, the stored statements as a short narrative,
    every official table titled as the template titles it."""

    #: {Variant knob: choices} narrowed to what this family's documents do.
    knobs = {}

    def variant(self, seed):
        """The Variant ``seed`` draws within ``knobs`` (the plain look for seed None)."""
        return Variant.from_seed(seed, self.knobs)

    def files(self, document, tables, variant):
        """[(file name, [parts])]: the PDFs the document is published as, each a list of
        Cover / Narrative / Tables drawn in order."""
        parts = [
            self.cover(document, variant),
            self.narrative(document, variant),
            Tables([self.table_print(table, document) for table in tables]),
        ]
        return [(f"{document.title}.pdf", parts)]

    def cover(self, document, variant):
        """The organisation and “2025年部门预算” (or “2025年度…”), in the variant's order."""
        year = variant.year_word(document.year)
        title = f"{year}{document.get_scope_display()}{document.get_stage_display()}"
        title += variant.published
        lines = [CoverLine(title, 1.6), CoverLine(document.organisation.name, 1.3, gap=2.0)]
        if variant.cover_name_first:
            lines = [CoverLine(lines[1].text, 1.3), CoverLine(title, 1.6, gap=2.0)]
        return Cover(lines)

    def narrative(self, document, variant):
        """The stored statements, section by topic, each as its quote; then the glossary."""
        statements = list(document.statements.all())
        sections = []
        for heading, topics in SECTION_TOPICS:
            chosen = [s for s in statements if s.topic.split(":")[0] in topics]
            if chosen:
                sections.append(Section(heading, [sentence(s) for s in chosen], centred=False))
        known = {topic for _heading, topics in SECTION_TOPICS for topic in topics}
        rest = [s for s in statements if s.topic.split(":")[0] not in known]
        if rest:
            sections.append(Section(OTHER_SECTION, [sentence(s) for s in rest], centred=False))
        if document.glossary:
            sections.append(Section("名词解释", document.glossary.splitlines(), centred=False))
        heading = f"{document.organisation.name}{document.year}年{document.get_stage_display()}说明"
        return Narrative([Section(heading), *sections])

    def table_print(self, table, document):
        name_codes(table, document.year)
        return TablePrint(
            table=table,
            title=self.title(table, document),
            unit_line=self.unit_line(table, document),
            header_rows=self.header(table),
            label=self.label(table),
            note=table.note,
        )

    def title(self, table, document):
        return table.title

    def label(self, table):
        """“表1” above the title (a template numbering its tables “1” prints “表1”)."""
        return table.number if table.number.startswith("表") else f"表{table.number}"

    def unit_line(self, table, document):
        return (f"编制单位：{document.organisation.name}", f"单位：{table.amount_unit}")

    def header(self, table):
        """The header rows as the table declares them; a form prints none (its rows are
        labelled)."""
        return [] if table.form else table.header()


def name_codes(table, year):
    """Fill the blank name beside a code from the year's catalogue, as a document prints
    it: a table built from facts leaves the name of a code no expenditure line uses blank
    (江苏 2017's 机关运行经费 款 30202 印刷费)."""
    blank = [
        (row, index)
        for row in table.rows
        for index, cell in enumerate(row.cells[:-1])
        if isinstance(cell, Code) and row.cells[index + 1] == ""
    ]
    wanted = {}
    for row, index in blank:
        wanted.setdefault(row.cells[index].scheme, set()).add(row.cells[index].code)
    names = {
        (scheme, code): name
        for scheme, codes in wanted.items()
        for code, name in CODE_MODELS[scheme]
        .objects.filter(year=year, code__in=codes)
        .values_list("code", "name")
    }
    for row, index in blank:
        code = row.cells[index]
        row.cells[index + 1] = names.get((code.scheme, code.code), "")


def sentence(statement):
    """A statement as the narrative printed it (its quote), or composed from its figures."""
    text = statement.quote or composed(statement)
    return text if text.endswith(("。", "；", "：")) else text + "。"


def composed(statement):
    """“<subject><amount>万元，比上年增加<change>万元，主要原因是<reason>” from the fields."""
    text = statement.subject
    if statement.amount is not None:
        text += format_amount(statement.amount, "万元", 2) + "万元"
    if statement.direction == "flat":
        text += f"，与{statement.comparison or '上年'}持平"
    elif statement.direction:
        word = statement.get_direction_display()
        change = statement.change_amount
        amount = f"{format_amount(change, '万元', 2)}万元" if change is not None else ""
        percent = f"{statement.change_percent}%" if statement.change_percent is not None else ""
        text += f"，比{statement.comparison or '上年'}{word}{amount or percent}"
    if statement.reason:
        text += f"，主要原因是{statement.reason}"
    return text


GENERIC = FamilyStyle()


def style_for(template_code):
    """The ``style`` of the family whose templates include ``template_code``; else the
    generic default."""
    for family in registry.families():
        if template_code in family.templates and family.style:
            return family.style
    return GENERIC
