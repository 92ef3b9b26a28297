"""Which 上海 部门决算 a file is: organisation, year and scope, from what it prints.

The cover says it first (“上海市普陀区财政局 2024 年度部门决算”); a file whose cover does
not read is known by the title of its tables' part, in the table of contents or above
the first table (“第二部分 上海市普陀区财政局2024年度部门决算表”), by the title of its
情况说明 (“第三部分 … 2024年度部门决算情况说明”), or by the 情况说明's first sentence
(“上海市普陀区财政局2024年度收入支出总计2995.39万元”). The year may stand before or after
the name, with or without 年度 or 公开.
"""

import re

from django.utils.translation import gettext as _

from budgets.importers.narrative import Cover
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.places import SHANGHAI_DISTRICTS
from budgets.importers.registry import Identity, Region

from .layout import FINAL_ACCOUNTS
from .pages import merged_lines

STAGE = "final_accounts"
#: The organisation and the year, the year before the name or after it.
NAME_YEAR = r"(?:(?P<year0>20\d{2})年度?)?(?P<owner>.+?)(?:(?P<year>20\d{2})?年度?)?"
COVER_RE = re.compile("^" + NAME_YEAR + r"(?P<scope>部门|单位)决算(?:公开)?(?P<year2>20\d{2})?$")
#: Titles inside the document that name it as its cover does, after the part they open.
PART_TITLE_RE = re.compile(
    "^第[二三]部分" + NAME_YEAR + r"(?P<scope>部门|单位)决算(?:公开)?(?:表|情况说明|情况)$"
)
FIRST_SENTENCE_RE = re.compile(r"^(?P<owner>.+?)(?P<year>20\d{2})年度?收入支出总计")
SHANGHAI = ("上海市", "中共上海市")


def joined(line):
    return line.replace(" ", "").replace("\u3000", "")


def year_of(match):
    """The year a match names, wherever it stands; None if it names none."""
    groups = match.groupdict()
    year = groups.get("year0") or groups.get("year") or groups.get("year2")
    return int(year) if year else None


def cover_match(pages):
    """The cover's match: the whole first page read as one line."""
    for page in pages[:1]:
        match = COVER_RE.match("".join(joined(line) for line in page.lines))
        if match and year_of(match):
            return match
    return None


def inner_match(pages):
    """A part title or the 情况说明's first sentence naming the document (its scope is
    部门 when only the sentence names it: a 单位决算 says so in its titles). The year of
    these lines may be printed apart from them, in a font of its own. The sentence is taken
    only from a document that speaks of 决算 at all, so that no budget is taken for one."""
    lines = [joined(line) for page in pages for line in merged_lines(page.lines)]
    for line in lines:
        match = PART_TITLE_RE.match(line)
        if match and year_of(match):
            return match
    if not any("决算" in line for line in lines):
        return None
    for line in lines:
        match = FIRST_SENTENCE_RE.match(line)
        if match and shanghai_owner(match.group("owner")):
            return match
    return None


def shanghai_owner(owner):
    return owner.startswith(SHANGHAI) or any(
        f"上海市{name}" in owner for name in SHANGHAI_DISTRICTS
    )


def read_final_cover(pages):
    """Organisation, year and scope from a 决算 (see the module's docstring)."""
    match = cover_match(pages) or inner_match(pages)
    if match is None:
        raise ImportRefusedError(_("封面上找不到“××年度部门决算”，该文件不是上海市部门决算。"))
    owner = match.group("owner")
    if not shanghai_owner(owner):
        raise ImportRefusedError(_("封面上的单位不是上海市的单位，该文件不是上海市部门决算。"))
    districts = [name for name in SHANGHAI_DISTRICTS if f"上海市{name}" in owner]
    return Cover(
        city="上海市",
        district=districts[0] if districts else "",
        year=year_of(match),
        scope="unit" if match.groupdict().get("scope") == "单位" else "department",
        owner=owner,
        title=match.group(0),
    )


def identify(content):
    try:
        cover = read_final_cover(content.pages)
    except ImportRefusedError:
        return None
    return Identity(
        template=FINAL_ACCOUNTS.code,
        organisation=cover.owner,
        year=cover.year,
        stage=STAGE,
        scope=cover.scope,
    )


def regions_of(cover):
    regions = [Region("310000", "上海市", "province")]
    if cover.district:
        regions.append(Region(SHANGHAI_DISTRICTS[cover.district], cover.district, "district"))
    return regions
