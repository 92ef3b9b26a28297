"""What a document keeps of the blank template it was written from: placeholders, the
template's instructions to the writer, and alternatives the writer was to choose between."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, WARNING, Hit, Rule
from ..text import excerpt

#: “XX”, “XXX局”, “××”, “＊＊”, “某某”: the blank template's stand-ins for a name or figure.
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|[×＊*]{2,}|某某|○{2,}")

#: The template's instructions to whoever fills it in (附件2：部门决算模板 and its kin), and
#: editing notes, none of which a published document prints.
INSTRUCTIONS = (
    "如持平作持平表述",
    "不涉及的不列",
    "按上述格式依次说明",
    "不用说明变动原因",
    "由主管部门根据三定方案",
    "（制度名称）",
    "作下述说明",
    "仍保留该表格式",
    "本部分内容为“机构设置”",
    "列明公务用车购置数量",
    "列明公务接待批次",
    "保留事业收入的名词解释",
    "（增加内容）",
    "（此处填写",
    "（请填写",
)
INSTRUCTION = re.compile("|".join(re.escape(phrase) for phrase in INSTRUCTIONS))

#: A change worded both ways, as the template offers it: “增加（减少）”, “增长（下降）”.
DIRECTIONS = "增加|减少|增长|下降|降低|上升|大于|小于|高于|低于"
ALTERNATIVE = re.compile(rf"(?P<first>{DIRECTIONS})（(?P<second>{DIRECTIONS})）")


def per_sentence(context, pattern, message, keep=lambda match: True):
    """One hit per sentence in which ``pattern`` matches, naming every match (``message``
    formats them as “%(found)s”)."""
    hits = []
    for sentence in context.text.sentences:
        found = [match for match in pattern.finditer(sentence.text) if keep(match)]
        if found:
            names = "、".join(dict.fromkeys(f"“{match.group()}”" for match in found))
            hits.append(
                Hit(
                    message % {"found": names},
                    text=excerpt(sentence.text, found[0].start(), found[0].end()),
                    **context.text.where(sentence.start + found[0].start()),
                )
            )
    return hits


def placeholders(context):
    return per_sentence(context, PLACEHOLDER, _("占位符%(found)s未替换为实际内容。"))


def instructions(context):
    return per_sentence(context, INSTRUCTION, _("模板的填写说明%(found)s留在了公开文本中。"))


def alternatives(context):
    return per_sentence(
        context,
        ALTERNATIVE,
        _("%(found)s：模板给出的两种表述未选定，应按数字写明其一（或写“持平”）。"),
        keep=lambda match: match.group("first") != match.group("second"),
    )


RULES = [
    Rule(
        id="T01",
        severity=ERROR,
        title=gettext_lazy("占位符未替换"),
        description=gettext_lazy(
            "空白模板用“XX”“XXX万元”“××”“＊＊”“某某”代替单位名称和数字。公开文件中仍留有这些"
            "占位符，说明相应的名称或数字没有填写，读者无从得知实际内容。每句报告一次。"
        ),
        check=placeholders,
        example=gettext_lazy(
            "第3页：占位符“XX”未替换为实际内容。（“上海市XX局2024年度收入支出总计…”）"
        ),
    ),
    Rule(
        id="T02",
        severity=WARNING,
        title=gettext_lazy("模板填写说明未删除"),
        description=gettext_lazy(
            "部门决算模板在正文中夹有给填写人的说明，如“（如持平作持平表述）”“（不涉及的不列）”"
            "“按上述格式依次说明到各项级科目”“无……的部门，作下述说明”，以及“（增加内容）”一类编辑"
            "批注。这些文字应在公开前删除；留在文中不改变数字，故为提示。"
        ),
        check=instructions,
        example=gettext_lazy("第12页：模板的填写说明“如持平作持平表述”留在了公开文本中。"),
    ),
    Rule(
        id="T03",
        severity=WARNING,
        title=gettext_lazy("增减表述未选定"),
        description=gettext_lazy(
            "模板写作“增加（减少）XXX万元，增长（下降）XX%”，由填写人按实际数字选定其一，持平时"
            "写“持平”。文中原样保留两种表述，读者须自行从数字判断方向。数字本身未必有误，故为提示。"
        ),
        check=alternatives,
        example=gettext_lazy(
            "第8页：“增加（减少）”：模板给出的两种表述未选定，应按数字写明其一（或写“持平”）。"
        ),
    ),
]
