"""The figures a 江苏 narrative states (收入预算总计, 基本支出, 三公 …), each with its change
against the prior year and the reason given, checked against the tables."""

import re
from decimal import Decimal

from budgets.disclosures.arithmetic import compare
from budgets.disclosures.money import from_yuan, to_yuan
from budgets.importers.narrative import AMOUNT, wan

from .checks import err
from .grids import read_label_pairs
from .layout import AMOUNT_UNIT

CHANGE = (
    r"[。，,]?(?:与上年(?:预算)?相比|比上年(?:预算)?)[，,]?(?:[^。，,；]*?)?"
    r"(?:(?P<direction>增加|减少)(?P<change>\d[\d,]*(?:\.\d+)?)万元|(?P<flat>持平))"
    r"(?:[，,]?(?:增长|减少|下降)(?P<percent>\d[\d,]*(?:\.\d+)?)\s*%)?"
)
REASON = r"(?:[。，,]?主要原因(?:是|为)?[：:]?(?P<reason>[^。]+))?"

#: (topic, subject, pattern before the amount, figure key).
STATED = [
    ("revenue", "收入预算总计", r"(?<![\u4e00-\u9fff])收入预算总计", ("summary", "income_total")),
    (
        "expenditure",
        "支出预算总计",
        r"(?<![\u4e00-\u9fff])支出预算总计",
        ("summary", "spending_total"),
    ),
    (
        "revenue",
        "财政拨款收、支总预算",
        r"财政拨款收、支总预算",
        ("fiscal_summary", "income_total"),
    ),
    ("expenditure", "基本支出", r"基本支出预算数为", ("summary", "basic")),
    ("expenditure", "项目支出", r"项目支出预算数为", ("summary", "project")),
    ("administrative_running", "机关运行经费", r"机关运行经费预算支出", ("running", None)),
    ("three_public", "会议费", r"安排的会议费预算支出", ("restricted", "meetings")),
    ("three_public", "培训费", r"安排的培训费预算支出", ("restricted", "training")),
    (
        "three_public",
        "因公出国（境）费",
        r"因公出国（境）费预算支出",
        ("restricted", "outbound_travel"),
    ),
    ("three_public", "公务接待费", r"公务接待费预算支出", ("restricted", "reception")),
    (
        "three_public",
        "公务用车购置及运行费",
        r"公务用车购置及运行费预算支出",
        ("restricted", "vehicle_total"),
    ),
]


def check_narrative(document, content):
    """Each figure of ``STATED`` the narrative states, kept as a statement (with its change
    and reason) and compared with the table's figure rounded as printed."""
    text = re.sub(r"\s+", "", " ".join(line for page in content.pages for line in page.lines))
    text = text.replace("(", "（").replace(")", "）")
    summary = read_label_pairs(document.blocks["jiangsu_summary"])[0]
    fiscal_summary = read_label_pairs(document.blocks["jiangsu_fiscal_summary"])[0]
    figures = {
        "summary": summary,
        "fiscal_summary": fiscal_summary,
        "restricted": document.restricted_printed,
    }
    for topic, subject, pattern, (table, key) in STATED:
        match = re.search(pattern + r"(?:为)?" + AMOUNT + "(?:" + CHANGE + ")?" + REASON, text)
        if not match:
            continue
        groups = match.groupdict()
        direction = {"增加": "increase", "减少": "decrease"}.get(groups.get("direction") or "", "")
        if groups.get("flat"):
            direction = "flat"
        fields = {
            "topic": topic,
            "subject": subject,
            "amount": wan(groups["amount"]),
            "count": None,
            "comparison": "上年预算" if direction else "",
            "comparison_amount": None,
            "direction": direction,
            "change_amount": wan(groups["change"]) if groups.get("change") else None,
            "change_percent": Decimal(groups["percent"].replace(",", ""))
            if groups.get("percent")
            else None,
            "reason": (groups.get("reason") or "").strip()[:500],
            "quote": match.group(0)[:1000],
        }
        if direction == "flat":
            fields["change_amount"] = None
        printed = (
            document.restricted.get("administrative_running")
            if table == "running"
            else figures[table].get(key)
        )
        err(
            document,
            compare("说明", subject, "说明", fields["amount"], "表中", wan_rounded(printed)),
        )
        document.statements.append(fields)


def wan_rounded(amount):
    return None if amount is None else to_yuan(from_yuan(amount, AMOUNT_UNIT), AMOUNT_UNIT)
