"""A Shanghai-template budget PDF read into the facts it publishes, and checked.

``read_contents(contents, template)`` reads and checks without touching the database;
``budgets.importers.writer`` stores the result. Errors (figures that disagree) stop an
import unless forced; warnings (a note that contradicts its table, a narrative figure
stated twice differently) never do, and are kept as findings either way.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures import arithmetic
from budgets.disclosures import tables as published
from budgets.disclosures.arithmetic import Disagreement, compare, total_of
from budgets.disclosures.models import ExpenseType, FundingSource
from budgets.disclosures.money import from_yuan, to_yuan
from budgets.importers import project_forms
from budgets.importers.facts import Line
from budgets.importers.narrative import read_cover, read_narrative, read_sections
from budgets.importers.pdf import ImportRefusedError, read_pdf
from budgets.importers.places import SHANGHAI_DISTRICTS
from budgets.importers.registry import Identity, Reader, Region
from budgets.importers.tables import (
    COLUMN_NAMES,
    REVENUE_ROW_KEYS,
    TOTAL_LABELS,
    find_tables,
    normalise,
    strip_ordinal,
)

TEMPLATE_CODE = "shanghai-district"

FISCAL_TABLES = {
    "5": FundingSource.GENERAL_PUBLIC,
    "6": FundingSource.GOVERNMENT_FUND,
    "7": FundingSource.STATE_CAPITAL,
}
FUNCTION_TABLES = ("2", "3", "5", "6", "7")
NON_FISCAL_KEYS = [
    source.value
    for source in FundingSource
    if source
    not in (
        FundingSource.GENERAL_PUBLIC,
        FundingSource.GOVERNMENT_FUND,
        FundingSource.STATE_CAPITAL,
    )
]
EXPENSE_COLUMNS = {"basic": ExpenseType.BASIC, "project": ExpenseType.PROJECT}
ZERO = Decimal(0)


#: Narrative headline → (table number, side, row key, column) it restates.
HEADLINE_SOURCES = {
    ("revenue", "收入预算"): ("1", "left_total", None, "total"),
    ("revenue", "财政拨款收入"): ("1", "left", "fiscal", "total"),
    ("revenue", "事业收入"): ("1", "left", "operating", "total"),
    ("revenue", "事业单位经营收入"): ("1", "left", "business", "total"),
    ("revenue", "其他收入"): ("1", "left", "other", "total"),
    ("expenditure", "支出预算"): ("3", "total", None, "total"),
    ("expenditure", "财政拨款支出预算"): ("4", "total", None, "total"),
    ("expenditure", "一般公共预算拨款支出预算"): ("5", "total", None, "total"),
    ("expenditure", "政府性基金拨款支出预算"): ("6", "total", None, "total"),
    ("expenditure", "国有资本经营预算拨款支出预算"): ("7", "total", None, "total"),
    ("three_public", "“三公”经费"): ("9", "row", None, "total"),
    ("three_public", "因公出国（境）费"): ("9", "row", None, "outbound_travel"),
    ("three_public", "公务用车购置及运行费"): ("9", "row", None, "vehicle_total"),
    ("three_public", "公务用车购置费"): ("9", "row", None, "vehicle_purchase"),
    ("three_public", "公务用车运行费"): ("9", "row", None, "vehicle_operation"),
    ("three_public", "公务接待费"): ("9", "row", None, "reception"),
    ("administrative_running", "机关运行经费"): ("9", "row", None, "administrative_running"),
}


@dataclass
class ParsedDocument:
    sha256: str
    created_on: str | None
    cover: object
    #: The document's region from the province down; the organisation sits in the last.
    regions: list
    tables: dict
    narrative: object
    function_names: dict = field(default_factory=dict)
    economic_names: dict = field(default_factory=dict)
    revenue: list = field(default_factory=list)
    expenditure: list = field(default_factory=list)
    economic: list = field(default_factory=list)
    basic_splits: list = field(default_factory=list)  # [(class code, personnel, running)]
    restricted: dict | None = None
    statements: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    #: {(table number, row name): function 类 code} of 表1 and 表4 (see ``match_classes``).
    class_codes: dict = field(default_factory=dict)
    #: [(table number, row key, column key, amount)]: subtotals printed off the sum of the
    #: facts beneath them (see ``find_printed_subtotals``).
    printed_subtotals: list = field(default_factory=list)
    #: [(table number, position, side, row key, label)]: the rows of 表1 and 表4 with
    #: their labels as printed (see ``collect_printed_rows``).
    printed_rows: list = field(default_factory=list)

    @property
    def amount_places(self):
        """The decimal places tables 1–8 print their figures with: 0 where every figure is
        printed in whole 元 (“94,995,790”), else 2."""
        places = set()
        for number, table in self.tables.items():
            if number != "9":
                places |= table.places
        return 0 if places == {0} else 2

    @property
    def whole_yuan(self):
        """Whether tables 1–8 print every amount rounded to whole 元."""
        return self.amount_places == 0

    @property
    def amount_unit(self):
        return self.tables["1"].unit if "1" in self.tables else "元"

    @property
    def title(self):
        scope = "单位" if self.cover.scope == "unit" else "部门"
        return f"{self.cover.owner}{self.cover.year}年{scope}预算"


def identify(content):
    """The Identity of a Shanghai-template PDF from its cover; None if it is not one."""
    try:
        cover = read_cover(content.pages, SHANGHAI_DISTRICTS)
    except ImportRefusedError:
        return None
    return Identity(
        template=TEMPLATE_CODE,
        organisation=cover.owner,
        year=cover.year,
        stage="budget",
        scope=cover.scope,
    )


def regions_of(cover):
    """上海市, and the district below it for a 区级 document; a 市级 document's
    organisation sits in 上海市 itself."""
    regions = [Region("310000", "上海市", "province")]
    if cover.district:
        regions.append(Region(SHANGHAI_DISTRICTS[cover.district], cover.district, "district"))
    return regions


def read_document(data, template):
    """Read and check a PDF (bytes) of ``template``; ImportRefusedError if it cannot be read."""
    return read_contents([read_pdf(data)], template)


def read_contents(contents, template):
    """Read and check one document published as one PDF (``contents``: its one PdfContent)."""
    if len(contents) != 1:
        raise ImportRefusedError(_("上海市预算公开文件应为一个PDF文件。"))
    content = contents[0]
    cover = read_cover(content.pages, SHANGHAI_DISTRICTS)
    template_tables = list(template.tables.values_list("number", "title"))
    tables = find_tables(content.pages, template_tables)
    missing = [title for number, title in template_tables if number not in tables]
    if missing:
        raise ImportRefusedError(
            _("文件中找不到以下预算表：%(titles)s。") % {"titles": "、".join(missing)}
        )
    table_pages = {page.number for table in tables.values() for page in table.pages}
    narrative_pages = [page for page in content.pages[1:] if page.number not in table_pages]
    narrative = read_narrative(read_sections(narrative_pages), cover.scope, cover.owner)
    narrative.projects, project_warnings = project_forms.attach(
        narrative.projects, project_forms.read_forms(narrative_pages)
    )
    narrative.warnings.extend(project_warnings)
    document = ParsedDocument(
        sha256=content.sha256,
        created_on=content.created_on,
        cover=cover,
        regions=regions_of(cover),
        tables=tables,
        narrative=narrative,
    )
    document.warnings.extend(Disagreement(*warning) for warning in narrative.warnings)
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
    find_printed_subtotals(document, template)
    return document


def facts_as_stored(document, template_kinds):
    """The facts to be stored, shaped as ``tables.load_facts`` reads them back (codes as
    ``line.function.code`` …), so that ``tables.py`` can build each table from them
    (``template_kinds``: {table number: kind}, the template tables' ids being their numbers)."""

    def fact(line, **codes):
        return SimpleNamespace(
            source=line.source, amount=line.amount, expense_type=line.expense_type, **codes
        )

    def function_fact(line):
        return fact(line, function=SimpleNamespace(code=line.code), function_id=line.code)

    return published.DocumentFacts(
        document=None,
        revenue=[function_fact(line) for line in document.revenue],
        function_lines=[function_fact(line) for line in document.expenditure],
        economic_lines=[
            fact(
                line,
                dept_economic=SimpleNamespace(code=line.code),
                gov_economic=None,
                gov_economic_id=None,
            )
            for line in document.economic
        ],
        basic_splits=[
            SimpleNamespace(
                function=SimpleNamespace(code=code), personnel=personnel, running=running
            )
            for code, personnel, running in document.basic_splits
        ],
        projects=[],
        restricted={},
        procurement_items=[],
        target_sets=[],
        notes={},
        template_tables=[
            SimpleNamespace(id=number, kind=kind) for number, kind in template_kinds.items()
        ],
        names={
            "function": document.function_names,
            "dept_economic": document.economic_names,
            "gov_economic": {},
        },
        printed_rows=stored_rows(document.printed_rows),
    )


def stored_rows(printed_rows):
    """{table number: [row]}: ``printed_rows`` shaped as ``PrintedRow``."""
    rows = {}
    for number, position, side, code, label in printed_rows:
        rows.setdefault(number, []).append(
            SimpleNamespace(position=position, side=side, code=code, label=label)
        )
    return rows


def find_printed_subtotals(document, template):
    """The subtotals and totals a document prints off the sum of the facts beneath them.

    Each table is built from the facts as ``tables.py`` will build it once stored, and every
    cell it names by row and column key is compared with the figure printed there. A
    figure that differs is kept as printed, so the tables show what is printed: whole-元
    rounding (万里 2025: 21201 printed 94,995,790 where its 项 add up to 94,995,789), or a
    subtotal the document's own rows do not add up to (司法局 2026: 20406 printed
    79,189,400.34 where its 项 add up to 144,029,947.34). The checks still record each as a
    finding (a warning for rounding, else an error). A 0 printed where no fact exists is
    not a difference.
    """
    kinds = dict(template.tables.values_list("number", "kind"))
    facts = facts_as_stored(document, kinds)
    for number, kind in kinds.items():
        printed = printed_figures(document, number)
        if not printed:
            continue
        built = published.BUILDERS[kind](facts)
        for row in built.rows:
            for key, computed in zip(cell_keys(built, row), row.cells, strict=True):
                figure = printed.get(key) if key else None
                if figure is not None and (figure or ZERO) != (computed or ZERO):
                    document.printed_subtotals.append((number, *key, figure))


def cell_keys(table, row):
    """(row key, column key) of each cell of a built ``row`` (None where it has none)."""
    keys = getattr(row, "keys", None)
    if keys is not None:
        return keys
    key = published.row_key(table, row)
    return [(key, column.key) if key and column.key else None for column in table.columns]


def printed_figures(document, number):
    """{(row key, column key): amount} of every figure table ``number`` prints, keyed as
    its built table keys its cells; {} for a table without code rows or two sides."""
    table = document.tables.get(number)
    if table is None:
        return {}
    figures = {}
    if table.left:
        rows = [(left_key(row.name), row.amounts) for row in table.left]
        rows.append(("revenue_total", table.left_total or {}))
        rows.append(("spending_total", table.total or {}))
        rows += [(document.class_codes.get((number, row.name)), row.amounts) for row in table.rows]
    elif any(row.code for row in table.rows):
        rows = [(row.code, row.amounts) for row in table.rows]
        rows.append((published.TOTAL_ROW, table.total or {}))
    else:
        return {}
    for key, amounts in rows:
        for column, amount in amounts.items():
            if key and amount is not None:
                figures[(key, column)] = amount
    return figures


def check_units(document):
    for number, table in document.tables.items():
        expected = "万元" if number == "9" else document.amount_unit
        if table.unit and table.unit != expected:
            document.warnings.append(
                Disagreement(
                    table.title, "", f"提示：本表金额单位为{table.unit}，已按{table.unit}换算为元。"
                )
            )


def collect_names(document):
    """Classification names as printed; the same code printed with two names is a warning."""
    for number in FUNCTION_TABLES:
        for row in document.tables[number].rows:
            remember(document, document.function_names, row, document.tables[number])
    for row in document.tables["8"].rows:
        remember(document, document.economic_names, row, document.tables["8"])


def remember(document, names, row, table):
    known = names.setdefault(row.code, row.name)
    if normalise(known) != normalise(row.name):
        document.warnings.append(
            Disagreement(
                table.title, row.label, f"提示：科目 {row.code} 在其他表中名称为“{known}”。"
            )
        )


def rows_of(table, length):
    return {row.code: row for row in table.rows if len(row.code) == length}


def check_tables(document):
    """Each table against itself: levels, columns, totals."""
    errors = document.errors
    tables = document.tables
    for table in tables.values():
        for row in table.rows:
            if row.printed_code:
                errors.append(
                    Disagreement(
                        table.title,
                        row.label,
                        f"科目编码印为“{row.printed_code}”，“类”不是三位数字；"
                        f"按上一行的“类”读作 {row.code}",
                    )
                )
    whole_yuan = document.whole_yuan
    for number in FUNCTION_TABLES + ("8",):
        table = tables[number]
        lengths = (3, 5) if number == "8" else (3, 5, 7)
        printed = [(row.code, row.label, row.amounts) for row in table.rows]
        wrong = [row for row in table.rows if len(row.code) not in lengths]
        for row in wrong:
            errors.append(Disagreement(table.title, row.label, "科目编码位数不对"))
        if wrong:
            continue
        columns = table.amount_columns
        errors.extend(
            arithmetic.level_disagreements(
                table.title, printed, table.total, columns, lengths, COLUMN_NAMES, whole_yuan
            )
        )
        parts = [column for column in columns if column != "total"]
        for row in table.rows + ([] if table.total is None else [None]):
            amounts = row.amounts if row else table.total
            label = row.label if row else "合计"
            problem = arithmetic.parts_disagreement(
                table.title, label, amounts, "total", parts, COLUMN_NAMES, whole_yuan
            )
            if problem:
                errors.append(problem)
    for number in ("1", "4"):
        check_two_sided(document, tables[number])
    check_restricted_table(document)


def check_two_sided(document, table):
    errors = document.errors
    left = {}
    for row in table.left:
        key = left_key(row.name)
        if key is None:
            if row.amounts.get("total"):
                errors.append(Disagreement(table.title, row.name, "无法识别的收入项目"))
            continue
        left[key] = row.amounts.get("total")
    if "fiscal" in left:
        fiscal_parts = total_of(left.get(key) for key in FISCAL_TABLES.values())
        problem = compare(
            table.title, "财政拨款收入", "印出", left["fiscal"], "三项之和", fiscal_parts
        )
        if problem:
            errors.append(problem)
    income_total = (table.left_total or {}).get("total")
    parts = [value for key, value in left.items() if key not in FISCAL_TABLES.values()]
    if "fiscal" not in left:
        parts = list(left.values())
    problem = compare(table.title, "收入总计", "印出", income_total, "各项之和", total_of(parts))
    if problem:
        errors.append(problem)
    right_side = table.columns[table.columns.index("name", 1) :]
    columns = [column for column in right_side if column != "name"]
    sums = arithmetic.column_sums([row.amounts for row in table.rows], columns)
    for column in columns:
        problem = compare(
            table.title,
            "支出总计",
            COLUMN_NAMES.get(column, column),
            (table.total or {}).get(column),
            "各行之和",
            sums[column],
        )
        if problem:
            errors.append(problem)
    parts = [column for column in columns if column != "total"]
    if parts:
        for row in table.rows + [None]:
            amounts = row.amounts if row else (table.total or {})
            problem = arithmetic.parts_disagreement(
                table.title, row.name if row else "支出总计", amounts, "total", parts, COLUMN_NAMES
            )
            if problem:
                errors.append(problem)
    problem = compare(
        table.title,
        "收入总计与支出总计",
        "收入",
        income_total,
        "支出",
        (table.total or {}).get("total"),
    )
    if problem:
        errors.append(problem)


def left_key(name):
    return REVENUE_ROW_KEYS.get(name)


def left_amounts(table):
    return {
        left_key(row.name): row.amounts.get("total") for row in table.left if left_key(row.name)
    }


def check_restricted_table(document):
    table = document.tables["9"]
    if not table.rows:
        return
    if len(table.rows) > 1:
        document.errors.append(Disagreement(table.title, "", "本表应只有一行数字"))
    amounts = table.rows[0].amounts
    for whole, parts in (
        ("total", ["outbound_travel", "reception", "vehicle_total"]),
        ("vehicle_total", ["vehicle_purchase", "vehicle_operation"]),
    ):
        problem = arithmetic.parts_disagreement(
            table.title, "", amounts, whole, parts, COLUMN_NAMES
        )
        if problem:
            document.errors.append(problem)
    if "空表" in table.note and not table.is_empty:
        document.warnings.append(
            Disagreement(
                table.title,
                "",
                "提示：表注称本表为空表，但表中印有数字；已按印出的数字导入，并保留表注。",
            )
        )


def match_classes(document):
    """The function 类 of each expenditure row of 表1 and 表4, which print names only.

    By name first; a row whose name is none of the tables' 类 names (福利院 2024 prints 210
    under its pre-2019 name 医疗卫生与计划生育支出) is matched by amount among the 类 not
    yet matched (表1 against 支出预算总表, 表4 against 表5–7), if exactly one fits, with a
    warning. A 类 printed with no figure matches nothing and is passed over by the checks.
    """
    classes = rows_of(document.tables["3"], 3)
    fiscal = {
        code: total_of(
            rows_of(document.tables[number], 3)[code].amounts.get("total")
            for number in FISCAL_TABLES
            if code in rows_of(document.tables[number], 3)
        )
        for code in classes
    }
    references = {
        "1": {code: row.amounts.get("total") for code, row in classes.items()},
        "4": fiscal,
    }
    for number, reference in references.items():
        table = document.tables[number]
        unmatched = []
        for row in table.rows:
            code = class_code(document, row.name)
            if code:
                document.class_codes[(number, row.name)] = code
            elif any(row.amounts.values()):
                unmatched.append(row)
        taken = {code for (key, _name), code in document.class_codes.items() if key == number}
        for row in unmatched:
            total = row.amounts.get("total")
            candidates = [
                code
                for code, amount in reference.items()
                if code not in taken and total is not None and amount == total
            ]
            if len(candidates) == 1:
                code = candidates[0]
                taken.add(code)
                document.class_codes[(number, row.name)] = code
                document.warnings.append(
                    Disagreement(
                        table.title,
                        row.name,
                        f"提示：“类”名称与支出预算总表不一致，按金额对应到 {code} "
                        f"{document.function_names.get(code, '')}。",
                    )
                )


def collect_printed_rows(document):
    """The rows 表1 and 表4 print, each side's label as printed (“1.一般公共预算资金”,
    “三、医疗卫生与计划生育支出”), keyed by revenue row, 类 code or total (“” for a row
    the document labels but nothing identifies, such as a 类 printed without figures)."""
    for number in ("1", "4"):
        for position, side, label in document.tables[number].labels:
            name = strip_ordinal(label)
            if name in TOTAL_LABELS:
                key = "spending_total" if side else "revenue_total"
            elif side:
                key = document.class_codes.get((number, name), "")
            else:
                key = left_key(name) or ""
            document.printed_rows.append((number, position, side, key, label))


def class_code(document, name):
    codes = [
        code
        for code, known in document.function_names.items()
        if len(code) == 3 and normalise(known) == normalise(name)
    ]
    return codes[0] if len(codes) == 1 else None


def derive_facts(document):
    """The facts at the grain the tables publish them."""
    tables = document.tables
    items = {number: rows_of(tables[number], 7) for number in FUNCTION_TABLES}
    # Expenditure by 项 × fiscal source × basic/project, from 表5–7.
    for number, source in FISCAL_TABLES.items():
        for code, row in items[number].items():
            for column, expense_type in EXPENSE_COLUMNS.items():
                amount = row.amounts.get(column)
                if amount:
                    document.expenditure.append(Line(source, amount, expense_type, code, code))
    # Revenue by 项 × source: 财政拨款收入 split by 表5–7, the other sources from 表2.
    fiscal_by_code = {}
    for line in document.expenditure:
        fiscal_by_code.setdefault((line.code, line.source), ZERO)
        fiscal_by_code[(line.code, line.source)] += line.amount
    for (code, source), amount in fiscal_by_code.items():
        document.revenue.append(Line(source, amount, function_id=code, code=code))
    for code, row in items["2"].items():
        for key in NON_FISCAL_KEYS:
            amount = row.amounts.get(key)
            if amount:
                document.revenue.append(Line(key, amount, function_id=code, code=code))
    # 支出预算总表 beyond 表5–7 is non-fiscal money: store it only where 表2 says whose.
    for code, row in items["3"].items():
        remainder = {}
        for column, expense_type in EXPENSE_COLUMNS.items():
            fiscal = total_of(
                line.amount
                for line in document.expenditure
                if line.code == code and line.expense_type == expense_type
            )
            remainder[expense_type] = (row.amounts.get(column) or ZERO) - (fiscal or ZERO)
        if not any(remainder.values()):
            continue
        revenue_row = items["2"].get(code)
        sources = {
            key: revenue_row.amounts.get(key)
            for key in NON_FISCAL_KEYS
            if revenue_row and revenue_row.amounts.get(key)
        }
        if (
            len(sources) == 1
            and all(amount >= 0 for amount in remainder.values())
            and sum(remainder.values()) == next(iter(sources.values()))
        ):
            source = next(iter(sources))
            for expense_type, amount in remainder.items():
                if amount:
                    document.expenditure.append(Line(source, amount, expense_type, code, code))
        else:
            document.errors.append(
                Disagreement(
                    tables["3"].title,
                    row.label,
                    f"支出比财政拨款多 {sum(remainder.values())} 元，"
                    "收入预算总表不能确定其资金来源",
                )
            )
    # Economic classification (表8): basic spending by 款 × 人员/公用, 一般公共预算.
    for row in tables["8"].rows:
        if len(row.code) != 5:
            continue
        for column, expense_type in (
            ("personnel", ExpenseType.PERSONNEL),
            ("running", ExpenseType.RUNNING),
        ):
            amount = row.amounts.get(column)
            if amount:
                document.economic.append(
                    Line(FundingSource.GENERAL_PUBLIC, amount, expense_type, code=row.code)
                )
    # 人员/公用 by 类 where 财务收支预算总表 prints them.
    summary = tables["1"]
    if "personnel" in summary.columns or "running" in summary.columns:
        for row in summary.rows:
            code = document.class_codes.get(("1", row.name))
            if code is None:
                if any(row.amounts.values()):
                    document.errors.append(
                        Disagreement(summary.title, row.name, "找不到该功能分类“类”的科目编码")
                    )
                continue
            personnel, running = row.amounts.get("personnel"), row.amounts.get("running")
            if personnel is not None or running is not None:
                document.basic_splits.append((code, personnel, running))
    if tables["9"].rows:
        document.restricted = dict(tables["9"].rows[0].amounts)


def check_facts(document):
    """The tables against one another."""
    errors = document.errors
    tables = document.tables
    items = {number: rows_of(tables[number], 7) for number in FUNCTION_TABLES}
    # 收入预算总表 and 支出预算总表 by 项, and 财政拨款收入 by 项 against 表5–7.
    for code in sorted(set(items["2"]) | set(items["3"])):
        revenue, expenditure = items["2"].get(code), items["3"].get(code)
        label = (revenue or expenditure).label
        problem = compare(
            tables["2"].title,
            label,
            "收入合计",
            revenue.amounts.get("total") if revenue else None,
            "支出预算总表",
            expenditure.amounts.get("total") if expenditure else None,
        )
        if problem:
            errors.append(problem)
        fiscal = total_of(
            items[number][code].amounts.get("total")
            for number in FISCAL_TABLES
            if code in items[number]
        )
        problem = compare(
            tables["2"].title,
            label,
            "财政拨款收入",
            revenue.amounts.get("fiscal") if revenue else None,
            "表5–7之和",
            fiscal,
        )
        if problem:
            errors.append(problem)
    for number in FISCAL_TABLES:
        for code, row in items[number].items():
            if code not in items["3"]:
                errors.append(
                    Disagreement(tables[number].title, row.label, "支出预算总表中没有该科目")
                )
    # 财务收支预算总表: revenue by source against 收入预算总表, 类 against 支出预算总表.
    summary, revenue_table = tables["1"], tables["2"]
    left = left_amounts(summary)
    for key in ["fiscal", *NON_FISCAL_KEYS]:
        if key in left or (revenue_table.total or {}).get(key):
            problem = compare(
                summary.title,
                COLUMN_NAMES.get(key, key),
                "印出",
                left.get(key),
                "收入预算总表",
                (revenue_table.total or {}).get(key),
            )
            if problem:
                errors.append(problem)
    classes = rows_of(tables["3"], 3)
    for row in summary.rows:
        code = document.class_codes.get(("1", row.name))
        if code is None:
            if any(row.amounts.values()):
                errors.append(Disagreement(summary.title, row.name, "支出预算总表中没有该“类”"))
            continue
        expenditure = classes[code].amounts if code in classes else {}
        checks = [("total", "total")]
        if "project" in summary.columns:
            checks.append(("project", "project"))
        for mine, theirs in checks:
            problem = compare(
                summary.title,
                row.name,
                COLUMN_NAMES[mine],
                row.amounts.get(mine),
                "支出预算总表",
                expenditure.get(theirs),
            )
            if problem:
                errors.append(problem)
        if "personnel" in summary.columns:
            basic = total_of([row.amounts.get("personnel"), row.amounts.get("running")])
            problem = compare(
                summary.title,
                row.name,
                "人员经费+公用经费",
                basic,
                "支出预算总表基本支出",
                expenditure.get("basic"),
            )
            if problem:
                errors.append(problem)
    # 财政拨款收支预算总表 against 财务收支预算总表 and 表5–7.
    fiscal_table = tables["4"]
    fiscal_left = left_amounts(fiscal_table)
    for source in FISCAL_TABLES.values():
        problem = compare(
            fiscal_table.title,
            COLUMN_NAMES[source],
            "印出",
            fiscal_left.get(source),
            "财务收支预算总表",
            left.get(source),
        )
        if problem:
            errors.append(problem)
    for row in fiscal_table.rows:
        code = document.class_codes.get(("4", row.name))
        if code is None:
            if any(row.amounts.values()):
                errors.append(
                    Disagreement(fiscal_table.title, row.name, "支出预算总表中没有该“类”")
                )
            continue
        for number, source in FISCAL_TABLES.items():
            printed = rows_of(tables[number], 3).get(code)
            problem = compare(
                fiscal_table.title,
                row.name,
                COLUMN_NAMES[source],
                row.amounts.get(source),
                tables[number].title,
                printed.amounts.get("total") if printed else None,
            )
            if problem:
                errors.append(problem)
    # 表8 is 表5's basic spending by economic classification.
    problem = compare(
        tables["8"].title,
        "合计",
        "合计",
        (tables["8"].total or {}).get("total"),
        tables["5"].title + "基本支出",
        (tables["5"].total or {}).get("basic"),
    )
    if problem:
        errors.append(problem)
    # The shared arithmetic's own checks on the facts as they will be stored.
    errors.extend(
        arithmetic.check_document(
            document.revenue,
            document.expenditure,
            document.economic,
            [
                SimpleNamespace(personnel=personnel, running=running)
                for _code, personnel, running in document.basic_splits
            ],
        )
    )


def wan_rounded(amount):
    """A 元 amount as the narrative would state it: 万元 to two places, back in 元."""
    return None if amount is None else to_yuan(from_yuan(amount, "万元"), "万元")


def check_narrative(document):
    errors = document.errors
    tables = document.tables
    for fields in document.narrative.statements:
        source = HEADLINE_SOURCES.get((fields["topic"], fields["subject"]))
        if source is None:
            document.statements.append(fields)
            continue
        number, side, key, column = source
        table = tables[number]
        if side == "left_total":
            printed = (table.left_total or {}).get(column)
        elif side == "left":
            printed = left_amounts(table).get(key)
        elif side == "total":
            printed = (table.total or {}).get(column)
        else:
            printed = table.rows[0].amounts.get(column) if table.rows else None
        problem = compare(
            "说明", fields["subject"], "说明", fields["amount"], table.title, wan_rounded(printed)
        )
        if problem:
            errors.append(problem)
        document.statements.append(fields)
    procurement = document.narrative.procurement
    if procurement:
        parts = [procurement.get(key) for key in ("goods", "works", "services")]
        if any(part is not None for part in parts):
            problem = compare(
                "政府采购预算情况",
                "合计",
                "合计",
                procurement["total"],
                "货物+工程+服务",
                total_of(parts),
            )
            if problem:
                errors.append(problem)
        sme, small = (
            procurement.get("reserved_for_sme"),
            procurement.get("reserved_for_small_micro"),
        )
        if sme is not None and small is not None and small > sme:
            errors.append(
                Disagreement(
                    "政府采购预算情况", "预留份额", "预留给小微企业的金额超过面向中小企业预留的金额"
                )
            )
    assets = document.narrative.assets
    if assets:
        for count_key, categories_key, label in (
            ("vehicles", "categories", "现有车辆"),
            ("vehicles_planned", "categories_planned", "拟购置车辆"),
        ):
            count, by_category = assets.get(count_key), assets[categories_key]
            if count is not None and by_category and sum(by_category.values()) != count:
                errors.append(
                    Disagreement(
                        "国有资产占有使用情况",
                        label,
                        f"各类车辆之和 {sum(by_category.values())} 辆 ≠ 合计 {count} 辆",
                    )
                )
    match_function_items(document)


def path_names(path):
    """(类, 款, 项) names of a narrative subject “A（类）B（款）C（项）” (the levels may carry
    their codes: “A（204类）B（06款）C（01项）”) or “A-B-C”."""
    match = re.match(r"^(.+?)（(?:\d{3})?类）(.+?)（(?:\d{2})?款）(.+?)（(?:\d{2})?项）$", path)
    parts = list(match.groups()) if match else path.split("-")
    return tuple(normalise(part) for part in parts) if len(parts) == 3 else None


def match_function_items(document):
    """Each numbered item of 财政拨款支出主要内容 against the 财政拨款 (表5–7) of its 项.

    An item names its 项 by the path of names (“A（类）B（款）C（项）”), or prints the
    codes too (“公共安全支出（204类）司法（06款）行政运行（01项）”: matched by code). A 类
    name that 表1 prints differently (see ``match_classes``) counts as that 类.
    """
    names = document.function_names
    expenditure = rows_of(document.tables["3"], 7)
    fiscal = {
        code: total_of(
            rows_of(document.tables[number], 7)[code].amounts.get("total")
            for number in FISCAL_TABLES
            if code in rows_of(document.tables[number], 7)
        )
        for code in expenditure
    }
    aliases = {
        normalise(name): normalise(names.get(code, ""))
        for (_number, name), code in document.class_codes.items()
    }
    index = {
        (
            normalise(names.get(code[:3], "")),
            normalise(names.get(code[:5], "")),
            normalise(row.name),
        ): code
        for code, row in expenditure.items()
    }
    for item in document.narrative.function_items:
        subject = item["subject"]
        wanted = path_names(subject)
        if wanted:
            wanted = (aliases.get(wanted[0], wanted[0]), *wanted[1:])
        code = index.get(wanted) if wanted else None
        printed_code = item.pop("code", None)
        if printed_code in expenditure:
            code = printed_code
        if code is None and wanted:
            candidates = [
                candidate
                for candidate in expenditure
                if normalise(names.get(candidate[:3], "")) == wanted[0]
                and wan_rounded(fiscal[candidate]) == item["amount"]
            ]
            if len(candidates) == 1:
                code = candidates[0]
                document.warnings.append(
                    Disagreement(
                        "预算编制说明",
                        subject,
                        f"提示：科目名称与支出预算总表不一致，"
                        f"按“类”和金额对应到 {code} {names[code]}。",
                    )
                )
        if code is None:
            document.warnings.append(
                Disagreement(
                    "预算编制说明", subject, "提示：找不到对应的功能分类科目，未与表核对。"
                )
            )
            item["topic"] = "function"
        else:
            item["topic"] = f"function:{code}"
            problem = compare(
                "预算编制说明",
                subject,
                "说明",
                item["amount"],
                "财政拨款（表5–7）",
                wan_rounded(fiscal[code]),
            )
            if problem:
                document.errors.append(problem)
        planned = item.pop("planned", None)
        if planned is not None and planned != item["amount"]:
            document.warnings.append(
                Disagreement(
                    "预算编制说明",
                    subject,
                    f"提示：同一条中“预算安排”写为 {from_yuan(planned, '万元')} 万元，"
                    f"与所列金额 {from_yuan(item['amount'], '万元')} 万元不一致。",
                )
            )
        if item.get("change_percent") is not None and item.get("comparison_amount"):
            computed = arithmetic.percent_change(item["comparison_amount"], item["amount"])
            computed = computed.quantize(Decimal("0.01"), ROUND_HALF_UP)
            stated = item["change_percent"] * (-1 if item["direction"] == "decrease" else 1)
            if computed != stated:
                document.warnings.append(
                    Disagreement(
                        "预算编制说明",
                        subject,
                        f"提示：所述变化幅度 {stated}% 与按金额计算的 {computed}% 不符。",
                    )
                )
        item.pop("purpose", None)
        item.pop("number", None)
        document.statements.append(item)


READER = Reader(
    name=gettext_lazy("上海市区级/市级部门/单位预算（9张表，元）"),
    identify=identify,
    read=read_contents,
)
