"""How a 陕西 单位综合预算公开 prints, as 宝鸡市人民政府口岸办公室's 2023 document does
(its text is ``DISCLOSURES_DIR/宝鸡市人民政府口岸办公室2023年单位综合预算.txt``).

A portrait cover; 第一部分 单位概况 (一、主要职责及机构设置, 二、工作任务, 三、人员情况说明);
第二部分 收支情况 (四、收支说明, its five parts); 第三部分 其他情况 (五、“三公” … 十、专业
名词解释); 第四部分 公开报表: “2023年单位综合预算公开报表” over the unit's name, then the
fifteen tables in 万元, each labelled 表1…表15 over its title and “单位：万元”. No reader
reads this template (the document is kept by hand), so its variants are rendered only.
"""

from budgets.rendering.draw import Cover, CoverLine, Narrative, Section, Tables
from budgets.rendering.style import FamilyStyle

#: 四、收支说明's parts, each opened by the first statement it names (by topic or subject).
INCOME_PARTS = (
    ("（一）收支预算总体情况", lambda s: True),
    ("（二）财政拨款收支情况", lambda s: s.topic == "fiscal_revenue"),
    ("（三）一般公共预算拨款支出明细情况", lambda s: s.subject.startswith("一般公共预算当年")),
    ("（四）政府性基金预算支出情况", lambda s: s.subject == "当年政府性基金预算收支"),
    ("（五）国有资本经营预算拨款收支情况", lambda s: s.subject == "当年国有资本经营预算收支"),
)
#: 第三部分's sections and the statement topics each states.
OTHER_PARTS = (
    ("五、“三公”经费及会议费、培训费情况说明", "three_public"),
    ("六、国有资产占有使用及资产购置情况说明", "assets"),
    ("七、政府采购情况说明", "procurement"),
    ("八、绩效目标情况说明", "performance_coverage"),
    ("九、公用经费情况说明", "public_running"),
)


class ShaanxiStyle(FamilyStyle):
    knobs = {
        "title_font": ("zenhei", "uming"),
        "body_font": ("uming", "stsong", "ukai"),
        "text_size": (12.0, 10.5),
        "cell_size": (8.0, 9.0, 7.5),
        "page_number": ("-{n}-", "{n}", "— {n} —"),
        # The 报表 are printed landscape, a 收支总表 on one page.
        "orientation": ("landscape", "auto"),
        "margin": (36.0, 48.0),
    }

    def files(self, document, tables, variant):
        prints = [self.table_print(table, document) for table in tables]
        reports = Narrative(
            [
                Section("第四部分 公开报表", new_page=True),
                Section(f"{document.year}年单位综合预算公开报表"),
                Section("", [f"单位名称：{document.organisation.name}"], centred=False),
            ]
        )
        parts = [self.cover(document, variant), *self.narrative(document, variant)]
        return [(f"{document.title}.pdf", [*parts, reports, Tables(prints)])]

    def cover(self, document, variant):
        owner = CoverLine(document.organisation.name, 1.4)
        title = CoverLine(f"{variant.year_word(document.year)}单位综合预算公开", 1.6, gap=2.0)
        return Cover([owner, title] if variant.cover_name_first else [title, owner])

    def narrative(self, document, variant):
        """第一部分 to 第三部分, each its own Narrative (a part starts a page)."""
        profile = document.organisation.profiles.filter(year=document.year).first()
        statements = list(document.statements.all())
        return [
            Narrative([Section("第一部分 单位概况"), *overview(document, profile)]),
            Narrative([Section("第二部分 收支情况"), *income(statements)]),
            Narrative([Section("第三部分 其他情况"), *others(document, statements)]),
        ]

    def unit_line(self, table, document):
        return ("", f"单位：{table.amount_unit}")


def heading(text, paragraphs=()):
    return Section(text, list(paragraphs), centred=False)


def overview(document, profile):
    """一、主要职责及机构设置, 二、工作任务, 三、人员情况说明 from the year's profile."""
    if profile is None:
        return []
    duties = [f"{item.number}、{item.text}" for item in profile.items.filter(kind="duty")]
    tasks = [f"{item.number}.{item.text}" for item in profile.items.filter(kind="priority")]
    staff = (
        f"截止上年底，本单位人员编制{profile.staff_authorised or 0}人，其中事业编制"
        f"{profile.staff_authorised_institution or 0}人；实有人员{profile.staff_actual or 0}人，"
        f"其中事业{profile.staff_actual_institution or 0}人。单位管理的退休人员"
        f"{profile.retirees or 0}人。"
    )
    return [
        heading("一、主要职责及机构设置", [profile.history, "主要工作职责：", *duties]),
        heading("二、工作任务", [f"{document.year}年工作要点：", *tasks]),
        heading("三、人员情况说明", [staff]),
    ]


def joined(statements):
    """Statements as one paragraph, each as the document stated it."""
    text = ""
    for statement in statements:
        quote = statement.quote or statement.subject
        text += ("" if not text or text.endswith(("。", "；", "，")) else "，") + quote
    return text if text.endswith(("。", "；")) else text + "。"


def income(statements):
    """四、收支说明: its five parts, each opened by the statement that starts it."""
    others_topics = {topic for _title, topic in OTHER_PARTS}
    parts, at = [], -1
    for statement in (s for s in statements if s.topic not in others_topics):
        for index in range(at + 1, len(INCOME_PARTS)):
            if INCOME_PARTS[index][1](statement):
                parts.append((INCOME_PARTS[index][0], []))
                at = index
                break
        parts[-1][1].append(statement)
    return [heading("四、收支说明")] + [heading(title, [joined(stated)]) for title, stated in parts]


def others(document, statements):
    sections = []
    for title, topic in OTHER_PARTS:
        stated = [s for s in statements if s.topic == topic]
        if stated:
            sections.append(heading(title, [joined(stated)]))
    glossary = [line for line in document.glossary.splitlines() if line.strip()]
    return [*sections, heading("十、专业名词解释", glossary)]


STYLE = ShaanxiStyle()
