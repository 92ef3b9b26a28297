"""The narrative's figures against the tables and against themselves (``check_narrative``).

The narrative states amounts in 万元 to two places, so a table's 元 figure is compared as
it would be stated (``wan_rounded``). Every statement is kept, checked or not.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement, compare, total_of
from budgets.disclosures.money import from_yuan
from budgets.importers.tables import normalise

from .document import left_amounts, record, rows_of, wan_rounded
from .layout import (
    EXPENDITURE,
    FISCAL_SUMMARY,
    FISCAL_TABLES,
    GENERAL_PUBLIC,
    GOVERNMENT_FUND,
    RESTRICTED,
    STATE_CAPITAL,
    SUMMARY,
)

#: Narrative headline → (table number, side, row key, column) it restates.
HEADLINE_SOURCES = {
    ("revenue", "收入预算"): (SUMMARY, "left_total", None, "total"),
    ("revenue", "财政拨款收入"): (SUMMARY, "left", "fiscal", "total"),
    ("revenue", "事业收入"): (SUMMARY, "left", "operating", "total"),
    ("revenue", "事业单位经营收入"): (SUMMARY, "left", "business", "total"),
    ("revenue", "其他收入"): (SUMMARY, "left", "other", "total"),
    ("expenditure", "支出预算"): (EXPENDITURE, "total", None, "total"),
    ("expenditure", "财政拨款支出预算"): (FISCAL_SUMMARY, "total", None, "total"),
    ("expenditure", "一般公共预算拨款支出预算"): (GENERAL_PUBLIC, "total", None, "total"),
    ("expenditure", "政府性基金拨款支出预算"): (GOVERNMENT_FUND, "total", None, "total"),
    ("expenditure", "国有资本经营预算拨款支出预算"): (STATE_CAPITAL, "total", None, "total"),
    ("three_public", "“三公”经费"): (RESTRICTED, "row", None, "total"),
    ("three_public", "因公出国（境）费"): (RESTRICTED, "row", None, "outbound_travel"),
    ("three_public", "公务用车购置及运行费"): (RESTRICTED, "row", None, "vehicle_total"),
    ("three_public", "公务用车购置费"): (RESTRICTED, "row", None, "vehicle_purchase"),
    ("three_public", "公务用车运行费"): (RESTRICTED, "row", None, "vehicle_operation"),
    ("three_public", "公务接待费"): (RESTRICTED, "row", None, "reception"),
    ("administrative_running", "机关运行经费"): (RESTRICTED, "row", None, "administrative_running"),
}
#: Where a function item of the narrative is, in findings.
EXPLANATION = "预算编制说明"


def check_narrative(document):
    """The headline figures, 政府采购 and vehicles, and each 财政拨款 item."""
    check_headlines(document)
    check_procurement(document)
    check_assets(document)
    match_function_items(document)


def check_headlines(document):
    """Each headline statement against the table figure it restates (``HEADLINE_SOURCES``)."""
    for fields in document.narrative.statements:
        source = HEADLINE_SOURCES.get((fields["topic"], fields["subject"]))
        if source is not None:
            table = document.tables[source[0]]
            record(
                document.errors,
                compare(
                    "说明",
                    fields["subject"],
                    "说明",
                    fields["amount"],
                    table.title,
                    wan_rounded(headline_figure(table, *source[1:])),
                ),
            )
        document.statements.append(fields)


def headline_figure(table, side, key, column):
    """The figure of ``table`` a headline restates (see ``HEADLINE_SOURCES``)."""
    if side == "left_total":
        return (table.left_total or {}).get(column)
    if side == "left":
        return left_amounts(table).get(key)
    if side == "total":
        return (table.total or {}).get(column)
    return table.rows[0].amounts.get(column) if table.rows else None


def check_procurement(document):
    """政府采购: goods + works + services = 合计; 小微企业's share within 中小企业's."""
    procurement = document.narrative.procurement
    if not procurement:
        return
    parts = [procurement.get(key) for key in ("goods", "works", "services")]
    if any(part is not None for part in parts):
        record(
            document.errors,
            compare(
                "政府采购预算情况",
                "合计",
                "合计",
                procurement["total"],
                "货物+工程+服务",
                total_of(parts),
            ),
        )
    sme = procurement.get("reserved_for_sme")
    small = procurement.get("reserved_for_small_micro")
    if sme is not None and small is not None and small > sme:
        document.errors.append(
            Disagreement(
                "政府采购预算情况", "预留份额", "预留给小微企业的金额超过面向中小企业预留的金额"
            )
        )


def check_assets(document):
    """Vehicles held and to be bought: the categories add up to the count."""
    assets = document.narrative.assets
    if not assets:
        return
    for count_key, categories_key, label in (
        ("vehicles", "categories", "现有车辆"),
        ("vehicles_planned", "categories_planned", "拟购置车辆"),
    ):
        count, by_category = assets.get(count_key), assets[categories_key]
        if count is not None and by_category and sum(by_category.values()) != count:
            document.errors.append(
                Disagreement(
                    "国有资产占有使用情况",
                    label,
                    f"各类车辆之和 {sum(by_category.values())} 辆 ≠ 合计 {count} 辆",
                )
            )


def path_names(path):
    """(类, 款, 项) names of a narrative subject “A（类）B（款）C（项）” (the levels may carry
    their codes: “A（204类）B（06款）C（01项）”) or “A-B-C”."""
    match = re.match(r"^(.+?)（(?:\d{3})?类）(.+?)（(?:\d{2})?款）(.+?)（(?:\d{2})?项）$", path)
    parts = list(match.groups()) if match else path.split("-")
    return tuple(normalise(part) for part in parts) if len(parts) == 3 else None


@dataclass
class FunctionItems:
    """What the narrative's items of 财政拨款支出主要内容 are matched against."""

    #: {code: name} of the function classification as the tables print it.
    names: dict
    #: {项 code of 支出预算总表: its 财政拨款, the sum of 表5–7}.
    fiscal: dict
    #: {a 类 name as 表1/表4 print it: the 类's name in the tables with codes}.
    aliases: dict
    #: {(类, 款, 项) names, normalised: 项 code}.
    paths: dict

    @classmethod
    def of(cls, document):
        names = document.function_names
        expenditure = rows_of(document.tables[EXPENDITURE], 7)
        fiscal_items = [rows_of(document.tables[number], 7) for number in FISCAL_TABLES]
        fiscal = {
            code: total_of(rows[code].amounts.get("total") for rows in fiscal_items if code in rows)
            for code in expenditure
        }
        aliases = {
            normalise(name): normalise(names.get(code, ""))
            for (_number, name), code in document.class_codes.items()
        }
        paths = {
            (
                normalise(names.get(code[:3], "")),
                normalise(names.get(code[:5], "")),
                normalise(row.name),
            ): code
            for code, row in expenditure.items()
        }
        return cls(names, fiscal, aliases, paths)


def match_function_items(document):
    """Each numbered item of 财政拨款支出主要内容 against the 财政拨款 (表5–7) of its 项.

    An item names its 项 by the path of names (“A（类）B（款）C（项）”), or prints the
    codes too (“公共安全支出（204类）司法（06款）行政运行（01项）”: matched by code). A 类
    name that 表1 prints differently (see ``match_classes``) counts as that 类.
    """
    known = FunctionItems.of(document)
    for item in document.narrative.function_items:
        code = item_code(document, item, known)
        check_item_amount(document, item, code, known)
        check_item_wording(document, item)
        item.pop("purpose", None)
        item.pop("number", None)
        document.statements.append(item)


def item_code(document, item, known):
    """The 项 an item names: by the codes it prints, else by its path of names, else by
    its 类 and amount where exactly one 项 fits (with a warning); None if none."""
    wanted = path_names(item["subject"])
    if wanted:
        wanted = (known.aliases.get(wanted[0], wanted[0]), *wanted[1:])
    code = known.paths.get(wanted) if wanted else None
    printed_code = item.pop("code", None)
    if printed_code in known.fiscal:
        code = printed_code
    if code is None and wanted:
        code = item_code_by_amount(document, item, wanted[0], known)
    return code


def item_code_by_amount(document, item, class_name, known):
    """The one 项 under the 类 named ``class_name`` whose 财政拨款 is the item's amount."""
    candidates = [
        candidate
        for candidate in known.fiscal
        if normalise(known.names.get(candidate[:3], "")) == class_name
        and wan_rounded(known.fiscal[candidate]) == item["amount"]
    ]
    if len(candidates) != 1:
        return None
    code = candidates[0]
    document.warnings.append(
        Disagreement(
            EXPLANATION,
            item["subject"],
            f"提示：科目名称与支出预算总表不一致，按“类”和金额对应到 {code} {known.names[code]}。",
        )
    )
    return code


def check_item_amount(document, item, code, known):
    """The item's amount against its 项's 财政拨款; its topic says which 项 it is."""
    subject = item["subject"]
    if code is None:
        document.warnings.append(
            Disagreement(EXPLANATION, subject, "提示：找不到对应的功能分类科目，未与表核对。")
        )
        item["topic"] = "function"
        return
    item["topic"] = f"function:{code}"
    record(
        document.errors,
        compare(
            EXPLANATION,
            subject,
            "说明",
            item["amount"],
            "财政拨款（表5–7）",
            wan_rounded(known.fiscal[code]),
        ),
    )


def check_item_wording(document, item):
    """An item against itself: its “预算安排” and its change in % against its amount."""
    subject = item["subject"]
    planned = item.pop("planned", None)
    if planned is not None and planned != item["amount"]:
        document.warnings.append(
            Disagreement(
                EXPLANATION,
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
                    EXPLANATION,
                    subject,
                    f"提示：所述变化幅度 {stated}% 与按金额计算的 {computed}% 不符。",
                )
            )
