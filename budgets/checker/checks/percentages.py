"""A stated percentage against the one computed from the figures in the same sentence.

Three kinds are computed: a change (“比…增加…%”, “增长…%”) from the base and the compared
amount, or from the amount and its stated change; a completion rate (“完成年初预算的…%”)
from the 决算 and its budget; a share (“…，占…%”) from the part and the whole stated before
“其中”/“主要用于以下方面”/“包括”. A sentence whose figures do not determine the percentage
(the whole is in another table: “占本年支出合计的100%”) is left alone.

Each printed figure stands for any value that rounds to it, so the computed percentage is a
range; a stated percentage that rounds a value in that range agrees. One off by a unit of its
own last place (10.158…% printed 10.15%, shares nudged to total 100%, 29.15% stated as 30%)
is a question of rounding, a 提示 (T09); any other is an error (T08).
"""

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, WARNING, Hit, Rule
from ..text import PERCENT, excerpt, figure
from .compared import SIGN, amounts_with_roles, label_of, pair_in

HUNDRED = Decimal(100)
COMPLETION = re.compile(r"完成了?(?:年初|全年)?预算数?的$")
CHANGE = re.compile(r"(?:增长|增加|减少|下降|降低|上升|增幅|降幅|减幅|涨幅)(?:了|为|达)?$")
SHARE = re.compile(r"占$")
#: Where a sentence turns from a whole to its parts.
PARTS_FOLLOW = re.compile(r"其中|主要用于以下方面|包括")
STARTS_COMPARED = re.compile(r"^(?:\d+[.．、])?(?:与|比|较)")


@dataclass(frozen=True)
class Computed:
    low: Decimal
    high: Decimal
    #: The figures it was computed from, as printed with their labels.
    figures: tuple


def bounds(function, *figures):
    """The range of ``function`` over every value each figure may round from; None where
    it is undefined (``function`` gives None: a base of zero or less)."""
    values = [
        function(*(f.wan + sign * f.half_step for f, sign in zip(figures, signs, strict=True)))
        for signs in itertools.product((-1, 1), repeat=len(figures))
    ]
    if any(value is None for value in values):
        return None
    return min(values), max(values)


def ratio(part, whole):
    """``part`` as a percentage of ``whole``; None for a whole of zero or less."""
    return None if whole <= 0 else part / whole * HUNDRED


def computed_change(sentence, clause, before, previous):
    """A change percentage: from the clause's base and compared amount, else from the one
    amount of the sentence (or of the sentence before it) and the change stated after it."""
    pair = pair_in(clause)
    if pair:
        base, compared = pair.bases[0], pair.compared
        found = bounds(lambda b, c: ratio(abs(c - b), b), base.figure, compared.figure)
        return found and Computed(*found, (base.described, compared.described))
    found = amounts_with_roles(before)
    changes = [amount for amount in found if amount.role == "change"]
    if not changes:
        return None
    change = changes[-1]
    subjects = [a for a in found if a.role != "change" and a.figure.end <= change.figure.start]
    if not subjects and STARTS_COMPARED.match(sentence) and previous is not None:
        subjects = amounts_with_roles(previous.text)
    if len(subjects) != 1:
        return None
    sign = SIGN[change.label.rstrip("了")[-2:]]
    subject = subjects[0]
    found = bounds(lambda s, c: ratio(c, s - sign * c), subject.figure, change.figure)
    return found and Computed(*found, (subject.described, change.described))


def computed_completion(clause):
    """A completion rate: the 决算 over each budget the clause states (年初, 全年)."""
    pair = pair_in(clause)
    if pair is None:
        return None
    ranges = [
        (found, base)
        for base in pair.bases
        if (found := bounds(ratio, pair.compared.figure, base.figure))
    ]
    if not ranges:
        return None
    low = min(found[0] for found, _base in ranges)
    high = max(found[1] for found, _base in ranges)
    return Computed(low, high, (pair.compared.described, *(base.described for _f, base in ranges)))


def computed_share(before):
    """The share of the last amount before the percentage in the whole stated before the
    nearest “其中”."""
    turns = list(PARTS_FOLLOW.finditer(before))
    if not turns:
        return None
    turn = turns[-1].start()
    found = amounts_with_roles(before)
    wholes = [amount for amount in found if amount.figure.end <= turn]
    parts = [amount for amount in found if amount.figure.start >= turn]
    if not wholes or not parts:
        return None
    whole, part = wholes[-1], parts[-1]
    found = bounds(ratio, part.figure, whole.figure)
    return found and Computed(*found, (part.described, whole.described))


@dataclass(frozen=True)
class Verdict:
    stated: object  # text.Figure
    written: str
    computed: Computed
    #: "rounded" (agrees), "near" (off in its last place) or "wrong".
    kind: str
    offset: int  # in the flat text


def verdict_of(stated, computed):
    """ "rounded" when ``stated`` rounds a value in the computed range, "near" when it is
    off by at most one unit of its last place more, else "wrong"."""
    unit = Decimal(10) ** -stated.places
    for kind, margin in (("rounded", unit / 2), ("near", unit * 3 / 2)):
        if stated.value - margin <= computed.high and stated.value + margin >= computed.low:
            return kind
    return "wrong"


def verdicts(context):
    """A Verdict for every percentage whose figures are in its sentence."""
    found = []
    for sentence in context.text.sentences:
        previous = context.text.previous(sentence)
        for match in PERCENT.finditer(sentence.text):
            computed = computed_for(sentence, match, previous)
            if computed is None:
                continue
            stated = figure(match)
            found.append(
                Verdict(
                    stated,
                    match.group(),
                    computed,
                    verdict_of(stated, computed),
                    sentence.start + match.start(),
                )
            )
    return found


def computed_for(sentence, match, previous):
    """The Computed percentage ``match`` should state, by the words before it (完成…预算的,
    增长, 占), or None."""
    text = sentence.text
    label = label_of(text, match.start())
    clause_start = text.rfind("；", 0, match.start()) + 1
    clause = text[clause_start : match.start()]
    before = text[: match.start()]
    if COMPLETION.search(label):
        return computed_completion(clause)
    if CHANGE.search(label):
        return computed_change(text, clause, before, previous)
    if SHARE.search(label):
        return computed_share(before)
    return None


def shown(value, places):
    """A computed percentage to the stated places, at least two."""
    return f"{value.quantize(Decimal(10) ** -max(places, 2))}%"


def hit(context, verdict, message):
    flat = context.text.flat
    return Hit(
        message,
        text=excerpt(flat, verdict.offset, verdict.offset + len(verdict.written), margin=60),
        figures=(*verdict.computed.figures, verdict.written),
        **context.text.where(verdict.offset),
    )


def wrong_percentages(context):
    hits = []
    for verdict in verdicts(context):
        if verdict.kind != "wrong":
            continue
        computed = verdict.computed
        middle = (computed.low + computed.high) / 2
        message = _("所述%(stated)s与按所述数字计算的%(computed)s不符（%(figures)s）。") % {
            "stated": verdict.written,
            "computed": shown(middle, verdict.stated.places),
            "figures": "，".join(computed.figures),
        }
        hits.append(hit(context, verdict, message))
    return hits


def near_percentages(context):
    hits = []
    for verdict in verdicts(context):
        if verdict.kind != "near":
            continue
        middle = (verdict.computed.low + verdict.computed.high) / 2
        places = verdict.stated.places
        message = _(
            "所述%(stated)s与按所述数字计算的%(computed)s差在末位（四舍五入应为%(rounded)s）。"
        ) % {
            "stated": verdict.written,
            "computed": f"{middle.quantize(Decimal(10) ** -(places + 2))}%",
            "rounded": f"{middle.quantize(Decimal(10) ** -places)}%",
        }
        hits.append(hit(context, verdict, message))
    return hits


RULES = [
    Rule(
        id="T08",
        severity=ERROR,
        title=gettext_lazy("百分比与所述数字不符"),
        description=gettext_lazy(
            "同一句写出计算百分比所需的数字时，按这些数字重算：变化幅度 = 变化额 ÷ 上年数（上年数"
            "由本年数和变化额推出，或句中直接写出），完成率 = 决算数 ÷ 预算数，占比 = 分项 ÷ “其中”"
            "前的合计。每个印出的数都按其小数位可能有舍入，所得是一个范围；所述百分比按其自身的"
            "小数位与该范围相差超过末位一个单位的，报告错误。"
        ),
        check=wrong_percentages,
        example=gettext_lazy(
            "第21页：所述71.73%与按所述数字计算的71.65%不符（一般公共服务支出（类）2106.66万元，"
            "一般公共预算财政拨款支出2940.05万元）。"
        ),
    ),
    Rule(
        id="T09",
        severity=WARNING,
        title=gettext_lazy("百分比末位不符"),
        description=gettext_lazy(
            "所述百分比与按同句数字计算的结果只差末位一个单位：截去尾数而非四舍五入（10.158%写作"
            "10.15%）、为凑足100%调整了某一项占比，或取整过粗（29.15%写作30%）。数值并无实质出入，"
            "故为提示。"
        ),
        check=near_percentages,
        example=gettext_lazy(
            "第10页：所述10.15%与按所述数字计算的10.1581%差在末位（四舍五入应为10.16%）。"
        ),
    ),
]
