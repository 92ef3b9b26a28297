"""A stated change's wording (增加/减少/持平, 大于/小于/等于) and amount against the two
figures the same sentence states.

Printed figures are rounded, so a difference within half the last printed place of each
is no contradiction: “增加” over two equal printed figures may be a change below their
precision, and is left alone.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, Hit, Rule
from ..text import AMOUNT, excerpt, figure
from .compared import clauses, directions, pair_in

RELATION = {1: "大于", -1: "小于", 0: "等于"}
#: The change amount right after its direction word: “增加793.14万元”, “减少了20万元”.
CHANGE_AFTER = re.compile(r"^了?" + AMOUNT.pattern)


def stated_changes(context):
    """Each clause stating a direction against figures it (or, for a 决算's “决算数小于预算数”,
    the sentence before it) states."""
    hits = []
    for sentence in context.text.sentences:
        for offset, clause in clauses(sentence.text):
            found = directions(clause)
            if not found:
                continue
            pair = pair_in(clause)
            if pair is None and offset == 0:
                pair = pair_before(context, sentence)
            if pair is None:
                continue
            for direction in found:
                hits += judged(context, sentence, offset, clause, direction, pair)
    return hits


def pair_before(context, sentence):
    """The figures of the sentence before, when it states them and no direction of its own:
    “年初预算为…万元，支出决算为…万元。决算数小于预算数的主要原因：…”."""
    before = context.text.previous(sentence)
    if before is None or directions(before.text):
        return None
    return pair_in(before.text)


def judged(context, sentence, offset, clause, direction, pair):
    """A hit for a direction that no base supports, or for a change amount that is not the
    difference of the figures."""
    if direction.roughly:
        return []
    compared = pair.compared.figure
    gaps = [
        (compared.wan - base.figure.wan, compared.half_step + base.figure.half_step, base)
        for base in pair.bases
    ]
    found = wrong_direction(direction, pair, gaps) or wrong_change(clause, direction, pair, gaps)
    if found is None:
        return []
    message, figures = found
    return [
        Hit(
            message,
            text=excerpt(clause, direction.start, direction.end, margin=60),
            figures=figures,
            **context.text.where(sentence.start + offset + direction.start),
        )
    ]


def wrong_direction(direction, pair, gaps):
    """(message, figures) when no base's difference can have the stated direction."""
    if any(agrees(direction.sign, difference, tolerance) for difference, tolerance, _b in gaps):
        return None
    difference, _tolerance, base = gaps[0]
    message = _("写作“%(word)s”，但所述%(compared)s%(relation)s%(base)s。") % {
        "word": direction.word,
        "compared": pair.compared.described,
        "relation": RELATION[(difference > 0) - (difference < 0)],
        "base": base.described,
    }
    return message, (pair.compared.described, base.described)


def wrong_change(clause, direction, pair, gaps):
    """(message, figures) when the change stated after the direction word is no base's
    difference from the compared figure."""
    change = CHANGE_AFTER.match(clause[direction.end :])
    if change is None:
        return None
    stated = figure(change, change.group("unit"))
    if any(
        abs(abs(difference) - stated.wan) <= tolerance + stated.half_step
        for difference, tolerance, _base in gaps
    ):
        return None
    difference, _tolerance, base = gaps[0]
    message = _(
        "所述变化额%(stated)s与所述两数之差%(difference)s万元不符（%(compared)s，%(base)s）。"
    ) % {
        "stated": change.group().removeprefix("了"),
        "difference": f"{abs(difference):.2f}",
        "compared": pair.compared.described,
        "base": base.described,
    }
    return message, (pair.compared.described, base.described, change.group())


def agrees(sign, difference, tolerance):
    """Whether a stated direction (1 up, -1 down, 0 flat) can be true of figures whose
    printed difference is ``difference``, each rounded within ``tolerance`` in all."""
    if sign > 0:
        return difference >= -tolerance
    if sign < 0:
        return difference <= tolerance
    return abs(difference) <= tolerance


RULES = [
    Rule(
        id="T07",
        severity=ERROR,
        title=gettext_lazy("增减表述与所述数字不符"),
        description=gettext_lazy(
            "一句话同时写出比较的两个数（上年或预算数，与本年或决算数）和变化的方向时，方向应与"
            "两数一致：“增加”“大于”要求本年数大于基数，“减少”“小于”要求小于，“持平”“等于”要求"
            "相等；写出变化额的，变化额应等于两数之差。各数按印出的小数位四舍五入，差在舍入范围内"
            "的不报告；“基本持平”不核对。决算中“决算数小于预算数”一句核对上一句写出的两数。"
        ),
        check=stated_changes,
        example=gettext_lazy(
            "第14页：写作“增加”，但所述2026年预算安排170.03万元小于2025年当年预算执行数为241.76万元。"
        ),
    ),
]
