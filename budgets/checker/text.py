"""A document's text as the text rules read it, and the figures in it.

The pages' lines are taken as read (``importers.pdf``), with the numbers some PDFs print in a
font of their own put back into their gaps (``shanghai_final.pages.merged_lines``: “支出决算为
万元” over “1511.89”). Rules read either the lines (headers, the table of contents) or the
text flattened into one string without whitespace, in which a sentence wrapped over lines or
pages reads whole; every offset in it maps back to its file, page and line.
"""

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from budgets.families.shanghai_final.pages import merged_lines

#: Where a sentence ends. A file ends its last sentence too (``FILE_END``).
SENTENCE_END = "。！？"
FILE_END = "\n"
SENTENCE = re.compile(rf"[^{SENTENCE_END}{FILE_END}]+[{SENTENCE_END}]?")

#: An amount as printed: “2,940.05万元”, “0.5万元”, “1,234元”.
AMOUNT = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>万元|亿元|元)"
)
PERCENT = re.compile(r"(?<![\d.,])(?P<number>\d+(?:\.\d+)?)[%％]")
#: 万元 per unit: every amount is compared in 万元.
IN_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def flatten(line):
    """A line without whitespace, its parentheses full-width (as the narrative readers do)."""
    return re.sub(r"\s+", "", line).replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class Place:
    file: str
    page: int
    line: int  # 1-based, on the page as read


@dataclass(frozen=True)
class PageText:
    file: str
    number: int
    lines: list
    #: Whether the page has ruled tables (a table's title and header are on it).
    has_tables: bool


@dataclass(frozen=True)
class Sentence:
    start: int
    text: str

    @property
    def end(self):
        return self.start + len(self.text)


class Text:
    """The text of a document's files ([(file name, [importers.pdf.Page])], in order)."""

    def __init__(self, files):
        self.pages = []
        pieces, self.starts, self.places = [], [], []
        position = 0
        for name, pages in files:
            for page in pages:
                lines = merged_lines(page.lines)
                self.pages.append(PageText(name, page.number, lines, bool(page.tables)))
                for number, line in enumerate(lines, 1):
                    flat = flatten(line)
                    if flat:
                        self.starts.append(position)
                        self.places.append(Place(name, page.number, number))
                        pieces.append(flat)
                        position += len(flat)
            pieces.append(FILE_END)
            position += len(FILE_END)
        self.flat = "".join(pieces)
        self.sentences = [
            Sentence(match.start(), match.group()) for match in SENTENCE.finditer(self.flat)
        ]
        self.sentence_starts = [sentence.start for sentence in self.sentences]

    def place(self, offset):
        """The Place of the line the flat text's ``offset`` is on (None for no text)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.places[max(index, 0)] if self.places else None

    def where(self, offset):
        """``Hit`` keyword arguments naming where ``offset`` is printed."""
        place = self.place(offset)
        return {} if place is None else vars(place)

    def previous(self, sentence):
        """The sentence before ``sentence`` in the same file, or None."""
        index = bisect.bisect_left(self.sentence_starts, sentence.start)
        if index == 0:
            return None
        before = self.sentences[index - 1]
        return None if before.end < sentence.start else before


def excerpt(text, start, end, margin=30):
    """``text[start:end]`` with up to ``margin`` characters either side, “…” where cut."""
    left, right = max(0, start - margin), min(len(text), end + margin)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


@dataclass(frozen=True)
class Figure:
    """A number printed in a sentence: its value, decimal places and where it ends."""

    value: Decimal
    places: int
    start: int
    end: int
    unit: str = ""

    @property
    def wan(self):
        """The amount in 万元 (an amount printed in 元 or 亿元 converted)."""
        return self.value * IN_WAN[self.unit]

    @property
    def half_step(self):
        """Half the last printed place, in 万元: how far the unrounded figure may lie."""
        return Decimal(5) * Decimal(10) ** -(self.places + 1) * IN_WAN.get(self.unit, 1)


def figure(match, unit=""):
    """The Figure a match of ``AMOUNT`` or ``PERCENT`` prints (``unit`` for an amount)."""
    number = match.group("number").replace(",", "")
    places = len(number.partition(".")[2])
    return Figure(Decimal(number), places, match.start(), match.end(), unit)
