"""Words and punctuation printed twice (“的的”, “。。”, “，，”): slips of editing, not of figures.

Doubled words are looked for in prose only: runs of lines with Chinese punctuation on pages
without ruled tables. Tables flattened into text repeat words by nature (“小计小计” across
two columns), and the text of two cells side by side (a form's 项目总目标 and 年度总体目标)
is read line by line across both, which can put one cell's last word before the other's
first.
"""

import bisect
import itertools
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import WARNING, Hit, Rule
from ..text import excerpt, flatten

PUNCTUATION = re.compile(r"([。，、；：！？])\1+")
#: Function words that never stand twice in a row (“了了” does: 不了了之).
FUNCTION_WORD = re.compile(r"([的和与及在是对将把被于或并其该按由向已也从以而但])\1")
#: A word of two to four characters printed twice (“预算预算”).
WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
PROSE = re.compile(r"[，。；]")


def prose_runs(text):
    """(file, page, [(line number, flat line)]) of each run of prose lines on a page
    without tables."""
    for page in text.pages:
        if page.has_tables:
            continue
        run = []
        for number, line in enumerate([*page.lines, ""], 1):
            if line and PROSE.search(line):
                run.append((number, flatten(line)))
            elif run:
                yield page.file, page.number, run
                run = []


def repeated(context):
    """Doubled punctuation anywhere; doubled words in prose."""
    flat = context.text.flat
    hits = [
        repeat_hit(
            match.group(),
            excerpt(flat, match.start(), match.end()),
            context.text.where(match.start()),
        )
        for match in PUNCTUATION.finditer(flat)
    ]
    for file, page, run in prose_runs(context.text):
        joined = "".join(line for _number, line in run)
        ends = list(itertools.accumulate(len(line) for _number, line in run))
        for pattern in (FUNCTION_WORD, WORD):
            for match in pattern.finditer(joined):
                line = run[bisect.bisect_right(ends, match.start())][0]
                where = {"file": file, "page": page, "line": line}
                hits.append(
                    repeat_hit(match.group(), excerpt(joined, match.start(), match.end()), where)
                )
    return hits


def repeat_hit(repeated_text, quoted, where):
    return Hit(_("“%(text)s”重复。") % {"text": repeated_text}, text=quoted, **where)


RULES = [
    Rule(
        id="T11",
        severity=WARNING,
        title=gettext_lazy("字词或标点重复"),
        description=gettext_lazy(
            "同一个虚词连写（“的的”“和和”）、两到四字的词连写两次（“预算预算”），或标点连用"
            "（“。。”“，，”）。多为编辑时的笔误，不影响数字，故为提示。有表格的页不查重复的词。"
        ),
        check=repeated,
        example=gettext_lazy("第15页：“。。”重复。"),
    ),
]
