"""The figures a sentence compares: which amount is the base (the prior year's, the budget a
决算 is measured against), which the amount compared with it, which the stated change, and
the word that states the direction.

An amount's role is read from the words just before it (its label, back to the last
punctuation): “2025年当年预算执行数为1690.69万元” is a base, “2026年预算安排1672.67万元”
and “支出决算为1511.89万元” are compared with one, “增加793.14万元” is a change. A sentence
whose amounts have no such labels (“基本支出7666.68万元，与上年相比增加…”) has no base.
"""

import re
from dataclasses import dataclass

from ..text import AMOUNT, Figure, figure

INCREASE = ("增加", "增长", "上升", "提高", "大于", "高于", "超过", "多于")
DECREASE = ("减少", "下降", "降低", "小于", "低于", "少于")
FLAT = ("持平", "一致", "相同", "相等", "不变", "等于")
SIGN = {**dict.fromkeys(INCREASE, 1), **dict.fromkeys(DECREASE, -1), **dict.fromkeys(FLAT, 0)}

BASE_LABEL = re.compile(
    r"(?:上年|上一年度?|(?:19|20)\d{2}年度?(?:当年)?(?:预算)?执行数|(?:年初|全年|调整)预算数?)"
    r"(?:为|是)?$"
)
COMPARED_LABEL = re.compile(
    r"(?:本年|今年|(?:19|20)\d{2}年度?预算安排|预算安排|支出决算数?|决算数?)(?:为|是)?$"
)
CHANGE_LABEL = re.compile("(?:" + "|".join(INCREASE + DECREASE) + r")了?$")
#: What ends an amount's label.
LABEL_START = "，。；：、,;:"

#: A stated direction against a base: “比2023年预算执行数增加”, “与上年相比，…各增加”.
COMPARISON = re.compile(
    r"(?:比|较|与|同)[^。；]{0,30}?(?P<word>"
    + "|".join(INCREASE[:4] + DECREASE[:3] + FLAT[:5])
    + ")"
)
#: A 决算 set against its budget: “决算数小于预算数”, “决算数与预算数基本持平”.
AGAINST_BUDGET = re.compile(
    r"(?:决算数?|本年数?)(?P<word>大于|小于|等于|高于|低于|超过|多于|少于)(?:年初|全年|上年)?预算数?"
    r"|决算数?与(?:年初|全年)?预算数?(?P<roughly>基本)?(?P<flat>持平|一致|相同|相等)"
)


@dataclass(frozen=True)
class Amount:
    figure: Figure
    label: str
    #: "base", "compared", "change" or "" (a figure whose role the words do not say).
    role: str
    #: The amount as printed (“1,690.69万元”).
    written: str

    @property
    def described(self):
        """Its label and the amount, as printed (“2025年当年预算执行数为1690.69万元”)."""
        return self.label + self.written


def label_of(text, start):
    """The words before ``text[start]`` back to the last punctuation."""
    cut = max(text.rfind(mark, 0, start) for mark in LABEL_START)
    return text[cut + 1 : start]


def role_of(label):
    if CHANGE_LABEL.search(label):
        return "change"
    if BASE_LABEL.search(label):
        return "base"
    if COMPARED_LABEL.search(label):
        return "compared"
    return ""


def amounts_with_roles(text):
    found = []
    for match in AMOUNT.finditer(text):
        label = label_of(text, match.start())
        amount = figure(match, match.group("unit"))
        found.append(Amount(amount, label, role_of(label), match.group()))
    return found


@dataclass(frozen=True)
class Pair:
    """The bases (a 决算 may state 年初 and 全年 budgets) and the amount compared with them."""

    bases: list
    compared: Amount


def pair_in(text):
    """The Pair ``text`` states, or None when it states no base or nothing compared."""
    found = amounts_with_roles(text)
    bases = [amount for amount in found if amount.role == "base"]
    compared = [amount for amount in found if amount.role == "compared"]
    return Pair(bases, compared[0]) if bases and compared else None


@dataclass(frozen=True)
class Direction:
    word: str
    sign: int
    start: int
    end: int
    #: “基本持平”: roughly equal, by no stated measure.
    roughly: bool = False


def directions(text):
    """Every direction ``text`` states against a base, in order."""
    found = [
        Direction(match.group("word"), SIGN[match.group("word")], *match.span("word"))
        for match in COMPARISON.finditer(text)
    ]
    for match in AGAINST_BUDGET.finditer(text):
        group = "word" if match.group("word") else "flat"
        word = match.group(group)
        found.append(Direction(word, SIGN[word], *match.span(group), bool(match.group("roughly"))))
    return sorted(found, key=lambda direction: direction.start)


def clauses(sentence):
    """(offset, clause) of a sentence's clauses (split at “；”)."""
    offset = 0
    for clause in re.split(r"(?<=；)", sentence):
        if clause:
            yield offset, clause
        offset += len(clause)
