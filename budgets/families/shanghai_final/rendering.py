"""How a 上海 部门决算 prints, as the 普陀区 2024 documents (and the blank 部门决算模板) do.

A portrait cover with the organisation, the year and “部门决算”; 第一部分 the
organisation's 概况 (its units); 第二部分 the nine tables in 万元, each titled over
“单位：万元” with its “注：” under it; 第三部分 the 情况说明, passage by passage as the
reader (``narrative``) reads it, each stated figure printed as the document stated it
(its quote) or composed from the stored figures; 第四部分 名词解释.
"""

import re

from budgets.disclosures.tables import load_facts, published_table
from budgets.rendering.amounts import exact_wan
from budgets.rendering.draw import Cover, CoverLine, Narrative, Section, Tables
from budgets.rendering.style import FamilyStyle

from .figures import percent_of

#: The 情况说明's eleven passages, as the template numbers them.
PASSAGES = (
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明",
    "八、政府性基金预算财政拨款收入支出决算情况说明",
    "九、国有资本经营预算财政拨款收入支出决算情况说明",
    "十、预算绩效管理情况",
    "十一、其他重要事项的情况说明",
)
#: A share the 情况说明 stated off the tables, as its finding records it.
STATED_SHARE = re.compile(r"所述占比 (?P<share>[\d.]+)% ≠")


class ShanghaiFinalStyle(FamilyStyle):
    knobs = {
        "title_font": ("zenhei", "uming"),
        # Small print and narrow margins: 表6 (two sides of economic 款) fits one page.
        "cell_size": (7.5, 7.0, 8.0),
        "margin": (36.0, 42.0),
        "full_width": (True, False),
        "grouping": (False, True),
        "page_number": ("{n}", "- {n} -"),
        "cover_name_first": (True, False),
        "cover_wording": ("plain", "published"),
    }

    def files(self, document, tables, variant):
        owner = document.organisation.name
        heading = f"第二部分 {owner}{document.year}年度{scope_of(document)}决算表"
        parts = [
            self.cover(document, variant),
            self.overview(document),
            Tables([self.table_print(table, document) for table in tables], heading),
            self.narrative(document, variant),
        ]
        return [(f"{document.title}.pdf", parts)]

    def cover(self, document, variant):
        """The organisation and “2024年度部门决算” (“…公开”), or the year first: the cover
        page holds nothing else, for the reader reads it as one line."""
        owner = document.organisation.name
        stage = f"{scope_of(document)}决算{variant.published}"
        if variant.cover_name_first:
            return Cover([CoverLine(owner, 1.6), CoverLine(f"{document.year}年度{stage}", 1.6)])
        year = CoverLine(f"{document.year}年度", 1.6)
        return Cover([year, CoverLine(owner, 1.6), CoverLine(stage, 1.6)])

    def overview(self, document):
        """第一部分: the units the department's 决算 covers."""
        owner = document.organisation
        units = dict.fromkeys([owner.name, *(unit.name for unit in owner.units.order_by("name"))])
        listed = [f"{number}. {name}" for number, name in enumerate(units, 1)]
        return Narrative(
            [
                Section(f"第一部分 {owner.name}概况"),
                Section(
                    "一、部门决算单位构成",
                    [f"纳入{owner.name}{document.year}年度部门决算编制范围的单位包括：", *listed],
                    centred=False,
                ),
            ]
        )

    def narrative(self, document, variant):
        """第三部分 情况说明 and 第四部分 名词解释."""
        explained = Explained(document)
        sections = [
            Section(f"第三部分 {document.organisation.name}{document.year}年度部门决算情况说明")
        ]
        for heading, paragraphs in zip(PASSAGES, explained.passages(), strict=True):
            sections.append(Section(heading, paragraphs, centred=False))
        sections.append(Section("第四部分 名词解释", [document.glossary], new_page=True))
        return Narrative(sections)

    def label(self, table):
        return ""

    def unit_line(self, table, document):
        return ("", f"单位：{table.amount_unit}")


def ended(text):
    """A sentence as the document ends it: its own “。” or “；”, else a “。”."""
    return text if text.endswith(("。", "；")) else text + "。"


def scope_of(document):
    return document.get_scope_display()


class Explained:
    """The 情况说明's passages of one document, from its statements."""

    def __init__(self, document):
        self.document = document
        self.lead = f"{document.organisation.name}{document.year}"
        self.statements = {(s.topic, s.subject): s for s in document.statements.all()}
        self.ordered = list(document.statements.all())
        self.findings = list(document.findings.filter(table="情况说明"))

    def quote(self, topic, subject, lead=""):
        """The statement's sentence as printed, ended with “。”; "" if not stated."""
        statement = self.statements.get((topic, subject))
        if statement is None or not statement.quote:
            return ""
        return ended(lead + statement.quote.removesuffix("三、"))

    def passages(self):
        """Eleven lists of paragraphs, one per passage of ``PASSAGES``."""
        return [
            [self.quote("total", "收入支出总计", self.lead)],
            [self.quote("revenue", "本年收入合计")],
            [self.quote("expenditure", "本年支出合计")],
            [self.quote("total", "财政拨款收入支出总计", self.lead)],
            self.general_public(),
            [self.quote("expenditure", "一般公共预算财政拨款基本支出")],
            self.three_public(),
            [self.none_of(8, "政府性基金预算财政拨款收入和支出")],
            [self.none_of(9, "国有资本经营预算财政拨款收入和支出")],
            [self.quote("performance_coverage", "编报绩效目标的项目")],
            self.other(),
        ]

    def general_public(self):
        """(一) the total, (二) each 类 with its share, (三) the budget and each 项."""
        items = [s for s in self.ordered if s.topic.startswith("function:") and s.quote]
        classes = [s for s in self.ordered if s.topic.startswith("function:") and not s.quote]
        total = self.statements.get(("expenditure", "一般公共预算财政拨款支出"))
        structure = "；".join(
            f"{s.subject}{exact_wan(s.amount)}万元，占{self.share(s, total)}%" for s in classes
        )
        lead = f"一般公共预算财政拨款支出{exact_wan(total.amount)}万元" if total else ""
        return [
            "（一）一般公共预算财政拨款支出决算总体情况",
            self.quote("expenditure", "一般公共预算财政拨款支出"),
            "（二）一般公共预算财政拨款支出决算结构情况",
            f"{lead}，主要用于以下方面：{structure}。" if classes else "",
            "（三）一般公共预算财政拨款支出决算具体情况",
            self.quote("expenditure", "一般公共预算财政拨款支出决算") + ("其中：" if items else ""),
            *(ended(s.quote) for s in items),
        ]

    def share(self, statement, total):
        """A 类's share of the total as stated: the finding's figure where the document
        stated another than the tables give, else computed as it is checked."""
        for finding in self.findings:
            match = STATED_SHARE.search(finding.message)
            if finding.row == statement.subject and match:
                return match.group("share")
        return percent_of(statement.amount, total.amount if total else None)

    def three_public(self):
        parts = [
            self.quote("three_public", subject).rstrip("。；")
            for subject in ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")
        ]
        whole = self.quote("three_public", "“三公”经费").rstrip("。；")
        if not whole:
            return [f"{self.lead}年度无“三公”经费财政拨款支出。"]
        listed = "；".join(part for part in parts if part)
        return [whole + (f"，其中：{listed}" if listed else "") + "。"]

    def none_of(self, position, what):
        facts = load_facts(self.document)
        table = published_table(facts, position)
        if table is not None and table.has_figures:
            return f"{self.lead}年度{what}情况见{table.title}。"
        return f"{self.lead}年度无{what}。"

    def other(self):
        return [
            "（一）机关运行经费支出情况",
            self.quote("administrative_running", "机关运行经费"),
            "（二）政府采购支出情况",
            *self.procurement(),
        ]

    def procurement(self):
        """政府采购 by kind and what was reserved for small firms, as stored."""
        stored = self.document.procurements.first()
        if stored is None:
            return []
        parts = [
            f"{name}采购金额{exact_wan(amount)}万元"
            for name, amount in (
                ("货物", stored.goods),
                ("工程", stored.works),
                ("服务", stored.services),
            )
            if amount is not None
        ]
        text = [
            f"{self.lead}年度政府采购金额（以合同签订为准）为{exact_wan(stored.total)}万元"
            + (f"，其中：{'、'.join(parts)}。" if parts else "。")
        ]
        reserved = [
            f"{who}预留政府采购项目预算金额{exact_wan(amount)}万元"
            for who, amount in (
                ("面向中小企业", stored.reserved_for_sme),
                ("面向小微企业", stored.reserved_for_small_micro),
            )
            if amount is not None
        ]
        if reserved:
            text.append(f"{self.document.year}年度本部门" + "，".join(reserved) + "。")
        return text


STYLE = ShanghaiFinalStyle()
