"""How a Shanghai budget (上海 区级/市级 部门/单位预算) prints: its cover, its narrative's
sections, each table's title, unit line and header, and each project's 项目经费情况说明
and 财政项目支出绩效目标填报表, as the 普陀区 documents do.

The cover names the city, district, year, level and scope (“上海市普陀区2025年区级部门预算”)
over “预算主管部门：…” (or “预算单位：…”); the narrative's sections are headed as the
reader (``importers.narrative``) knows them; every page is landscape A4 but the forms,
which are portrait; every figure grouped in thousands.
"""

from django.utils import translation

from budgets.disclosures.models import Document
from budgets.disclosures.tables import HeaderCell
from budgets.performance.models import Goal, TargetSet
from budgets.rendering.amounts import exact_wan, format_amount
from budgets.rendering.draw import Cover, CoverLine, Narrative, Section, Tables
from budgets.rendering.form import Form, FormBlock, FormList
from budgets.rendering.grid import Cell
from budgets.rendering.sheet import LANDSCAPE
from budgets.rendering.style import FamilyStyle, sentence

#: The band a function or economic table prints over its columns: (left, right) labels.
BANDS = {
    "revenue_by_function": "收入预算",
    "expenditure_by_function": "支出预算",
    "general_public_basic_project_by_function": "一般公共预算支出",
    "government_fund_by_function": "政府性基金预算支出",
    "state_capital_by_function": "国有资本经营预算支出",
    "general_public_basic_by_dept_economic": "一般公共预算基本支出",
}
#: Statement topics stated before the tables (预算编制说明).
HEADLINE_TOPICS = ("revenue", "expenditure")
#: A project stored under the bare heading was printed without its name.
BARE_HEADING = "项目经费情况说明"
#: The 绩效目标填报表's title, printed in its first cell (``project_forms`` finds it so).
FORM_TITLE = "财政项目支出绩效目标填报表"


class ShanghaiBudgetStyle(FamilyStyle):
    knobs = {
        # 宋体 titles, tables narrower than the page in 10.5 pt, as the 普陀区 documents.
        "title_font": ("uming", "zenhei", "ukai"),
        "cell_size": (10.5, 9.0, 10.0),
        "full_width": (False, True),
        "orientation": ("landscape",),
        "grouping": (True,),
        "page_number": ("{n}", "- {n} -", "— {n} —"),
        "cover_wording": ("plain", "annual"),
    }

    def files(self, document, tables, variant):
        before, after = self.narrative(document, variant)
        prints = [self.table_print(table, document) for table in tables]
        parts = [self.cover(document, variant), before, Tables(prints), after]
        parts += project_parts(document)
        return [(f"{document.title}.pdf", parts)]

    def cover(self, document, variant):
        region = document.organisation.region
        place = region.name if region.level == "province" else f"{region.parent.name}{region.name}"
        level = "市级" if region.level == "province" else "区级"
        year = variant.year_word(document.year)
        title = f"{place}{year}{level}{document.get_scope_display()}预算"
        kind = "预算单位" if document.scope == Document.Scope.UNIT else "预算主管部门"
        owner = f"{kind}：{document.organisation.name}"
        lines = [CoverLine(title, 2.0), CoverLine(owner, 1.0, gap=3.5, title=False)]
        if variant.cover_name_first:
            lines = [CoverLine(owner, 1.0, title=False), CoverLine(title, 2.0, gap=2.0)]
        return Cover(lines, LANDSCAPE)

    def narrative(self, document, variant):
        """(the sections before the tables, 其他相关情况说明 after them)."""
        name = document.organisation.name
        scope = document.get_scope_display()
        profile = document.organisation.profiles.filter(year=document.year).first()
        statements = list(document.statements.all())
        before = [
            Section("目录", contents(document, scope)),
            Section(f"{name}主要职能", duties(profile), new_page=True),
            Section(f"{name}机构设置", paragraphs(profile.history if profile else ""), True),
            Section("名词解释", paragraphs(document.glossary), new_page=True),
            Section(f"{document.year}年{scope}预算编制说明", explanation(statements), True),
        ]
        after = [Section("其他相关情况说明", other(document, statements, profile), True)]
        return Narrative(before, LANDSCAPE), Narrative(after, LANDSCAPE)

    def label(self, table):
        return ""

    def unit_line(self, table, document):
        kind = "编制单位" if document.scope == Document.Scope.UNIT else "编制部门"
        return (f"{kind}：{document.organisation.name}", f"单位：{table.amount_unit}")

    def header(self, table):
        """The declared header under a band “项目 | 收入预算” where the documents print one."""
        rows = table.header()
        band = BANDS.get(table.kind)
        if not band:
            return rows
        labels = sum(len(column.code_parts) or 1 for column in table.columns[:2])
        top = [HeaderCell("项目", colspan=labels), HeaderCell(band, colspan=len(table.columns) - 2)]
        return [top, *rows]


def contents(document, scope):
    """The 目录 (the reader passes over a page that starts with it)."""
    year = document.year
    tables = [
        f"{number}.{year}年{scope}{table.title}"
        for number, table in enumerate(document.template.tables.all(), 1)
    ]
    return [
        f"一、{scope}主要职能",
        f"二、{scope}机构设置",
        "三、名词解释",
        f"四、{scope}预算编制说明",
        f"五、{scope}预算表",
        *tables,
        "六、其他相关情况说明",
        "七、项目经费情况说明",
    ]


def paragraphs(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def duties(profile):
    if profile is None:
        return []
    items = profile.items.filter(kind="duty").order_by("number")
    return [*paragraphs(profile.duties_intro), *(f"{item.number}.{item.text}" for item in items)]


def explanation(statements):
    """The headline figures in one paragraph, the reason the 财政拨款 changed, then
    “主要内容如下：” and the numbered items, as the reader (``read_explanation``) reads them."""
    headline = [s for s in statements if s.topic in HEADLINE_TOPICS]
    items = [s for s in statements if s.topic.startswith("function:")]
    text = []
    if headline:
        text.append("，".join(s.quote or sentence(s).rstrip("。") for s in headline) + "。")
    fiscal = next(
        (s for s in headline if s.subject.startswith("财政拨款") and s.direction and s.reason),
        None,
    )
    if fiscal is not None:
        change = fiscal.get_direction_display()
        text.append(f"财政拨款收入支出{change}的主要原因是{fiscal.reason}。")
    if items:
        text.append("财政拨款支出主要内容如下：")
        text += [f"{number}. {sentence(s)}" for number, s in enumerate(items, 1)]
    return text


def other(document, statements, profile):
    """其他相关情况说明 in its five parts, as the documents number them: 三公, 机关运行经费,
    政府采购, 绩效目标, 国有资产; a part the document does not state is left out."""
    year, text = document.year, []
    parts = (
        (f"{year}年“三公”经费预算情况说明", stated(statements, "three_public")),
        ("机关运行经费预算", stated(statements, "administrative_running")),
        ("政府采购预算情况", procurement(document)),
        ("绩效目标设置情况", stated(statements, "performance_coverage")),
        ("国有资产占有使用情况", assets(document, profile)),
    )
    present = [(heading, lines) for heading, lines in parts if lines]
    for number, (heading, lines) in enumerate(present):
        text.append(f"{ORDINALS[number]}、{heading}")
        text += lines
    return text


ORDINALS = "一二三四五六七八九十"


def stated(statements, topic):
    return [sentence(s) for s in statements if s.topic == topic]


def procurement(document):
    """The 政府采购 sentences from the stored figures (``read_procurement`` reads them)."""
    stored = document.procurements.first()
    if stored is None:
        return []
    year, who = document.year, "本部门" if document.scope == "department" else "本单位"
    parts = [
        f"政府采购{name}预算{exact_wan(amount)}万元"
        for name, amount in (
            ("货物", stored.goods),
            ("工程", stored.works),
            ("服务", stored.services),
        )
        if amount is not None
    ]
    lines = [
        f"{year}年{who}政府采购预算{exact_wan(stored.total)}万元"
        + (f"，其中：{'、'.join(parts)}。" if parts else "。")
    ]
    if stored.reserved_for_sme is not None:
        sme = exact_wan(stored.reserved_for_sme)
        line = f"{year}年{who}面向中小企业预留政府采购项目预算金额{sme}万元"
        if stored.reserved_for_small_micro is not None:
            small = exact_wan(stored.reserved_for_small_micro)
            line += f"，其中，预留给小型和微型企业的政府采购项目预算为{small}万元"
        lines.append(line + "。")
    return lines


def assets(document, profile):
    """Vehicles held and to be bought by category, and equipment over the threshold."""
    if profile is None or profile.assets_as_of is None:
        return []
    counts = list(profile.vehicle_counts.order_by("pk"))
    held = "、".join(f"{count.category}{count.held}辆" for count in counts)
    threshold = exact_wan(profile.equipment_threshold).removesuffix(".00")
    day = profile.assets_as_of
    lines = [
        f"截至{day.year}年{day.month}月{day.day}日，{document.organisation.name}共有车辆"
        f"{profile.vehicles}辆，其中：{held}；单价{threshold}万元（含）以上设备（不含车辆）"
        f"{profile.equipment_count}台（套）。"
    ]
    if profile.vehicles_planned is not None:
        planned = "、".join(f"{count.category}{count.planned or 0}辆" for count in counts)
        scope = document.get_scope_display()
        lines.append(
            f"{document.year}年{scope}预算安排购置车辆{profile.vehicles_planned}辆，其中：{planned}；"
            f"{scope}预算安排购置单价{threshold}万元（含）以上设备（不含车辆）"
            f"{profile.equipment_planned or 0}台（套）。"
        )
    return lines


# ---------------------------------------------------------------------------
# Projects: each 项目经费情况说明, then its 绩效目标填报表.


def project_parts(document):
    """For each project in order: its description (a Narrative) where it has one, and
    its form (a Form) where it has targets."""
    forms = {
        target.project_id: target
        for target in document.target_sets.filter(kind=TargetSet.Kind.PROJECT).prefetch_related(
            "goals", "indicators"
        )
    }
    parts = []
    for project in document.projects.order_by("position", "pk"):
        if project.description:
            heading = project.name if project.name == BARE_HEADING else project.name + BARE_HEADING
            parts.append(Narrative([Section(heading, paragraphs(project.description))], LANDSCAPE))
        if project.pk in forms:
            parts.append(target_form(document, forms[project.pk]))
    return parts


#: The form's eight columns: label, sub-label, two for a value, two for a sub-label, two
#: for a value.
SHARES = (1.3, 1.3, 1.0, 1.0, 1.1, 0.9, 1.0, 1.2)


def target_form(document, target):
    """A project's 绩效目标填报表 as 普陀区 prints it (labels ``project_forms.LABELS``)."""
    title = [
        Cell(FORM_TITLE, 0, 8, align="centre"),
        Cell(f"（{document.year}年度）", 0, 8, row=1, align="centre"),
    ]
    return Form(
        SHARES,
        [
            FormBlock(title + fields(target), 9),
            FormBlock(goals(target), 2),
            FormList(
                [
                    Cell(text, column, span, align="centre")
                    for text, column, span in (
                        ("一级指标", 1, 1),
                        ("二级指标", 2, 1),
                        ("三级指标", 3, 3),
                        ("年度(/项目)指标值", 6, 2),
                    )
                ],
                [(1, 1), (2, 1), (3, 3), (6, 2)],
                indicators(target),
                merged=(0, 1),
                label="绩效指标",
            ),
        ],
    )


def fields(target):
    """The rows of names, dates and 项目资金 (元), from the form's third row on."""

    def money(amount):
        return format_amount(amount, "元", 2)

    def day(date):
        return date.isoformat() if date else ""

    rows = [
        [("项目名称", 0, 1), (target.name, 1, 3), ("项目性质", 4, 1), (target.nature, 5, 1)]
        + [("项目类别", 6, 1), (target.category, 7, 1)],
        [("主管部门", 0, 1), (target.competent_department, 1, 3), ("实施单位", 4, 1)]
        + [(target.implementer, 5, 3)],
        [("计划开始日期", 0, 1), (day(target.start_date), 1, 3), ("计划完成日期", 4, 1)]
        + [(day(target.end_date), 5, 3)],
        [("项目资金总额", 1, 1), (money(target.period_total), 2, 2), ("年度资金申请总额", 4, 2)]
        + [(money(target.annual_total), 6, 2)],
        [("其中：当年财政拨款", 4, 2), (money(target.annual_fiscal), 6, 2)],
        [("上年结转资金", 4, 2), (money(target.annual_carryover), 6, 2)],
        [("其他资金", 1, 1), (money(target.period_other), 2, 2), ("其他资金", 4, 2)]
        + [(money(target.annual_other), 6, 2)],
    ]
    cells = [
        Cell(text, column, span, row=index + 2, align="centre")
        for index, row in enumerate(rows)
        for text, column, span in row
    ]
    cells.append(Cell("项目资金（元）", 0, rowspan=4, row=5, align="centre"))
    cells += [
        Cell("其中：财政资金", 1, rowspan=2, row=6, align="centre"),
        Cell(money(target.period_fiscal), 2, 2, rowspan=2, row=6, align="centre"),
    ]
    return cells


def goals(target):
    """项目总目标 and 年度总体目标 over their texts."""
    texts = {goal.horizon: goal.text for goal in target.goals.all()}
    return [
        Cell("项目绩效目标", 0, rowspan=2, align="centre"),
        Cell("项目总目标", 1, 4, align="centre"),
        Cell("年度总体目标", 5, 3, align="centre"),
        Cell(texts.get(Goal.Horizon.PERIOD, ""), 1, 4, row=1),
        Cell(texts.get(Goal.Horizon.ANNUAL, ""), 5, 3, row=1),
    ]


def indicators(target):
    """(一级指标, 二级指标, 三级指标, 指标值) of each indicator, in printed order."""
    with translation.override(None):
        return [
            (
                str(indicator.get_level1_display()),
                str(indicator.get_level2_display()),
                indicator.content,
                indicator.value,
            )
            for indicator in target.indicators.all()
        ]


STYLE = ShanghaiBudgetStyle()
