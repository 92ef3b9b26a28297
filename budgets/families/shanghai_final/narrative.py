"""The 情况说明 (第三部分) read into statements and checked against the tables.

Each figure the 情况说明 states is kept as a ``Statement`` (what the public reads) and
compared with the table that prints it: totals, revenue and spending with their shares,
the changes against the prior year (their percentage against their own amounts), each
function 类 and 项 with its 年初/全年 budget and completion rate, 基本支出, the 三公, 机关
运行经费, 绩效目标 coverage and 政府采购. The glossary (第四部分名词解释) is kept as printed.
"""

import re
from decimal import Decimal

from budgets.disclosures import arithmetic
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.money import from_yuan
from budgets.importers.narrative import flat, wan
from budgets.importers.tables import normalise

from . import tables as builders
from .checks import leaves_under
from .facts import class_codes
from .figures import differ, number, percent_of, wan_text
from .layout import SUMMARY_REVENUE_ROWS
from .parsed import FISCAL, UNIT, ZERO

A = r"(-?\d[\d,]*(?:\.\d+)?)万元"
P = r"(\d[\d,]*(?:\.\d+)?)%"
CHANGE = r"。?与(\d{4})年度相比，{subject}(?:(增加|减少)" + A + r"，(?:增长|下降)" + P + r"|持平)"
GLOSSARY = "第四部分名词解释"
TOTALS = (
    ("收入支出总计", r"年度收入支出总计" + A, "final_summary"),
    ("财政拨款收入支出总计", r"年度财政拨款收入支出总计" + A, "final_fiscal_summary"),
)
REVENUE_PARTS = re.compile(
    r"(财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入)" + A + r"，占" + P
)
SPENDING = re.compile(
    r"本年支出合计" + A + r"，其中：基本支出" + A + r"，占" + P + r"；项目支出" + A + r"，占" + P
)
GENERAL_PUBLIC = re.compile(
    r"一般公共预算财政拨款支出"
    + A
    + r"，占本年支出合计的"
    + P
    + CHANGE.replace("{subject}", "一般公共预算财政拨款支出")
)
GENERAL_PUBLIC_COMPLETION = re.compile(
    r"一般公共预算财政拨款支出年初预算为"
    + A
    + r"(?:，全年预算为"
    + A
    + r")?，支出决算为"
    + A
    + r"，完成(年初|全年)?预算的"
    + P
)
BASIC = re.compile(
    r"一般公共预算财政拨款基本支出" + A + r"。其中：人员经费" + A + r".*?公用经费" + A
)
THREE_PUBLIC = re.compile(
    r"“三公”经费财政拨款支出年初预算为" + A + r"，支出决算为" + A + r"，完成预算的" + P
)
THREE_PUBLIC_PARTS = (
    ("因公出国（境）费", "outbound_travel"),
    ("公务用车购置及运行维护费", "vehicle_total"),
    ("公务接待费", "reception"),
)
RUNNING_COSTS = re.compile(
    r"机关运行经费支出"
    + A
    + r"，比(\d{4})年度(增加|减少)"
    + A
    + r"，(?:增长|下降)"
    + P
    + r"。?(?:主要原因是)?([^。]*)"
)
COVERAGE = re.compile(r"编报绩效目标的(\d{4})年度项目(\d+)个，涉及预算金额" + A)
ITEM_RE = re.compile(
    r"(?P<number>\d+)、(?P<path>[^、]+?（类）[^、]+?（款）.+?（项）)。主要用于：(?P<purpose>[^。]*)。"
    r"(?P<named>年初|全年)预算为"
    + A
    + r"，支出决算为"
    + A
    + r"(?:，完成(?:年初|全年)?预算数?的"
    + P
    + r")?"
    r"。(?P<tail>[^。]*)"
)
PROCUREMENT_PARTS = (
    ("goods", r"货物采购金额"),
    ("works", r"工程采购金额"),
    ("services", r"服务采购金额"),
    ("reserved_for_sme", r"面向中小企业预留政府采购项目预算金额"),
    ("reserved_for_small_micro", r"面向小微企业预留政府采购项目预算金额"),
)


def read_and_check_narrative(document, pages):
    """Statements, errors and the glossary from the pages outside the tables."""
    body = read_body(document, pages)
    check = NarrativeCheck(document, body)
    for step in (
        check.totals,
        check.revenue,
        check.spending,
        check.general_public,
        check.function_classes,
        check.general_public_completion,
        check.function_items,
        check.basic,
        check.three_public,
        check.running_costs,
        check.coverage,
        check.procurement,
    ):
        step()


def read_body(document, pages):
    """The 情况说明 (第三部分) as one line; the glossary after it goes to the narrative."""
    lines = [line for page in pages for line in page.lines]
    text = flat("".join(lines)).replace('"', "")
    glossary_at = text.rfind(GLOSSARY)
    document.narrative.glossary = text[glossary_at + len(GLOSSARY) :] if glossary_at >= 0 else ""
    return text[text.rfind("第三部分") : glossary_at if glossary_at >= 0 else None]


def statement(topic, subject, amount, **extra):
    """A Statement's fields."""
    fields = {
        "topic": topic,
        "subject": subject,
        "amount": amount,
        "count": None,
        "comparison": "",
        "comparison_amount": None,
        "direction": "",
        "change_amount": None,
        "change_percent": None,
        "completion_percent": None,
        "reason": "",
        "quote": "",
    }
    fields.update(extra)
    return fields


class NarrativeCheck:
    """One 情况说明's figures read and checked in order, each step one passage."""

    def __init__(self, document, body):
        self.document = document
        self.body = body

    def table(self, kind):
        return self.document.table(kind)

    def error(self, problem):
        if problem:
            self.document.errors.append(problem)

    def state(self, topic, subject, stated, printed, table_title, addends=1, **extra):
        """A statement kept, and its figure checked against ``printed`` (``...``: a figure
        no table prints)."""
        fields = statement(topic, subject, stated, **extra)
        self.document.statements.append(fields)
        if printed is not ...:
            self.error(differ("情况说明", subject, "说明", stated, table_title, printed, addends))
        return fields

    def check_share(self, subject, share, part, whole):
        computed = percent_of(part, whole)
        if computed is not None and abs(computed - share) > Decimal("0.01"):
            self.error(
                Disagreement("情况说明", subject, f"所述占比 {share}% ≠ 按表计算 {computed}%")
            )

    def change(self, fields, direction, change_text, percent_text, year):
        """A stated change against the prior year, its percentage against its amounts."""
        signed = number(change_text) * (-1 if direction == "减少" else 1)
        fields.update(
            comparison=f"{year}年度决算",
            direction="decrease" if direction == "减少" else "increase",
            change_amount=wan(change_text),
            change_percent=number(percent_text) if percent_text else None,
        )
        if not percent_text:
            return
        prior = from_yuan(fields["amount"], UNIT) - signed
        computed = Decimal(100) if prior == 0 else percent_of(abs(signed), prior)
        if computed is not None and abs(computed - number(percent_text)) > Decimal("0.01"):
            self.error(
                Disagreement(
                    "情况说明",
                    fields["subject"],
                    f"所述变化幅度 {percent_text}% ≠ 按所述金额计算 {computed}%",
                )
            )

    def totals(self):
        for subject, pattern, kind in TOTALS:
            table = self.table(kind)
            match = re.search(pattern + CHANGE.replace("{subject}", subject), self.body)
            match = match or re.search(pattern, self.body)
            if not match:
                continue
            fields = self.state(
                "total",
                subject,
                wan(match.group(1)),
                table.get("total_in", "amount"),
                table.title,
                quote=match.group(0),
            )
            if match.lastindex and match.lastindex >= 3 and match.group(3):
                self.change(fields, match.group(3), match.group(4), match.group(5), match.group(2))
            elif match.lastindex and match.lastindex >= 2:
                fields.update(comparison=f"{match.group(2)}年度决算", direction="flat")

    def revenue(self):
        match = re.search(r"本年收入合计" + A + r"，其中：(.+?)(?:三、|$)", self.body)
        if not match:
            return
        one = self.table("final_summary")
        whole = one.get("revenue_total", "amount")
        self.state(
            "revenue", "本年收入合计", wan(match.group(1)), whole, one.title, quote=match.group(0)
        )
        for name, value, share in REVENUE_PARTS.findall(match.group(2)):
            if name == "财政拨款收入":
                printed = arithmetic.total_of(one.get(str(source), "amount") for source in FISCAL)
            else:
                printed = one.get(str(SUMMARY_REVENUE_ROWS[name]), "amount")
            self.state("revenue", name, wan(value), printed, one.title)
            self.check_share(name, number(share), printed, whole)

    def spending(self):
        match = SPENDING.search(self.body)
        if not match:
            return
        three = self.table("final_expenditure")
        whole = three.get(builders.TOTAL_ROW, "total")
        self.state(
            "expenditure",
            "本年支出合计",
            wan(match.group(1)),
            whole,
            three.title,
            quote=match.group(0),
        )
        for subject, column, amount_at in (("基本支出", "basic", 2), ("项目支出", "project", 4)):
            part = three.get(builders.TOTAL_ROW, column)
            self.state("expenditure", subject, wan(match.group(amount_at)), part, three.title)
        for subject, column, share_at in (("基本支出", "basic", 3), ("项目支出", "project", 5)):
            part = three.get(builders.TOTAL_ROW, column)
            self.check_share(subject, number(match.group(share_at)), part, whole)

    def general_public(self):
        match = GENERAL_PUBLIC.search(self.body)
        if not match:
            return
        five = self.table("final_general_public")
        fields = self.state(
            "expenditure",
            "一般公共预算财政拨款支出",
            wan(match.group(1)),
            five.get(builders.TOTAL_ROW, "total"),
            five.title,
            quote=match.group(0),
        )
        self.check_share(
            "一般公共预算财政拨款支出",
            number(match.group(2)),
            five.get(builders.TOTAL_ROW, "total"),
            self.table("final_summary").get("spending_total", "amount"),
        )
        if match.group(4):
            self.change(fields, match.group(4), match.group(5), match.group(6), match.group(3))

    def function_classes(self):
        """“主要用于以下方面：” each 类 with its amount and share of 表5's 合计."""
        structure = re.search(r"主要用于以下方面：(.+?)（三）", self.body)
        if not structure:
            return
        five = self.table("final_general_public")
        by_name = class_codes(self.document)
        for name, value, share in re.findall(
            r"([^：；，。]+?)（类）" + A + r"，占" + P, structure.group(1)
        ):
            code = by_name.get(normalise(name))
            printed = five.get(code, "total") if code else None
            self.state(
                f"function:{code or name}",
                f"{name}（类）",
                wan(value),
                printed,
                five.title,
                leaves_under(self.document, code or "x"),
            )
            self.check_share(
                f"{name}（类）", number(share), printed, five.get(builders.TOTAL_ROW, "total")
            )

    def general_public_completion(self):
        match = GENERAL_PUBLIC_COMPLETION.search(self.body)
        if not match:
            return
        five = self.table("final_general_public")
        fields = self.state(
            "expenditure",
            "一般公共预算财政拨款支出决算",
            wan(match.group(3)),
            five.get(builders.TOTAL_ROW, "total"),
            five.title,
            quote=match.group(0),
        )
        completion(
            self.document, fields, match.group(1), match.group(2), match.group(4), match.group(5)
        )

    def function_items(self):
        read_items(self.document, self.body)

    def basic(self):
        match = BASIC.search(self.body)
        if not match:
            return
        five, six = self.table("final_general_public"), self.table("final_basic_economic")
        self.state(
            "expenditure",
            "一般公共预算财政拨款基本支出",
            wan(match.group(1)),
            five.get(builders.TOTAL_ROW, "basic"),
            five.title,
            quote=match.group(0),
        )
        for subject, key, at in (
            ("人员经费", "personnel_total", 2),
            ("公用经费", "running_total", 3),
        ):
            self.state(
                "expenditure", subject, wan(match.group(at)), six.get(key, "amount"), six.title
            )

    def three_public(self):
        match = THREE_PUBLIC.search(self.body)
        seven = self.table("final_three_public")
        if not match:
            if re.search(r"无“三公”经费财政拨款支出", self.body) and seven.get("", "final:total"):
                self.error(
                    Disagreement(
                        "情况说明",
                        "“三公”经费",
                        f"说明称无“三公”经费支出，{seven.title}印有决算数",
                    )
                )
            return
        fields = self.state(
            "three_public",
            "“三公”经费",
            wan(match.group(2)),
            seven.get("", "final:total"),
            seven.title,
            quote=match.group(0),
        )
        self.error(
            differ(
                "情况说明",
                "“三公”经费年初预算",
                "说明",
                wan(match.group(1)),
                seven.title,
                seven.get("", "budget:total"),
            )
        )
        completion(self.document, fields, match.group(1), None, "年初", match.group(3))
        for subject, part in THREE_PUBLIC_PARTS:
            self.three_public_part(seven, subject, part)

    def three_public_part(self, seven, subject, part):
        match = re.search(
            re.escape(subject) + r"(?:支出)?决算为" + A + r"，完成预算的" + P, self.body
        )
        if not match:
            return
        budget = seven.get("", f"budget:{part}")
        fields = self.state(
            "three_public",
            subject,
            wan(match.group(1)),
            seven.get("", f"final:{part}"),
            seven.title,
            quote=match.group(0),
        )
        completion(
            self.document,
            fields,
            None if budget is None else str(from_yuan(budget, UNIT)),
            None,
            "年初",
            match.group(2),
            budget_known=budget is not None,
        )

    def running_costs(self):
        match = RUNNING_COSTS.search(self.body)
        if not match:
            return
        fields = self.state(
            "administrative_running",
            "机关运行经费",
            wan(match.group(1)),
            ...,
            "",
            quote=match.group(0),
            reason=match.group(6),
        )
        self.change(fields, match.group(3), match.group(4), match.group(5), match.group(2))

    def coverage(self):
        match = COVERAGE.search(self.body)
        if match:
            self.state(
                "performance_coverage",
                "编报绩效目标的项目",
                wan(match.group(3)),
                ...,
                "",
                count=int(match.group(2)),
                quote=match.group(0),
            )

    def procurement(self):
        read_procurement(self.document, self.body)


def completion(document, fields, initial, full, named, percent, budget_known=True):
    """A stated completion rate against the budget it names (年初 or 全年); a rate that
    fits the other budget instead is a warning."""
    stated = number(percent)
    fields["completion_percent"] = stated
    bases = {
        "年初": wan(initial) if initial is not None else None,
        "全年": wan(full) if full else None,
    }
    named = named or "年初"
    fields["comparison"] = f"{named}预算"
    fields["comparison_amount"] = bases[named] if bases[named] is not None else bases["全年"]
    final = fields["amount"] or ZERO
    if not budget_known and final == 0 and stated == 0:
        return
    if completion_rate(final, bases[named]) == stated:
        return
    other = "全年" if named == "年初" else "年初"
    if completion_rate(final, bases[other]) == stated:
        document.warnings.append(
            Disagreement(
                "情况说明",
                fields["subject"],
                f"提示：所述“完成{named}预算的{stated}%”"
                f"与{other}预算 {wan_text(bases[other])} 万元相符，"
                f"与{named}预算 {wan_text(bases[named])} 万元不符",
            )
        )
        return
    document.errors.append(
        Disagreement(
            "情况说明",
            fields["subject"],
            f"所述完成{named}预算的 {stated}% ≠ 按金额计算 {completion_rate(final, bases[named])}%",
        )
    )


def completion_rate(final, base):
    if base is None:
        return None
    if base == 0:
        return ZERO if final == 0 else None
    return percent_of(final, base)


def item_codes(document):
    """{(类 name, 款 name, 项 name), normalised: code} of the 项 表5 prints."""
    names = document.function_names
    return {
        (
            normalise(names.get(code[:3], "")),
            normalise(names.get(code[:5], "")),
            normalise(names.get(code, "")),
        ): code
        for code in document.table("final_general_public").items()
    }


def read_items(document, body):
    """Each numbered 项 (“1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…”)
    with its budget, its 决算 and its completion rate."""
    five = document.table("final_general_public")
    index = item_codes(document)
    for match in ITEM_RE.finditer(body):
        path = match.group("path")
        parts = re.match(r"^(.+?)（类）(.+?)（款）(.+?)（项）$", path)
        code = index.get(tuple(normalise(part) for part in parts.groups())) if parts else None
        if code is None:
            document.errors.append(
                Disagreement("情况说明", path, "一般公共预算财政拨款支出决算表中没有该科目")
            )
        budget, final, percent = match.group(5), match.group(6), match.group(7)
        fields = statement(
            f"function:{code or path}",
            path[:200],
            wan(final),
            comparison=f"{match.group('named')}预算",
            comparison_amount=wan(budget),
            reason=re.sub(r"^决算数[^：]*?主要原因[：:]", "", match.group("tail")),
            quote=match.group(0),
        )
        document.statements.append(fields)
        if code:
            problem = differ(
                "情况说明", path, "说明", wan(final), five.title, five.get(code, "total")
            )
            if problem:
                document.errors.append(problem)
        if percent:
            named = match.group("named")
            initial = budget if named == "年初" else None
            full = budget if named == "全年" else None
            completion(document, fields, initial, full, named, percent)


def read_procurement(document, body):
    """政府采购 by kind, and its total against the sum of 货物, 工程 and 服务."""
    total = re.search(r"政府采购金额（以合同签订为准）为" + A, body)
    if not total:
        return
    procurement = {"total": wan(total.group(1))}
    for key, pattern in PROCUREMENT_PARTS:
        match = re.search(pattern + A, body)
        procurement[key] = wan(match.group(1)) if match else None
    parts = [procurement[key] for key in ("goods", "works", "services")]
    if any(part is not None for part in parts):
        problem = differ(
            "政府采购支出情况",
            "合计",
            "合计",
            procurement["total"],
            "货物+工程+服务",
            arithmetic.total_of(parts),
            3,
        )
        if problem:
            document.errors.append(problem)
    document.narrative.procurement = procurement
