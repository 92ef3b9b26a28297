"""A total and the parts the next words list “其中” (of it): 政府采购 by goods, works and
services; vehicles by kind; 绩效自评 projects by rating; problems found by whether they are
put right. The parts of each are the whole template's list, so they sum to the total."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, Hit, Rule
from ..text import AMOUNT, excerpt, figure

AMOUNT_TEXT = AMOUNT.pattern.replace("?P<number>", "?:").replace("?P<unit>", "?:")


@dataclass(frozen=True)
class Breakdown:
    what: object
    whole: re.Pattern
    part: re.Pattern
    #: Amounts (rounded as printed) or counts (exact).
    amounts: bool = True


BREAKDOWNS = (
    Breakdown(
        gettext_lazy("政府采购"),
        re.compile(
            r"政府采购[^。；]{0,40}?(?P<total>"
            + AMOUNT_TEXT
            + r")[，,]?。?其中[:：，,]?(?P<parts>[^。]+)"
        ),
        re.compile(r"(?P<name>货物|工程|服务)[^、，。；\d]{0,10}?(?P<value>" + AMOUNT_TEXT + ")"),
    ),
    Breakdown(
        gettext_lazy("车辆"),
        re.compile(r"车辆(?P<total>\d+)辆[，,。]?其中[:：，,]?(?P<parts>[^。；]+)"),
        re.compile(r"(?P<name>[\u4e00-\u9fff]{0,8}用车)(?P<value>\d+)辆"),
        amounts=False,
    ),
    Breakdown(
        gettext_lazy("绩效自评项目"),
        re.compile(
            r"绩效自评的(?:\d{4}年度?)?项目(?P<total>\d+)个[^。]*?其中[，,：:]?(?P<parts>[^。）)]+)"
        ),
        re.compile(r"(?P<name>绩效评级为“[^”]+”)的项目(?P<value>\d+)个"),
        amounts=False,
    ),
    Breakdown(
        gettext_lazy("绩效自评发现的问题"),
        re.compile(r"共发现问题(?P<total>\d+)个[，,](?P<parts>[^。）)]+)"),
        re.compile(r"(?P<name>已经?完成整改|正在整改)的(?P<value>\d+)个"),
        amounts=False,
    ),
)


def value_of(text, amounts):
    """(value, half its last printed place) of an amount (in 万元) or a count."""
    if not amounts:
        return Decimal(text), Decimal(0)
    found = figure(AMOUNT.fullmatch(text), AMOUNT.fullmatch(text).group("unit"))
    return found.wan, found.half_step


def unbalanced(context):
    """Each listed total whose parts (two or more) do not add up to it."""
    flat = context.text.flat
    hits = []
    for breakdown in BREAKDOWNS:
        for match in breakdown.whole.finditer(flat):
            parts = list(breakdown.part.finditer(match.group("parts")))
            if len(parts) < 2:
                continue
            total, slack = value_of(match.group("total"), breakdown.amounts)
            values = [value_of(part.group("value"), breakdown.amounts) for part in parts]
            slack += sum(half for _value, half in values)
            if abs(sum(value for value, _half in values) - total) <= slack:
                continue
            listed = [part.group("name") + part.group("value") for part in parts]
            hits.append(
                Hit(
                    _("%(what)s合计%(total)s，其中各项（%(parts)s）之和为%(sum)s。")
                    % {
                        "what": breakdown.what,
                        "total": match.group("total"),
                        "parts": "、".join(listed),
                        "sum": sum_text(values, breakdown.amounts),
                    },
                    text=excerpt(flat, match.start(), match.end(), margin=10),
                    figures=(match.group("total"), *listed),
                    **context.text.where(match.start()),
                )
            )
    return hits


def sum_text(values, amounts):
    total = sum(value for value, _half in values)
    return f"{total:.2f}万元" if amounts else str(total)


RULES = [
    Rule(
        id="T12",
        severity=ERROR,
        title=gettext_lazy("分项之和与合计不符"),
        description=gettext_lazy(
            "模板规定的几处“合计……其中……”：政府采购金额＝货物＋工程＋服务；车辆总数＝各类用车"
            "之和；绩效自评项目数＝评为优、良、合格、不合格的项目数之和；发现问题数＝已完成整改"
            "＋正在整改。分项之和与合计不等（金额按印出的小数位允许舍入差）的，报告错误。"
        ),
        check=unbalanced,
        example=gettext_lazy(
            "第24页：政府采购合计251.25万元，其中各项（货物4.79万元、工程0万元、服务240.47万元）"
            "之和为245.26万元。"
        ),
    ),
]
