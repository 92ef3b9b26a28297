"""What a Shanghai budget PDF is: its organisation, year, scope and region, from whatever
it prints.

Its title says it first, on a cover or over its 目录 (``narrative.title_lines``):
“上海市普陀区2025年区级部门预算”, “上海市普陀区社会福利院2024年单位预算”, “2025年上海市
普陀区司法局部门预算公开”: the year before or after the name, with or without 年度, 公开,
区级/市级, 部门预算/单位预算. The organisation is the one the cover's 预算主管部门/预算单位
line names, else a table's 编制部门/编制单位 line, else the title's own name, else the
narrative's first sentence (“2025年，上海市普陀区财政局收入预算…”). Where the title leaves
out the year or the scope, that sentence, those lines and the headings the document prints
(“2025年部门预算编制说明”, “2025年预算单位财务收支预算总表”) give them. A document without
such a title is taken for a Shanghai budget only where a Shanghai organisation prints a
Shanghai budget's headings.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from budgets.importers.narrative import Cover, clean, title_lines
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.places import SHANGHAI_DISTRICTS
from budgets.importers.registry import Identity, Region

from .layout import SHANGHAI_DISTRICT

#: 上海市 or 中共上海市 before a district or an organisation's name.
CITY = r"(?:中共)?上海市"
#: A name in a title: no figure, space or punctuation.
NAME = r"[^\s\d年，,。、；;：:“”《》（）()]"
TITLE_RE = re.compile(
    rf"(?:(?P<year0>20\d{{2}})年度?)?(?P<place>{CITY}{NAME}{{0,40}}?)(?:(?P<year>20\d{{2}})?年度?)?"
    r"(?P<level>区级|市级)?(?P<scope>部门|单位)?预算(?:公开)?(?P<year2>20\d{2})?"
)
#: The cover's “预算主管部门：××” / “预算单位：××”.
COVER_OWNER_RE = re.compile(r"^预算(?P<kind>单位|主管部门)[：:](?P<org>.+)$")
#: A table's “编制部门：××  单位：元” / “编制单位：××”.
TABLE_OWNER_RE = re.compile(r"^编制(?P<kind>单位|部门)[：:](?P<org>.+?)(?:(?:金额)?单位[：:].*)?$")
#: The narrative's first sentence: “2025年，上海市普陀区财政局收入预算…”, or the organisation
#: before the year (“上海市××2025年度收入、支出预算总计…”).
STATED = r"(?:部门|单位)?(?:收入预算|收入、支出预算总计|收支预算总计)"
SENTENCE_RES = (
    re.compile(rf"(?P<year>20\d{{2}})年度?[，,]?(?P<owner>{CITY}{NAME}{{2,40}}?){STATED}"),
    re.compile(rf"(?P<owner>{CITY}{NAME}{{2,40}}?)(?P<year>20\d{{2}})年度?{STATED}"),
)
#: A heading that names the year and scope: “2025年部门预算编制说明”, “预算单位财务收支预算总表”.
HEADING_RE = re.compile(
    r"^(?:(?P<year>20\d{2})年度?)?(?P<scope>部门|预算单位|单位)(?:预算编制说明|财务收支预算总表)$"
)
#: The title's groups that may hold its year, in order.
YEARS = ("year0", "year", "year2")
SCOPES = {"部门": "department", "主管部门": "department", "单位": "unit", "预算单位": "unit"}


@dataclass
class Printed:
    """What the pages print of the document's identity (each a match, or None)."""

    title: re.Match | None
    cover_owner: re.Match | None
    table_owner: re.Match | None
    sentence: re.Match | None
    heading: re.Match | None

    @classmethod
    def of(cls, pages):
        lines = [clean(line) for page in pages for line in page.lines]
        text = "".join(lines)
        title = [line for line in title_lines(pages) if not COVER_OWNER_RE.match(line)]
        return cls(
            title=TITLE_RE.search("".join(title)),
            cover_owner=first_match(COVER_OWNER_RE, lines),
            table_owner=first_match(TABLE_OWNER_RE, lines),
            sentence=next(filter(None, (pattern.search(text) for pattern in SENTENCE_RES)), None),
            heading=first_match(HEADING_RE, lines),
        )

    def group(self, name, *sources):
        """The first of ``sources`` (attribute names) whose match holds group ``name``."""
        for source in sources:
            match = getattr(self, source)
            if match is not None and match.groupdict().get(name):
                return match.group(name)
        return None

    @property
    def owner(self):
        """The organisation: its cover line, a table's line, the title, the first sentence."""
        owner = self.group("org", "cover_owner", "table_owner") or title_owner(self.title)
        return owner or self.group("owner", "sentence")

    @property
    def year(self):
        """The title's year (before or after the name), else the first sentence's or a
        heading's."""
        year = next(filter(None, (self.group(name, "title") for name in YEARS)), None)
        year = year or self.group("year", "sentence", "heading")
        return int(year) if year else None

    @property
    def scope(self):
        printed = self.group("scope", "title") or self.group("kind", "cover_owner", "table_owner")
        printed = printed or self.group("scope", "heading")
        return SCOPES.get(printed)


def first_match(pattern, lines):
    return next(filter(None, map(pattern.match, lines)), None)


def title_owner(title):
    """The organisation a title names (“上海市普陀区社会福利院2024年单位预算”), or None where
    it names only the city or a district (“上海市普陀区2025年区级部门预算”)."""
    if title is None:
        return None
    place = title.group("place")
    within = re.sub(f"^{CITY}", "", place)
    return None if within in ("", *SHANGHAI_DISTRICTS) else place


def read_identity(pages, districts=SHANGHAI_DISTRICTS):
    """The Cover (region, year, scope, organisation) of a Shanghai budget from what its
    ``pages`` print (see the module's docstring); ImportRefusedError where they do not
    say it or contradict themselves. ``districts`` are the district names the template
    knows: a district document names one in its title or, where the title leaves it out,
    in the organisation's name; a title that names 区级 without one is refused."""
    printed = Printed.of(pages)
    owner, year, scope = printed.owner, printed.year, printed.scope
    shanghai = printed.title or (printed.heading and owner and re.match(CITY, owner))
    if not (shanghai and owner and year and scope):
        raise ImportRefusedError(
            _(
                "封面上找不到“上海市××区（或市级）××年单位/部门预算”和“预算单位/预算主管部门：”，"
                "该文件不是上海市预算公开文件。"
            )
        )
    listed = printed.group("kind", "cover_owner")
    if listed and SCOPES[listed] != scope:
        raise ImportRefusedError(
            _("封面写明“%(scope)s预算”，却列出“%(kind)s”。")
            % {"scope": printed.group("scope", "title"), "kind": f"预算{listed}"}
        )
    return Cover(
        city="上海市",
        district=district_of(printed.title, owner, districts),
        year=year,
        scope=scope,
        owner=owner,
        title=printed.title.group(0) if printed.title else "",
    )


def district_of(title, owner, districts):
    """The district the title names, else the one the organisation's name begins with
    (none for a 市级 title); ImportRefusedError for a title that names 市级 and a
    district, or 区级 and no district known."""
    place = re.sub(f"^{CITY}", "", title.group("place")) if title else ""
    level = title.group("level") if title else None
    named = [name for name in districts if place.startswith(name)]
    if not named and level != "市级":
        named = [name for name in districts if re.sub(f"^{CITY}", "", owner).startswith(name)]
    if level == "市级" and named:
        raise ImportRefusedError(
            _("封面“%(title)s”既写“市级”又写区名。") % {"title": title.group(0)}
        )
    if level == "区级" and not named:
        raise ImportRefusedError(
            _("封面“%(title)s”写“区级”，但找不到认识的区名。") % {"title": title.group(0)}
        )
    return named[0] if named else ""


def identify(content):
    """The Identity of a Shanghai-template PDF from what it prints; None if it is not one."""
    try:
        cover = read_identity(content.pages)
    except ImportRefusedError:
        return None
    return Identity(
        template=SHANGHAI_DISTRICT.code,
        organisation=cover.owner,
        year=cover.year,
        stage="budget",
        scope=cover.scope,
    )


def regions_of(cover):
    """上海市, and the district below it for a 区级 document; a 市级 document's
    organisation sits in 上海市 itself."""
    regions = [Region("310000", "上海市", "province")]
    if cover.district:
        regions.append(Region(SHANGHAI_DISTRICTS[cover.district], cover.district, "district"))
    return regions
