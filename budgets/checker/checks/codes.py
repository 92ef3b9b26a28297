"""An item the narrative names by its classification code, described by another code's name.

The narrative names a code with its name: “住房保障支出（221类）住房改革支出（02款）住房公积金
（01项）”, “30113住房公积金”, “住房公积金（30113）”. The names a code goes by are those the
national catalogue gives it (the committed 部门预算支出经济分类, the yearly catalogues in the
database, any year, since names change) and those the document's own tables print for it. A
name that is none of them but is exactly another code's is a slip: the item is described
as something else (30113 written as 事业单位医疗, which is 2101102). A name no catalogue knows
(a paraphrase) says nothing either way and is left alone.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.classifications.models import SCHEMES
from budgets.disclosures.catalogue import national_economic_names

from ..base import ERROR, PARSED, Hit, Rule
from ..text import excerpt

NAME = r"[\u4e00-\u9fff]+(?:（[\u4e00-\u9fff]+）[\u4e00-\u9fff]*)*"
#: What may follow a name written right after its code (“30113住房公积金主要用于…”), and
#: what may come before one written right before it (“主要用于住房公积金（30113）”).
AFTER = ("主要用于", "用于", "预算", "决算", "支出为", "为", "是")
BEFORE = ("主要用于", "用于", "其中", "中的", "的")
#: “公共安全支出（204类）司法（06款）行政运行（01项）”: each level's code in its brackets.
CODED_PATH = re.compile(
    rf"(?P<n1>{NAME})（(?P<c1>\d{{3}})类）(?P<n2>{NAME})（(?P<c2>\d{{2}})款）"
    rf"(?:(?P<n3>{NAME})（(?P<c3>\d{{2}})项）)?"
)
#: “30113住房公积金”: a code of a classification's length, its name right after it.
CODE_THEN_NAME = re.compile(
    r"(?<![\d.,])(?P<code>[235]\d{2}(?:\d{2}){0,2})(?![\d.,])(?P<name>" + NAME + ")"
)
#: “住房公积金（30113）”.
NAME_THEN_CODE = re.compile(r"(?P<name>" + NAME + r")（(?P<code>[235]\d{2}(?:\d{2}){0,2})）")


def catalogue(context):
    """{code: {names}} of every code the catalogues or the document's tables name."""
    names = defaultdict(set)
    for code, name in national_economic_names().items():
        names[code].add(name)
    for model in SCHEMES.values():
        for code, name in model.objects.values_list("code", "name"):
            names[code].add(name)
    parsed = context.parsed
    for printed in (parsed.function_names, parsed.economic_names):
        for code, name in printed.items():
            names[code].add(name)
    return names


def unified(name):
    return name.replace("(", "（").replace(")", "）")


class Names:
    """The catalogue of one document: a code's names, and the codes a name is of."""

    def __init__(self, by_code):
        self.by_code = {code: {unified(name) for name in names} for code, names in by_code.items()}
        self.by_name = defaultdict(set)
        for code, names in self.by_code.items():
            for name in names:
                self.by_name[name].add(code)

    def misnamed(self, code, printed, place):
        """(another code, its name) when ``printed`` is none of ``code``'s names but is
        another code's; else None. ``place``: where the name stands in the printed words
        (all of them; at their start, after the code; at their end, before it)."""
        own = self.by_code.get(code)
        if not own or any(place.loose(printed, name) for name in own):
            return None
        for name in sorted(self.by_name, key=len, reverse=True):
            codes = sorted(self.by_name[name] - {code})
            if codes and place.strict(printed, name):
                return codes[0], name
        return None


class Whole:
    """The printed words are the name (between a code's brackets)."""

    @staticmethod
    def loose(printed, name):
        return printed == name

    strict = loose


class First:
    """The name starts the printed words, right after its code."""

    @staticmethod
    def loose(printed, name):
        return printed.startswith(name)

    @staticmethod
    def strict(printed, name):
        rest = printed.removeprefix(name)
        return printed.startswith(name) and (not rest or rest.startswith(AFTER))


class Last:
    """The name ends the printed words, right before its code."""

    @staticmethod
    def loose(printed, name):
        return printed.endswith(name)

    @staticmethod
    def strict(printed, name):
        rest = printed.removesuffix(name)
        return printed.endswith(name) and (not rest or rest.endswith(BEFORE))


def mentions(flat):
    """(start, code, printed words, where its name stands in them) of each code the text
    names."""
    for match in CODED_PATH.finditer(flat):
        code = ""
        for level in "123":
            if match.group("c" + level) is None:
                break
            code += match.group("c" + level)
            yield (
                match.start("n" + level),
                code,
                match.group("n" + level),
                Last if level == "1" else Whole,
            )
    for match in CODE_THEN_NAME.finditer(flat):
        yield match.start(), match.group("code"), match.group("name"), First
    for match in NAME_THEN_CODE.finditer(flat):
        yield match.start(), match.group("code"), match.group("name"), Last


def misdescribed(context):
    """Each code the narrative's prose (pages without ruled tables: a table's rows print
    codes beside other rows' names) describes by another code's name."""
    names = Names(catalogue(context))
    flat = context.text.flat
    prose = {(page.file, page.number) for page in context.text.pages if not page.has_tables}
    hits = []
    for start, code, printed, place in mentions(flat):
        where = context.text.where(start)
        found = names.misnamed(code, unified(printed), place)
        if found is None or (where.get("file"), where.get("page")) not in prose:
            continue
        other, name = found
        own = "、".join(sorted(names.by_code[code]))
        hits.append(
            Hit(
                _(
                    "说明中的科目 %(code)s 写作“%(name)s”，这是科目 %(other)s 的名称；"
                    "%(code)s 为“%(own)s”。"
                )
                % {"code": code, "name": name, "other": other, "own": own},
                text=excerpt(flat, start, start + len(printed), margin=10),
                figures=(f"{code} {own}", f"{other} {name}"),
                **where,
            )
        )
    return hits


RULES = [
    Rule(
        id="P03",
        severity=ERROR,
        title=gettext_lazy("科目编码与所述名称不符"),
        description=gettext_lazy(
            "说明以编码指明科目并写出其名称时（“住房改革支出（02款）住房公积金（01项）”、"
            "“30113住房公积金”），名称须是该编码在国家科目目录（任一年度）或本文件表中的名称。"
            "写成另一个科目的名称的，说明把该项支出说成了别的科目，报告错误；目录中没有的说法"
            "不作判断。"
        ),
        check=misdescribed,
        example=gettext_lazy(
            "第8页：说明中的科目 2210201 写作“事业单位医疗”，这是科目 2101102 的名称；"
            "2210201 为“住房公积金”。"
        ),
        needs=PARSED,
    ),
]
