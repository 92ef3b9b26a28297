"""What a 江苏 file says it is: its department and year, and which part of a document it is.

The identity comes from whatever the file prints, in this order: its title (a cover, or
the title over its table of contents), the first table's 部门/编制单位 line, the
narrative's first sentence (“江苏省××2018年度收入、支出预算总计…”). A title may put the
year before or after the name, with or without 年度, 公开, 部门预算 or 预算公开表.
A file with 部门概况 in its first pages holds the narrative, a file with tables holds the
tables; one with both is the whole document.
"""

import re

from budgets.importers.narrative import title_text
from budgets.importers.registry import Identity

from .find import clean, kind_of_title
from .layout import layout_for_year

#: A department's name as titles print it: 江苏…, 中共江苏…, 中国共产党江苏…, no figure or
#: punctuation in it.
ORG = r"(?P<org>(?:中共|中国共产党)?江苏[^\d，,。；;：:、《》“”（）()]*?)"
YEAR = r"(?P<year>20\d{2})\s*年度?"
#: “江苏省××2018年度部门预算公开”, “江苏省××2018年预算公开表”.
NAME_THEN_YEAR_RE = re.compile(rf"^{ORG}{YEAR}")
#: “2017年度江苏省××部门预算公开”, “2017年江苏省××预算公开表”, “2017年度江苏省××”.
YEAR_THEN_NAME_RE = re.compile(rf"^{YEAR}{ORG}(?=(?:省级)?部门|预算|公开|$)")
#: “江苏省××” / “年部门预算” / “2017”: the year printed apart from the words.
NAME_WITHOUT_YEAR_RE = re.compile(rf"^{ORG}(?=年度?部门|部门预算|预算公开)")
#: A narrative's first sentence, or the heading of its 情况说明.
SENTENCE_RE = re.compile(rf"{ORG}{YEAR}(?:部门)?(?:收入、支出预算总计|收支预算总计|预算情况说明)")
#: A table's “部门：××  单位：万元” or “编制单位：××” line.
ORG_LINE_RE = re.compile(
    r"^(?:部门(?:名称)?|编制单位|单位名称)[：:](?P<org>.+?)(?:(?:金额)?单位[：:].*)?$"
)
ORG_PREFIXES = ("江苏", "中共江苏", "中国共产党江苏")
#: The province itself (“江苏省2018年度省级部门预算公开报表”), no department.
PROVINCE = ("江苏", "江苏省")


def official_name(name):
    """The department's name as its tables print it in full: 中国共产党江苏省委员会办公厅 and
    江苏省委办公厅 are both 中共江苏省委办公厅."""
    name = clean(name)
    name = name.replace("中国共产党江苏省委员会", "中共江苏省委")
    if name.startswith("江苏省委"):
        name = "中共" + name
    return name


def table_pages(content):
    """Pages whose grids or text hold a table title followed by a grid (not a 目录)."""
    found = []
    for page in content.pages:
        if not page.tables:
            continue
        titles = [line for line in page.lines if kind_of_title(line)]
        titles += [
            cell
            for grid in page.tables
            for row in grid
            for cell in row
            if cell and kind_of_title(cell.split("\n")[0])
        ]
        if titles:
            found.append(page)
    return found


def identify(content):
    """The Identity of a 江苏 部门预算 file (whole, narrative or tables); None otherwise."""
    pages = content.pages
    if not any("江苏" in line for page in pages for line in page.lines):
        return None
    head = [line for page in pages[:3] for line in page.lines]
    narrative = any("部门概况" in clean(line) for line in head)
    with_tables = bool(table_pages(content))
    if not narrative and not with_tables:
        return None
    organisation, year = printed_identity(pages)
    if not organisation or not year or not organisation.startswith(ORG_PREFIXES):
        return None
    part = "whole" if narrative and with_tables else "narrative" if narrative else "tables"
    return Identity(
        template=layout_for_year(year).code,
        organisation=official_name(organisation),
        year=year,
        stage="budget",
        scope="department",
        part=part,
    )


def printed_identity(pages):
    """(department, year) from the title, else the first 部门 line, else the narrative's
    first sentence; a year missing there from the first “20××年” the file prints."""
    organisation, year = title_identity(title_text(pages))
    organisation = organisation or department_line(pages)
    if not organisation or not year:
        stated, stated_year = sentence_identity(pages)
        organisation, year = organisation or stated, year or stated_year
    return organisation, year or first_year(pages)


def title_identity(text):
    """(department, year or None) of a printed title; (None, None) if it names none."""
    for pattern in (NAME_THEN_YEAR_RE, YEAR_THEN_NAME_RE, NAME_WITHOUT_YEAR_RE):
        match = pattern.match(text)
        if match and match.group("org") not in PROVINCE:
            year = match.groupdict().get("year") or next(iter(re.findall(r"20\d{2}", text)), None)
            return match.group("org"), int(year) if year else None
    return None, None


def department_line(pages):
    """The department a table's 部门/编制单位 line names (the first such line)."""
    for page in pages:
        for line in page.lines:
            match = ORG_LINE_RE.match(clean(line))
            if match:
                return match.group("org")
    return None


def sentence_identity(pages):
    """(department, year) of the narrative's first sentence that states them."""
    match = SENTENCE_RE.search("".join(clean(line) for page in pages for line in page.lines))
    return (match.group("org"), int(match.group("year"))) if match else (None, None)


def first_year(pages):
    for page in pages:
        years = re.findall(r"(20\d{2})年", clean(" ".join(page.lines)))
        if years:
            return int(years[0])
    return None
