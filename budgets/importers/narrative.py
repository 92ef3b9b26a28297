"""The narrative of a Shanghai-template document: cover, profile, explanation, other
information and project descriptions, read by their headings and sentence patterns."""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from budgets.disclosures.money import to_yuan

from .pdf import PAGE_NUMBER

ITEM_RE = re.compile(
    r"^(?:(\d+)\s*[.．、](?!\d)|（([一二三四五六七八九十]+)）|([一二三四五六七八九十]+)、)"
)
#: An item's number as printed, at a line's start or inside a line after a clause's end
#: (“设计策略：1、…；2、…”): its kind of numbering (“1、”, “1.”, “（一）”, “一、”) and its number.
MARKER_RE = re.compile(
    r"(?:^|(?<=[。；：;:]))\s*(?:(?P<arabic>\d+)\s*(?P<sep>[.．、])(?!\d)"
    r"|（(?P<bracketed>[一二三四五六七八九十]+)）|(?P<chinese>[一二三四五六七八九十]+)、)"
)
#: How a line ends its sentence or clause (what may come before an item's number).
SENTENCE_END = ("。", "；", "：", ";", ":")
#: A line narrower than this share of its section's widest line ends before the right
#: margin: where it ends, its paragraph does.
SHORT_LINE = 0.85
AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)万元"
CHANGE = (
    r"(?:[，,。]?\s*(?:比|较|与)(?P<base>\d{4}年预算(?:执行数)?)"
    r"(?:(?P<direction>增加|减少)(?P<change>\d[\d,]*(?:\.\d+)?)(?P<change_unit>万元|%)"
    r"|(?P<flat>持平)))?"
)
REASON = r"(?:[，,。；]?\s*主要原因是[：:]?(?P<reason>[^。；]+))?"
DIRECTIONS = {"增加": "increase", "减少": "decrease", "持平": "flat"}
CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}

#: The title of a project's 绩效目标填报表 (上海).
FORM_TITLE = "项目支出绩效目标填报表"

#: Section headings, tested in order on lines that are short and have no full stop.
SECTIONS = [
    ("duties", lambda line: line.endswith("主要职能")),
    ("organisation", lambda line: line.endswith("机构设置")),
    ("glossary", lambda line: line == "名词解释"),
    ("explanation", lambda line: line.endswith("预算编制说明")),
    ("other", lambda line: line == "其他相关情况说明"),
    ("project", lambda line: line.endswith("项目经费情况说明")),
]


def chinese_number(text):
    """一 → 1, 十二 → 12, 二十 → 20 (enough for numbered lists)."""
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return CHINESE_DIGITS.get(tens, 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)
    return CHINESE_DIGITS[text]


def wan(text):
    """An amount printed in 万元 (“9,101.68”) as exact Decimal 元."""
    return to_yuan(Decimal(text.replace(",", "")), "万元")


def flat(text):
    """Narrative text with line breaks removed and parentheses made full-width."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


@dataclass
class Section:
    kind: str
    heading: str
    lines: list = field(default_factory=list)
    repeated_pages: list = field(default_factory=list)
    #: The number of the page its heading is printed on.
    page: int = 0

    @property
    def text(self):
        return flat("".join(self.lines))

    def paragraphs(self):
        """Lines joined into paragraphs; a numbered item starts a new one where it is an
        item of its own (``item_starts``), not where wrapping put its number first on a
        line (“…设计策略：” / “1、建筑形体…；2、总体布局…”)."""
        starts = item_starts(self.lines)
        paragraphs = []
        for index, line in enumerate(self.lines):
            if not paragraphs or index in starts:
                paragraphs.append(line)
            else:
                paragraphs[-1] += line
        return [flat(paragraph) for paragraph in paragraphs]


@dataclass(frozen=True)
class Marker:
    """An item's number printed in a section: its kind, its number, the index of the
    line it is printed on and whether it begins that line."""

    kind: str
    number: int
    line: int
    first: bool


def item_markers(lines):
    """Every item number printed in ``lines``, in printed order (``MARKER_RE``)."""
    markers = []
    for index, line in enumerate(lines):
        for match in MARKER_RE.finditer(line):
            if match.group("arabic"):
                kind = "arabic" + match.group("sep").replace("．", ".")
                number = int(match.group("arabic"))
            else:
                kind = "bracketed" if match.group("bracketed") else "chinese"
                number = chinese_number(match.group("bracketed") or match.group("chinese"))
            markers.append(Marker(kind, number, index, match.start() == 0))
    return markers


def item_starts(lines):
    """The indexes of the lines that start a numbered item's paragraph: a line that begins
    with an item's number where the line before it is short (ends before the right
    margin), or else where that line ends its sentence (。；：) or the number follows the
    last item begun in sequence, unless the item's list runs on within lines (``run_in``):
    there the number was put first on its line by wrapping, not by the author."""
    markers = item_markers(lines)
    widest = max((text_width(line) for line in lines), default=0)
    starts, begun = set(), {}
    for position, marker in enumerate(markers):
        if not marker.first:
            continue
        if marker.line:
            previous = lines[marker.line - 1]
            ended = previous.endswith(SENTENCE_END) or begun.get(marker.kind) == marker.number - 1
            short = text_width(previous) < SHORT_LINE * widest
            if not short and (not ended or run_in(markers, position)):
                continue
            starts.add(marker.line)
        begun[marker.kind] = marker.number
    return starts


def run_in(markers, position):
    """Whether the list ``markers[position]`` is an item of runs on within lines: walking
    its numbers up and down from it (the same kind, each one next to the last), one is
    printed inside a line."""
    for step in (1, -1):
        current, index = markers[position], position + step
        while 0 <= index < len(markers):
            other = markers[index]
            if other.kind == current.kind:
                if other.number != current.number + step:
                    break
                if not other.first:
                    return True
                current = other
            index += step
    return False


def text_width(line):
    """A line's width in half-width characters (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def numbered(paragraph):
    """(number, text) of a numbered paragraph, or None."""
    match = ITEM_RE.match(paragraph)
    if not match:
        return None
    arabic, bracketed, chinese = match.groups()
    number = int(arabic) if arabic else chinese_number(bracketed or chinese)
    return number, paragraph[match.end() :].strip()


@dataclass
class Cover:
    """Who publishes a 上海 document, for which year and scope, as its first pages say."""

    city: str
    district: str  # "" for a municipal (市级) document
    year: int
    scope: str  # "unit" or "department"
    owner: str
    title: str

    @property
    def level(self):
        return "district" if self.district else "municipal"


def title_lines(pages):
    """The lines printed above the 目录 of the first pages (a cover, or the title over a
    table of contents), without spaces, page numbers left out; without a 目录, the first
    page's first three lines."""
    lines = []
    for page in pages[:3]:
        for line in page.lines:
            if clean(line) == "目录":
                return lines
            if not PAGE_NUMBER.fullmatch(line):
                lines.append(clean(line))
    return [clean(line) for line in pages[0].lines[:3]] if pages else []


def title_text(pages):
    """``title_lines`` as one text: a title printed over several lines read whole."""
    return "".join(title_lines(pages))


def clean(text):
    """Printed text without its spaces and line breaks."""
    return re.sub(r"\s+", "", text or "")


def read_sections(pages):
    """The narrative sections, in order, from pages that hold no table.

    A page that only repeats text its section already holds (some PDFs print a page
    twice, the second time without its heading) is left out and noted in the section's
    ``repeated_pages``, so that no duty or stated figure is read twice.
    """
    sections = []
    current = None
    for page in pages:
        if page.lines and page.first_line.replace(" ", "") == "目录":
            continue
        text = flat("".join(page.lines))
        if current is not None and len(text) >= 100 and text in flat("".join(current.lines)):
            current.repeated_pages.append(page.number)
            continue
        for line in page.lines:
            heading = line.replace(" ", "")
            kind = None
            if len(heading) <= 40 and "。" not in heading and "，" not in heading:
                kind = next((kind for kind, test in SECTIONS if test(heading)), None)
            if kind:
                current = Section(kind=kind, heading=heading, page=page.number)
                sections.append(current)
            elif FORM_TITLE in heading:
                # A project's 绩效目标填报表 (read from its grid, project_forms) ends the
                # 项目经费情况说明 before it: its cells are no part of the description.
                current = None
            elif current is not None:
                current.lines.append(line)
    return sections


@dataclass
class NarrativeProject:
    """A project as the narrative describes it (项目经费情况说明), and as its 绩效目标填报表
    names and funds it where one follows (``project_forms.attach``)."""

    name: str
    description: str
    page: int = 0
    #: False where the heading prints no name (“项目经费情况说明” alone).
    named: bool = True
    form: object = None  # project_forms.ProjectForm

    @property
    def amount(self):
        """年度资金申请总额 in 元 as its form prints it, or None."""
        return self.form.amount("annual_total") if self.form else None


@dataclass
class Narrative:
    duties_intro: str = ""
    duties: list = field(default_factory=list)  # [(number, text)]
    history: str = ""
    offices: list = field(default_factory=list)  # [(number, title, text)]
    units: list = field(default_factory=list)  # names of listed budget units
    glossary: str = ""
    statements: list = field(default_factory=list)  # dicts for Statement
    function_items: list = field(default_factory=list)  # dicts, matched to codes later
    procurement: dict | None = None
    coverage: dict | None = None
    assets: dict | None = None
    projects: list = field(default_factory=list)  # [NarrativeProject]
    warnings: list = field(default_factory=list)  # [(section, row, message)]


def read_narrative(sections, scope, owner):
    narrative = Narrative()
    for section in sections:
        for number in section.repeated_pages:
            narrative.warnings.append(
                (section.heading, f"第{number}页", "提示：该页重复前页内容，已略去。")
            )
        if section.kind == "duties":
            read_duties(section, narrative)
        elif section.kind == "organisation":
            read_organisation(section, narrative, scope, owner)
        elif section.kind == "glossary":
            narrative.glossary = "\n".join(section.paragraphs())
        elif section.kind == "explanation":
            read_explanation(section, narrative)
        elif section.kind == "other":
            read_other(section, narrative)
        elif section.kind == "project":
            name = section.heading[: -len("项目经费情况说明")].strip()
            narrative.projects.append(
                NarrativeProject(
                    name or section.heading,
                    "\n".join(section.paragraphs()),
                    section.page,
                    named=bool(name),
                )
            )
    return narrative


def read_duties(section, narrative):
    """The intro paragraphs, then the numbered duties (an unnumbered paragraph after a
    duty continues it)."""
    intro = []
    for paragraph in section.paragraphs():
        item = numbered(paragraph)
        if item:
            narrative.duties.append(item)
        elif narrative.duties:
            number, text = narrative.duties[-1]
            narrative.duties[-1] = (number, text + paragraph)
        else:
            intro.append(paragraph)
    narrative.duties_intro = "\n".join(
        line for line in intro if not line.startswith("主要职能包括")
    )


def read_organisation(section, narrative, scope, owner):
    """The 机构设置 text; a department's budget units (numbered items) or a unit's internal
    offices (numbered items, or a list “设5个内设机构，包括：院长室、办公室、…。”)."""
    lines = []
    for line in section.lines:
        # “具体包括： 1. 普陀区司法局本部”: the first item starts on the intro's line.
        head, sep, rest = line.partition("包括：")
        if sep and ITEM_RE.match(rest.strip()):
            lines += [head + sep, rest.strip()]
        else:
            lines.append(line)
    section = Section(kind=section.kind, heading=section.heading, lines=lines)
    paragraphs = section.paragraphs()
    narrative.history = "\n".join(paragraphs)
    if scope != "department" and not any(numbered(paragraph) for paragraph in paragraphs):
        listed = re.search(r"内设机构[^。：]*包括[：:](?P<offices>[^。]+)。", section.text)
        if listed:
            names = re.split(r"、(?![^（]*）)", listed.group("offices"))
            narrative.offices = [(number, name, "") for number, name in enumerate(names, 1)]
    for paragraph in paragraphs:
        item = numbered(paragraph)
        if not item:
            continue
        number, text = item
        if scope == "department":
            name = unit_name(text, owner)
            if name is None:
                narrative.warnings.append(
                    ("机构设置", text, "提示：该条目不是单列预算的单位，未建立单位。")
                )
            elif name not in narrative.units:
                narrative.units.append(name)
        else:
            title, _sep, rest = text.partition("。")
            narrative.offices.append((number, title, rest))


def unit_name(text, owner):
    """The budget unit a department lists (“上海市普陀区万里街道…中心。”), or None."""
    name = text.rstrip("。；;")
    if "不单列预算" in name or "并入" in name or "，" in name:
        return None
    if name.endswith(("本部", "（本部）", "(本部)")):
        # The department's own office (“财政局本部”, “…办事处（本部）”), whatever name
        # the list gives it, is the unit of the department's name.
        return owner
    return name


def statement(topic, subject, match, quote):
    """A Statement's fields from a match of AMOUNT + CHANGE (+ REASON)."""
    groups = match.groupdict()
    direction = DIRECTIONS.get(groups.get("direction") or groups.get("flat") or "", "")
    change_amount = change_percent = None
    if groups.get("change"):
        if groups.get("change_unit") == "%":
            change_percent = Decimal(groups["change"].replace(",", ""))
        else:
            change_amount = wan(groups["change"])
    return {
        "topic": topic,
        "subject": subject,
        "amount": wan(groups["amount"]) if groups.get("amount") else None,
        "count": None,
        "comparison": groups.get("base") or "",
        "comparison_amount": None,
        "direction": direction,
        "change_amount": change_amount,
        "change_percent": change_percent,
        "reason": (groups.get("reason") or "").strip(),
        "quote": quote,
    }


#: Headline figures of 预算编制说明: (subject, pattern before the amount).
HEADLINES = [
    ("revenue", "收入预算", r"(?<!拨款)收入预算"),
    ("revenue", "财政拨款收入", r"财政拨款收入"),
    ("revenue", "事业收入", r"(?<!单位)事业收入"),
    ("revenue", "事业单位经营收入", r"事业单位经营收入"),
    ("revenue", "其他收入", r"其他收入"),
    ("expenditure", "支出预算", r"(?<!拨款)支出预算"),
    ("expenditure", "财政拨款支出预算", r"财政拨款支出预算"),
    ("expenditure", "一般公共预算拨款支出预算", r"一般公共预算拨款支出预算"),
    ("expenditure", "政府性基金拨款支出预算", r"政府性基金拨款支出预算"),
    ("expenditure", "国有资本经营预算拨款支出预算", r"国有资本经营预算拨款支出预算"),
]


#: A narrative item's 项 named with its codes: “公共安全支出（204类）司法（06款）行政运行（01项）”.
CODED_PATH = re.compile(
    r"(?P<path>.+?（(?P<class>\d{3})类）.+?（(?P<item>\d{2})款）.+?（(?P<sub>\d{2})项）)"
)


def read_explanation(section, narrative):
    text = section.text
    head, _sep, items = text.partition("主要内容如下：")
    reason = re.search(r"财政拨款收入支出(?:增加|减少|持平)的主要原因是(?P<reason>[^。]+)", head)
    for topic, subject, pattern in HEADLINES:
        match = re.search(pattern + AMOUNT + CHANGE, head)
        if not match:
            continue
        fields = statement(topic, subject, match, match.group(0))
        if reason and subject.startswith("财政拨款") and fields["direction"]:
            fields["reason"] = reason.group("reason")
        narrative.statements.append(fields)
    item_paragraphs = [
        p for p in section.paragraphs() if numbered(p) and ("“" in p or CODED_PATH.search(p))
    ]
    for paragraph in item_paragraphs:
        number, text = numbered(paragraph)
        match = re.match(r"^“(?P<path>[^”]+)”(?:科目)?" + AMOUNT, text) or re.match(
            r"^" + CODED_PATH.pattern + AMOUNT, text
        )
        if not match:
            narrative.warnings.append(
                ("预算编制说明", text[:60], "提示：无法识别该条财政拨款支出主要内容的金额。")
            )
            continue
        item = statement("function", match.group("path"), match, text)
        if match.groupdict().get("class"):
            item["code"] = match.group("class") + match.group("item") + match.group("sub")
        purpose = re.search(r"主要用于(?P<purpose>[^。]+)", text)
        item["purpose"] = purpose.group("purpose") if purpose else ""
        prior = re.search(
            r"(?P<base_year>\d{4})年当年预算执行数为(?P<base>\d[\d,]*(?:\.\d+)?)万元，"
            r"\d{4}年预算安排(?P<planned>\d[\d,]*(?:\.\d+)?)万元，比\d{4}年预算执行数"
            r"(?:(?P<direction>增加|减少)(?P<percent>\d[\d,]*(?:\.\d+)?)%|(?P<flat>持平))"
            r"(?:[。，]?主要原因是[：:]?(?P<reason>[^。]+))?",
            text,
        )
        if prior:
            item["comparison"] = f"{prior.group('base_year')}年预算执行数"
            item["comparison_amount"] = wan(prior.group("base"))
            item["planned"] = wan(prior.group("planned"))
            item["direction"] = DIRECTIONS[prior.group("direction") or prior.group("flat")]
            item["change_percent"] = (
                Decimal(prior.group("percent")) if prior.group("percent") else None
            )
            item["reason"] = (prior.group("reason") or "").strip()
        item["number"] = number
        narrative.function_items.append(item)


THREE_PUBLIC = [
    ("“三公”经费", r"“三公”经费预算数为"),
    ("因公出国（境）费", r"因公出国（境）费"),
    ("公务用车购置及运行费", r"公务用车购置及运行费"),
    ("公务用车购置费", r"公务用车购置费"),
    ("公务用车运行费", r"公务用车运行费"),
    ("公务接待费", r"公务接待费"),
]


def read_other(section, narrative):
    text = section.text
    for subject, pattern in THREE_PUBLIC:
        match = re.search(pattern + AMOUNT + CHANGE + REASON, text)
        if match:
            narrative.statements.append(statement("three_public", subject, match, match.group(0)))
    match = re.search(r"机关运行经费预算为" + AMOUNT, text)
    if match:
        narrative.statements.append(
            statement("administrative_running", "机关运行经费", match, match.group(0))
        )
    read_procurement(text, narrative)
    match = re.search(r"编报绩效目标的项目(?:共)?(?P<count>\d+)个，涉及项目预算资金" + AMOUNT, text)
    if match:
        fields = statement("performance_coverage", "编报绩效目标的项目", match, match.group(0))
        fields["count"] = int(match.group("count"))
        narrative.statements.append(fields)
    read_assets(text, narrative)


def read_procurement(text, narrative):
    total = re.search(r"政府采购预算" + AMOUNT, text)
    if not total:
        return
    procurement = {"total": wan(total.group("amount"))}
    for key, pattern in (
        ("goods", r"货物预算"),
        ("works", r"工程预算"),
        ("services", r"服务预算"),
        ("reserved_for_sme", r"面向中小企业预留政府采购项目预算金额"),
        ("reserved_for_small_micro", r"预留给小型和微型企业的政府采购项目预算为"),
    ):
        match = re.search(pattern + AMOUNT, text)
        procurement[key] = wan(match.group("amount")) if match else None
    narrative.procurement = procurement


VEHICLES_RE = (
    r"车辆(?P<count>\d+)辆，其中：(?P<categories>[^；]+)；[^；]*?单价(?P<threshold>\d+)万元"
    r"（含）以上设备（不含车辆）(?P<equipment>\d+)台（套）"
)


def read_assets(text, narrative):
    held = re.search(
        r"截至(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日，[^；]*?共有" + VEHICLES_RE, text
    )
    planned = re.search(r"安排购置" + VEHICLES_RE, text)
    if not held:
        return
    assets = {
        "as_of": f"{held.group('y')}-{int(held.group('m')):02d}-{int(held.group('d')):02d}",
        "vehicles": int(held.group("count")),
        "equipment": int(held.group("equipment")),
        "threshold": wan(held.group("threshold")),
        "categories": categories(held.group("categories")),
        "vehicles_planned": int(planned.group("count")) if planned else None,
        "equipment_planned": int(planned.group("equipment")) if planned else None,
        "categories_planned": categories(planned.group("categories")) if planned else {},
    }
    narrative.assets = assets


def categories(text):
    """“部级领导干部用车0辆、主要领导干部用车0辆…” → {category: count}."""
    return {name: int(count) for name, count in re.findall(r"([^、，]+?)(\d+)辆", text)}
