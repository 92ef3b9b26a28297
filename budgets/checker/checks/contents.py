"""The table of contents (目录) against the tables the document prints.

The 目录 is read from the line “目录” on: numbered entries (“一、”, “1.”, “第二部分”),
leader dots and page numbers dropped, an entry broken over two lines joined, until the
body repeats the first entry or a line is no entry. Each entry naming a table (its title
ends in 表) must be printed as a title somewhere after the 目录, in any file of the
document. Titles are compared without their numbering, year, organisation and scope
(“2024年部门财务收支预算总表” = “财务收支预算总表”); the 目录 of some documents words a
title a little otherwise than the table (“政府性基金财政拨款支出预算表” over “财政拨款政府性
基金支出预算表”), so a title with at least 80% of its characters in common counts, each
title for one entry.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, Hit, Rule
from ..text import flatten
from .headers import normalised

HEADING = re.compile(r"^目\s*录$")
NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
    r"|\d+\s*[.．、]|序号)"
)
LEADER = re.compile(r"[…⋯.．·]{2,}\s*\d*$")
#: A part's heading, not a table: “五、部门预算表”, “第二部分 …2024年度部门决算表”.
PART = re.compile(r"^第[一二三四五六七八九十]+部分|(?:^|部门|单位)(?:预算|决算)表$")
#: What a table's title never holds (a sentence's punctuation, a cited title's marks).
NOT_TITLE = re.compile(r"[，。；,;《》]")
#: A qualifier after a title: “财政拨款支出预算表（功能科目）”.
QUALIFIER = re.compile(r"（[^（）]*）$")
#: A title broken over two lines ends on a line this short (“表”, “支出预算表”).
TITLE_TAIL = 8
#: An entry broken over two lines continues on a short line without a full stop.
CONTINUATION_LENGTH = 12
#: The 目录 is on the first pages, and no longer than this.
FIRST_PAGES = 5
MAX_LINES = 80
ALIKE = 0.8
TITLE_LENGTH = 40


@dataclass
class Entry:
    text: str
    file: str
    page: int
    line: int
    #: (file, page, line) of each line it is printed on.
    places: list


def contents_entries(text):
    """The 目录's entries, or [] when the document prints none."""
    lines = [(page, index, line) for page in text.pages for index, line in enumerate(page.lines)]
    start = next(
        (
            number
            for number, (page, _index, line) in enumerate(lines)
            if page.number <= FIRST_PAGES and HEADING.match(line.strip())
        ),
        None,
    )
    if start is None:
        return []
    entries = []
    for page, index, line in lines[start + 1 : start + 1 + MAX_LINES]:
        line = flatten(LEADER.sub("", line))
        if not line:
            continue
        if NUMBERING.match(line):
            if entries and line == entries[0].text:
                break
            place = (page.file, page.number, index + 1)
            entries.append(Entry(line, *place, [place]))
        elif entries and len(line) <= CONTINUATION_LENGTH and "。" not in line:
            entries[-1].text += line
            entries[-1].places.append((page.file, page.number, index + 1))
        else:
            break
    return entries


def core_title(text, organisation):
    """A title without numbering, year, organisation and scope, for comparing."""
    title = normalised(NUMBERING.sub("", flatten(text)))
    title = re.sub(r"^公开\d+表[:：]?", "", title)
    if organisation:
        title = title.replace(normalised(organisation), "")
    title = re.sub(r"^(?:\d{4}年度?)?(?:预算单位|部门|单位)?", "", QUALIFIER.sub("", title))
    return title.replace("“", "").replace("”", "").replace('"', "")


def printed_titles(text, organisation, skip):
    """Core titles of the lines that look like a table's title, outside ``skip`` (the
    目录's own lines, as (file, page, line)); a title may end on the next, short line."""
    titles = []
    for page in text.pages:
        lines = [flatten(line) for line in page.lines]
        for index, flat in enumerate(lines):
            after = lines[index + 1] if index + 1 < len(lines) else ""
            if (page.file, page.number, index + 1) in skip:
                continue
            if not QUALIFIER.sub("", flat).endswith("表") and len(after) <= TITLE_TAIL:
                flat += after  # the title ends on the next line, or this is no title
            if (
                QUALIFIER.sub("", flat).endswith("表")
                and len(flat) <= TITLE_LENGTH
                and not NOT_TITLE.search(flat)
            ):
                titles.append(core_title(flat, organisation))
    return titles


def alike_share(first, second):
    """The share of characters two titles have in common (Dice's coefficient over their
    characters): word order does not count."""
    common = sum((Counter(first) & Counter(second)).values())
    return 2 * common / (len(first) + len(second)) if first or second else 1


def missing_tables(context):
    """Each 目录 entry naming a table no title in the document matches (the document's files
    all given: the tables of a narrative given alone are in the file not given)."""
    if not context.complete:
        return []
    entries = contents_entries(context.text)
    skip = {place for entry in entries for place in entry.places}
    tables = [
        entry for entry in entries if entry.text.endswith("表") and not PART.search(entry.text)
    ]
    titles = printed_titles(context.text, context.organisation, skip)
    wanted = [(entry, core_title(entry.text, context.organisation)) for entry in tables]
    unmatched = []
    for entry, title in wanted:
        if title in titles:
            titles.remove(title)
        else:
            unmatched.append((entry, title))
    hits = []
    for entry, title in unmatched:
        alike = [printed for printed in titles if alike_share(title, printed) >= ALIKE]
        if alike:
            titles.remove(alike[0])
            continue
        hits.append(
            Hit(
                _("目录列有“%(entry)s”，但文件中找不到这张表。") % {"entry": entry.text},
                file=entry.file,
                page=entry.page,
                line=entry.line,
                table=entry.text,
                text=entry.text,
            )
        )
    return hits


RULES = [
    Rule(
        id="T10",
        severity=ERROR,
        title=gettext_lazy("目录所列的表缺失"),
        description=gettext_lazy(
            "目录列出的每张公开表，都应在文件中印出（以表名为准，不计编号、年度、单位名称和"
            "“部门”“单位”字样；措辞略有出入而八成相同的也算）。目录列有而文件中没有的表，多为"
            "漏印或漏传；分两个文件公开的，两个文件一起核对。"
        ),
        check=missing_tables,
        example=gettext_lazy("第2页：目录列有“三、支出决算表”，但文件中找不到这张表。"),
    ),
]
