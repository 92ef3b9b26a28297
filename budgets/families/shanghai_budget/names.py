"""The classification names and codes the tables print: names by code (表2–3, 表5–8), the
function 类 of each row of the two 收支总表 (表1, 表4), which print names only, and those
rows' labels as printed."""

from budgets.disclosures.arithmetic import Disagreement, total_of
from budgets.importers.tables import TOTAL_LABELS, normalise, strip_ordinal

from .document import left_key, rows_of
from .layout import (
    ECONOMIC,
    EXPENDITURE,
    FISCAL_SUMMARY,
    FISCAL_TABLES,
    FUNCTION_TABLES,
    SUMMARY,
    SUMMARY_TABLES,
)


def collect_names(document):
    """Classification names as printed; the same code printed with two names is a warning."""
    for number in FUNCTION_TABLES:
        for row in document.tables[number].rows:
            remember(document, document.function_names, row, document.tables[number])
    for row in document.tables[ECONOMIC].rows:
        remember(document, document.economic_names, row, document.tables[ECONOMIC])


def remember(document, names, row, table):
    known = names.setdefault(row.code, row.name)
    if normalise(known) != normalise(row.name):
        document.warnings.append(
            Disagreement(
                table.title, row.label, f"提示：科目 {row.code} 在其他表中名称为“{known}”。"
            )
        )


def fiscal_by_class(document):
    """{类 code of 支出预算总表: its 财政拨款, the sum of 表5–7's 类 rows}."""
    fiscal_classes = [rows_of(document.tables[number], 3) for number in FISCAL_TABLES]
    return {
        code: total_of(rows[code].amounts.get("total") for rows in fiscal_classes if code in rows)
        for code in rows_of(document.tables[EXPENDITURE], 3)
    }


def match_classes(document):
    """The function 类 of each expenditure row of 表1 and 表4, which print names only.

    By name first; a row whose name is none of the tables' 类 names (福利院 2024 prints 210
    under its pre-2019 name 医疗卫生与计划生育支出) is matched by amount among the 类 not
    yet matched (表1 against 支出预算总表, 表4 against 表5–7), if exactly one fits, with a
    warning. A 类 printed with no figure matches nothing and is passed over by the checks.
    """
    classes = rows_of(document.tables[EXPENDITURE], 3)
    references = {
        SUMMARY: {code: row.amounts.get("total") for code, row in classes.items()},
        FISCAL_SUMMARY: fiscal_by_class(document),
    }
    for number, reference in references.items():
        unmatched = []
        for row in document.tables[number].rows:
            code = class_code(document, row.name)
            if code:
                document.class_codes[(number, row.name)] = code
            elif any(row.amounts.values()):
                unmatched.append(row)
        match_classes_by_amount(document, number, unmatched, reference)


def match_classes_by_amount(document, number, unmatched, reference):
    """The 类 of table ``number``'s ``unmatched`` rows, each by its 合计 among the 类 of
    ``reference`` ({code: amount}) not matched yet, where exactly one fits."""
    table = document.tables[number]
    taken = {code for (key, _name), code in document.class_codes.items() if key == number}
    for row in unmatched:
        total = row.amounts.get("total")
        candidates = [
            code
            for code, amount in reference.items()
            if code not in taken and total is not None and amount == total
        ]
        if len(candidates) != 1:
            continue
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


def class_code(document, name):
    """The one function 类 the tables name ``name``, or None."""
    codes = [
        code
        for code, known in document.function_names.items()
        if len(code) == 3 and normalise(known) == normalise(name)
    ]
    return codes[0] if len(codes) == 1 else None


def collect_printed_rows(document):
    """The rows 表1 and 表4 print, each side's label as printed (“1.一般公共预算资金”,
    “三、医疗卫生与计划生育支出”), keyed by revenue row, 类 code or total (“” for a row
    the document labels but nothing identifies, such as a 类 printed without figures)."""
    for number in SUMMARY_TABLES:
        for position, side, label in document.tables[number].labels:
            name = strip_ordinal(label)
            if name in TOTAL_LABELS:
                key = "spending_total" if side else "revenue_total"
            elif side:
                key = document.class_codes.get((number, name), "")
            else:
                key = left_key(name) or ""
            document.printed_rows.append((number, position, side, key, label))
