"""What real documents of one template vary, drawn at random from a seed.

Every knob is declared once, in ``Variant``, with the choices real documents show; its
first choice is the plain official look (``Variant()``, seed None). ``Variant.from_seed``
draws one choice per knob with ``random.Random(seed)``, so a seed names one variant for
good. A family narrows a knob to what its own documents do (``FamilyStyle.knobs``): the
importer is then tested on every variant its template allows, and on nothing it never
meets.
"""

import random
from dataclasses import dataclass, field, fields


def knob(*choices):
    """A Variant field: its choices, the first being the plain look."""
    return field(default=choices[0], metadata={"choices": choices})


@dataclass(frozen=True)
class Variant:
    #: The font of body text and table cells, and of titles and headings (``fonts.FONTS``).
    body_font: str = knob("uming", "ukai", "zenhei", "stsong")
    title_font: str = knob("zenhei", "uming", "ukai")
    #: Point sizes of table cells, narrative text and table titles.
    cell_size: float = knob(9.0, 8.0, 10.0, 7.5)
    text_size: float = knob(10.5, 12.0, 9.0)
    title_size: float = knob(15.0, 13.0, 18.0)
    #: Page margins in points (all four sides).
    margin: float = knob(48.0, 36.0, 64.0)
    #: Page orientation of a table: "auto" is portrait unless its columns need landscape.
    orientation: str = knob("auto", "landscape", "portrait")
    #: How far each column's width may stray from its natural share (a fraction).
    column_spread: float = knob(0.0, 0.2, 0.4)
    #: Whether a table fills the text width or keeps its natural width, centred.
    full_width: bool = knob(True, False)
    #: At most this many body rows on a page (None: as many as fit): where breaks fall.
    rows_per_page: int | None = knob(None, 6, 14, 25)
    #: Whether a side-by-side 收支总表 may break over pages like a list (its header
    #: repeated or not), rather than being set small enough for one page.
    split_layout: bool = knob(False, True)
    #: Whether a table that breaks ends with its last row (a 合计, 收入总计) alone on a
    #: page of its own, as one just a row too long for its page does.
    last_row_alone: bool = knob(False, True)
    #: Whether the first table begins on the page where the narrative before it ends.
    tables_after_text: bool = knob(False, True)
    #: Whether a table's header is printed again at the top of each page it goes on to.
    repeat_header: bool = knob(True, False)
    #: Whether a table starts on a page of its own or below the one before.
    table_on_new_page: bool = knob(True, False)
    #: Whether a table that fits a page is kept whole (begun on the next page rather
    #: than broken at the foot of this one).
    keep_tables: bool = knob(True, False)
    #: Empty ruled rows printed after a table's body (before a closing 合计 row).
    blank_rows: int = knob(0, 0, 3, 8)
    #: How a table without figures prints its body: as built (a blank 合计 row), with one
    #: row reading “无”, or with no row at all; its note follows in any case.
    empty_table: str = knob("as_built", "无", "no_rows")
    #: A table's note: on one line (shrunk to fit), or wrapped at the page's or the
    #: table's width.
    note_wrap: str = knob("fit", "page", "table")
    #: Whether amounts are grouped in thousands (1,234.50 or 1234.50).
    grouping: bool = knob(True, False)
    #: Whether row names are indented by their depth (款 under 类).
    indent: bool = knob(False, True)
    #: The page number at the foot of narrative pages.
    page_number: str = knob("- {n} -", "{n}", "第{n}页", "— {n} —")
    #: Cover: how the title is worded (“2025年”, “2025年度”, and “…公开” after it) and
    #: whether the organisation comes first.
    cover_wording: str = knob("plain", "annual", "published", "annual_published")
    cover_name_first: bool = knob(False, True)
    #: One PDF or two (the narrative “公开文件” and the tables “公开表”); "as_published"
    #: as the document itself was.
    files: str = knob("as_published", "one", "two")
    #: Where the narrative prints its title: on a cover page, over its 目录, or nowhere.
    cover: str = knob("as_published", "page", "over_contents", "none")
    #: The label over each table's title (“公开01表”, “公开01表：”, “公开表一”), or its title
    #: numbered “一、”, or neither; "as_published" as the stored title numbers it.
    numbering: str = knob(
        "as_published", "公开{:02d}表", "公开{:02d}表：", "公开表{}", "一、", "none"
    )
    #: Each table's title: as the document printed it, as the template words it, or as
    #: other documents word it.
    titles: str = knob("as_published", "template", "other")
    #: What the line naming the organisation over a table starts with.
    org_label: str = knob("部门：", "部门名称：", "编制单位：")
    #: Whether a tables file opens with its province's cover (“…省级部门预算公开报表”).
    tables_cover: str = knob("none", "report")
    #: The seed drawn from (None: the plain look).
    seed: int | None = None

    @classmethod
    def knobs(cls):
        """{knob name: its choices}, in declared order."""
        return {item.name: item.metadata["choices"] for item in fields(cls) if item.metadata}

    @classmethod
    def from_seed(cls, seed, allowed=None):
        """The variant drawn from ``seed`` (the plain one for None). ``allowed`` narrows
        knobs to a family's choices ({knob name: choices}); an unknown knob is an error."""
        allowed = dict(allowed or {})
        choices = cls.knobs()
        unknown = set(allowed) - set(choices)
        if unknown:
            raise ValueError(f"unknown variant knobs: {', '.join(sorted(unknown))}")
        choices.update(allowed)
        if seed is None:
            return cls(**{name: options[0] for name, options in choices.items()})
        rng = random.Random(seed)
        return cls(seed=seed, **{name: rng.choice(options) for name, options in choices.items()})

    def year_word(self, year):
        """The year as the cover words it: “2025年” or “2025年度”."""
        return f"{year}年{'度' if 'annual' in self.cover_wording else ''}"

    @property
    def published(self):
        """“公开” after the cover's title (“…部门预算公开”), or ""."""
        return "公开" if "published" in self.cover_wording else ""

    def rng(self, *salt):
        """A Random for one part of the document (e.g. a table's column widths), the same
        for the same seed and salt whatever else was drawn before it."""
        return random.Random(f"{self.seed}:{':'.join(str(part) for part in salt)}")
