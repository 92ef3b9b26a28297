"""How a 江苏 省级部门预算 (2017–2019) prints, as the 省委办公厅, 省人大常委会办公厅 and
省人民检察院 documents do.

The narrative: the title (on a cover of its own, over the 目录, or not at all), the 目录,
第一部分 部门概况, 第三部分 情况说明 with every figure it states (as it stated it), 第四部分
名词解释. The tables: twelve 公开表 in 万元, portrait, several to a page, each under its
label (“公开01表”, “公开表一”, or none; 2017 numbers its titles “一、”), its title and
“部门：… 单位：万元”. One PDF (narrative, then tables) or two, as the document was
published or as the variant says; the tables file may open with the province's cover
(“江苏省2018年度 省级部门预算公开报表”).
"""

import re

from budgets.rendering.draw import Cover, CoverLine, Narrative, Section, Tables
from budgets.rendering.style import FamilyStyle, sentence

from .layout import LAYOUTS

#: Numbering a stored title starts with, printed as a label on the line above it.
LABEL_RE = re.compile(r"^(公开\s*\d+\s*表\s*[:：]?|公开表[一二三四五六七八九十]+|附?表\d+[:：]?)")
CHINESE = "一二三四五六七八九十"
#: Titles documents print besides the template's, by table kind (the 三公 table's
#: shorter title is one no layout declares: the reader must find it by its header).
OTHER_TITLES = {
    "jiangsu_restricted": "“三公”经费支出预算表",
    "jiangsu_procurement": "政府采购支出预算表",
    "jiangsu_government_fund_by_function": "政府性基金支出预算表",
}
#: The 情况说明's passages and the statement subjects each states (``narrative.STATED``).
PASSAGES = (
    ("一、收支预算总体情况说明", ("收入预算总计", "支出预算总计")),
    ("二、财政拨款收支预算总体情况说明", ("财政拨款收、支总预算",)),
    ("三、支出预算情况说明", ("基本支出", "项目支出")),
    ("四、一般公共预算机关运行经费支出预算情况说明", ("机关运行经费",)),
    (
        "五、一般公共预算“三公”经费、会议费、培训费支出预算情况说明",
        ("因公出国（境）费", "公务接待费", "公务用车购置及运行费", "会议费", "培训费"),
    ),
)


class JiangsuStyle(FamilyStyle):
    knobs = {
        "title_font": ("zenhei", "uming"),
        "cell_size": (8.0, 7.5, 9.0),
        "margin": (42.0, 36.0, 56.0),
        "orientation": ("auto", "portrait"),
        "table_on_new_page": (False, True),
        "page_number": ("{n}", "— {n} —", "- {n} -"),
        "cover_name_first": (True, False),
        "cover_wording": ("annual_published", "annual", "plain", "published"),
    }

    def files(self, document, tables, variant):
        """One PDF (narrative, 第二部分 the tables, 情况说明) or two (the narrative
        “公开文件” and the tables “公开表”), as published or as the variant says."""
        prints = [self.printed(table, document, variant) for table in tables]
        narrative = self.narrative(document, variant)
        two = variant.files == "two" or (
            variant.files == "as_published" and "、" in document.source_name
        )
        if not two:
            part_two = Tables(prints, f"第二部分 {document.year}年度部门预算表")
            return [(f"{document.title}.pdf", [*narrative[:-1], part_two, narrative[-1]])]
        tables_part = [Tables(prints)]
        if variant.tables_cover == "report":
            tables_part.insert(0, report_cover(document))
        else:
            dated(prints, document.year)
        return [
            (f"{document.title}公开文件.pdf", narrative),
            (f"{document.title}公开表.pdf", tables_part),
        ]

    def narrative(self, document, variant):
        """[cover, 目录 and 部门概况, 情况说明 and 名词解释] (the tables go before the last)."""
        title = self.cover_title(document, variant)
        contents = [Section("目录", contents_lines(document))]
        way = variant.cover
        if way == "as_published":
            way = "page" if "、" not in document.source_name else "over_contents"
        parts = []
        if way == "page":
            parts.append(Cover([CoverLine(line, 1.6) for line in title]))
        elif way == "over_contents":
            contents.insert(0, Section("".join(title)))
        overview = [Section("第一部分 部门概况", new_page=True), *profile_sections(document)]
        parts.append(Narrative([*contents, *overview]))
        parts.append(Narrative(explanation(document)))
        return parts

    def cover_title(self, document, variant):
        """The title's lines: the department and “2018年度部门预算公开”, or the year first."""
        owner = document.organisation.name
        year = variant.year_word(document.year)
        if variant.cover_name_first:
            return [owner, f"{year}部门预算{variant.published}"]
        return [f"{year}{owner}", f"部门预算{variant.published}"]

    def printed(self, table, document, variant):
        """A table as this family prints it; an empty one's “此表为空” in its grid."""
        printed = self.table_print(table, document)
        label, title = self.label_and_title(table, document, variant)
        printed.label, printed.title = label, title
        printed.stored_title = label + title
        printed.unit_line = (f"{variant.org_label}{document.organisation.name}", "单位：万元")
        note = printed.note
        for mark in ("此表为空", "（无）"):
            if note.startswith(mark) and not table.has_figures:
                printed.empty_text, printed.note = mark, note.removeprefix(mark).strip()
        return printed

    def label_and_title(self, table, document, variant):
        """(label, title) as the variant numbers and words them; as published, the stored
        title's numbering is its label."""
        stored = table.title
        match = LABEL_RE.match(stored)
        label = match.group(0) if match else ""
        title = stored[len(label) :]
        wording = variant.titles
        if wording != "as_published":
            layout = next(t for t in LAYOUTS[document.template.code].tables if t.kind == table.kind)
            title = (
                OTHER_TITLES.get(table.kind, layout.title) if wording == "other" else layout.title
            )
        numbering = variant.numbering
        if numbering == "as_published":
            return label, title
        title = re.sub(rf"^[{CHINESE}]+、", "", title)
        number = int(table.number)
        if numbering == "none":
            return "", title
        if numbering == "一、":
            return "", f"{chinese(number)}、{title}"
        return numbering.format(chinese(number) if "{}" in numbering else number), title


def dated(prints, year):
    """A tables file without a cover states its year where documents do: in the title of
    its 政府采购预算表 (“2019年政府采购预算表”), unless a title states it already."""
    if any(re.search(r"20\d{2}\s*年", printed.title) for printed in prints):
        return
    last = prints[-1]
    ordinal = re.match(rf"^(?:[{CHINESE}]+、)?", last.title).group(0)
    last.title = f"{ordinal}{year}年{last.title[len(ordinal) :]}"
    last.stored_title = last.label + last.title


def chinese(number):
    return CHINESE[number - 1] if number <= 10 else f"十{CHINESE[number - 11]}"


def contents_lines(document):
    """The 目录: the four parts and the twelve tables (lines without a ruled grid)."""
    layout = LAYOUTS[document.template.code]
    year = f"{document.year}年度"
    lines = ["第一部分 部门概况", "一、主要职能", "二、部门机构设置及预算单位构成情况"]
    lines.append(f"三、{year}部门主要工作任务及目标")
    lines.append(f"第二部分 {year}部门预算表")
    lines += [f"{chinese(i)}、{table.title}" for i, table in enumerate(layout.tables, 1)]
    lines += [f"第三部分 {year}部门预算情况说明", "第四部分 名词解释"]
    return lines


def profile_sections(document):
    """部门概况 from the organisation's profile of the year (what the facts hold of it)."""
    profile = document.organisation.profiles.filter(year=document.year).first()
    duties = []
    history = ""
    if profile is not None:
        duties = [*lines_of(profile.duties_intro)]
        duties += [f"{item.number}. {item.text}" for item in profile.items.filter(kind="duty")]
        history = profile.history
    return [
        Section("一、主要职能", duties, centred=False),
        Section("二、部门机构设置及预算单位构成情况", lines_of(history), centred=False),
    ]


def lines_of(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def explanation(document):
    """第三部分 情况说明, each passage's statements as the document stated them, then
    第四部分 名词解释."""
    statements = {s.subject: s for s in document.statements.all()}
    lead = f"{document.organisation.name}{document.year}年度部门预算"
    sections = [Section(f"第三部分 {lead}情况说明", new_page=True)]
    for heading, subjects in PASSAGES:
        stated = [statements[subject] for subject in subjects if subject in statements]
        if stated:
            text = "".join(sentence(s) for s in stated)
            sections.append(Section(heading, [f"{lead}：{text}"], centred=False))
    glossary = lines_of(document.glossary)
    sections.append(Section("第四部分 名词解释", glossary, new_page=bool(glossary)))
    return sections


def report_cover(document):
    """The province's cover of a tables file: “江苏省2018年度 / 省级部门预算公开报表”."""
    owner = document.organisation.name
    return Cover(
        [
            CoverLine(f"江苏省{document.year}年度", 1.4),
            CoverLine("省级部门预算公开报表", 1.6),
            CoverLine(f"部门：{owner}", 1.0, gap=3.0, title=False),
            CoverLine("江苏省财政厅印制", 1.0, gap=6.0, title=False),
        ]
    )


STYLE = JiangsuStyle()
