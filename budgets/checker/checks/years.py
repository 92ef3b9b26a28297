"""Years that contradict the document's own (its cover's): the document naming itself or its
reporting date with another year, and a comparison made with a year other than the last.

Mentions of other years are legitimate and common: the prior year is the comparison base of
every stated change (“比2023年预算增加”, “与2023年度相比”, “2023年当年预算执行数为…”), past
events are dated (“自2017年7月起”), documents are cited (“《关于2017年省级部门预算的批复》”),
and plans run over several years (“2017-2019年财政规划”). So a year is only checked where
its role is clear: naming the document's own budget or 决算, the date its assets are counted
at, or the base of a comparison.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, Hit, Rule
from ..text import excerpt


def year_pattern(name="year"):
    """A year printed as such (“2024年”), not the end of a range (“2017-2019年”)."""
    return rf"(?<![\d.,\-－—~～])(?P<{name}>(?:19|20)\d{{2}})年"


#: The document naming its own stage with a year: “2023年度部门决算情况说明”, “2025年预算”.
OWN_STAGE = re.compile(
    year_pattern() + r"度?(?P<middle>[^，。；：、\d“”（）《》]{0,16}?)(?P<stage>预算|决算)"
)
#: What before a year makes it the base of a comparison or a past event, not the document.
COMPARED_BEFORE = re.compile(r"(?:比|较|与|同|对比|纳入|自|从|截至|截止)[^，。；]{0,4}$")
#: After the stage: the prior year's execution, figures or adjustments (“2023年预算执行数”,
#: “2023年预算调整”), not the document.
OTHER_AFTER = re.compile(r"^(?:执行|数|相比|调整|批复|结转|结余)")
#: Assets counted at a date: a 决算 at its own year's end, a budget in the year before it or
#: its own.
AS_AT = re.compile(
    r"(?:截至|截止)(?:到|至)?" + year_pattern() + r"(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
)
#: The base of a comparison: “比2023年预算”, “与2023年度相比”, “2023年当年预算执行数”.
BASE = re.compile(
    r"(?:比|较|与|同|对比)(?:上年|上一年度?)?"
    + year_pattern("base")
    + r"|"
    + year_pattern("executed")
    + r"度?(?:当年)?预算执行数"
)
STAGE_WORDS = {"budget": "预算", "final_accounts": "决算"}


def cited(text, offset):
    """Whether ``offset`` lies inside a cited title (《…》)."""
    return text.rfind("《", 0, offset) > text.rfind("》", 0, offset)


def own_stage_years(context):
    """The document named with a year not its own (“2023年度部门决算情况说明” in 2024's)."""
    flat, year = context.text.flat, context.year
    stage = STAGE_WORDS[context.identity.stage]
    hits = []
    for match in OWN_STAGE.finditer(flat):
        found = int(match.group("year"))
        if found == year or match.group("stage") != stage or cited(flat, match.start()):
            continue
        before = flat[max(0, match.start() - 8) : match.start()]
        if COMPARED_BEFORE.search(before) or OTHER_AFTER.match(flat[match.end() :]):
            continue
        hits.append(year_hit(context, match, year, _("文件本身")))
    return hits


def as_at_years(context):
    """A date assets are counted at outside the document's period: a 决算's year-end must be
    its own year's; a budget counts them in the year before it or early in its own."""
    flat, year = context.text.flat, context.year
    hits = []
    for match in AS_AT.finditer(flat):
        found = int(match.group("year"))
        if context.is_final_accounts:
            wrong = (match.group("month"), match.group("day")) == ("12", "31") and found != year
        else:
            wrong = found not in (year - 1, year)
        if wrong:
            hits.append(year_hit(context, match, year, _("统计截止日期")))
    return hits


def year_hit(context, match, year, what):
    flat = context.text.flat
    stage = STAGE_WORDS[context.identity.stage]
    return Hit(
        _("%(what)s的年度与文件不符：文件是%(year)s年%(stage)s，此处写作“%(text)s”。")
        % {"what": what, "year": year, "stage": stage, "text": match.group()},
        text=excerpt(flat, match.start(), match.end()),
        figures=(f"{match.group('year')}年",),
        **context.text.where(match.start()),
    )


def document_years(context):
    if context.identity is None:
        return []
    return own_stage_years(context) + as_at_years(context)


def comparison_years(context):
    """Each comparison whose base is not the year before the document's."""
    if context.identity is None:
        return []
    flat, expected = context.text.flat, context.year - 1
    return [
        Hit(
            _("比较的基数应为上一年（%(expected)s年），此处写作“%(text)s”。")
            % {"expected": expected, "text": match.group()},
            text=excerpt(flat, match.start(), match.end()),
            figures=(f"{found}年",),
            **context.text.where(match.start()),
        )
        for match in BASE.finditer(flat)
        if (found := int(match.group("base") or match.group("executed"))) != expected
    ]


RULES = [
    Rule(
        id="T04",
        severity=ERROR,
        title=gettext_lazy("年度与文件不符"),
        description=gettext_lazy(
            "封面写明文件的年度。正文以别的年度称呼文件本身（如2024年决算中的“2023年度部门决算"
            "情况说明”、2024年预算中的“2025年预算”），或资产统计截止日与文件年度不符（决算应截至"
            "本年12月31日，预算截至上一年或本年）的，报告错误。作为比较基数、过去事件或引用文件"
            "名称中的其他年度（“比2023年增加”“自2017年7月起”“《关于2017年…的批复》”）不在此列。"
        ),
        check=document_years,
        example=gettext_lazy(
            "第17页：文件本身的年度与文件不符：文件是2024年决算，此处写作“2023年度部门决算”。"
        ),
    ),
    Rule(
        id="T05",
        severity=ERROR,
        title=gettext_lazy("比较年度不是上一年"),
        description=gettext_lazy(
            "说明中的增减变化都以上一年为基数（“比2023年预算增加”“与2023年度相比”“2023年当年"
            "预算执行数为”）。以本年或其他年度作基数的，数字的含义与文件矛盾：如2026年预算写"
            "“比2026年预算增加793.14万元”。"
        ),
        check=comparison_years,
        example=gettext_lazy("第5页：比较的基数应为上一年（2025年），此处写作“比2026年”。"),
    ),
]
