"""The amounts a PDF prints in its official tables, read from words and ruling lines alone.

Nothing here uses the template readers (``importers``): a table is found by its title
printed on a page, a cell by the ruling lines around it, its row by the words printed to
its left inside the same ruled row, its column by the ruled cell it is printed in. What
counts as an amount is what a reader counting printed figures would take: a comma-grouped
or decimal number in a ruled cell, or a whole number beside other amounts in its row; not
a code (a name follows it), a page number, text below the page's edge, or a figure of a
sentence (its unit follows it).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")
#: A whole number: an amount where it stands beside other amounts (see ``amounts_among``).
INTEGER = re.compile(r"^-?\d{1,15}$")
#: Words closer than this (points) in their tops print on one line.
LINE_TOLERANCE = 2.5
#: The tallest ruled cell (points) an amount is read from.
CELL_HEIGHT = 200.0
#: How far (points) a ruling may miss a word's edge and still bound it.
SLACK = 2.0


@dataclass(frozen=True)
class PrintedCell:
    """One printed amount: its table, page, value, column and the words of its row."""

    table: str
    page: int
    amount: Decimal
    text: str
    #: Which amount column of the table on that page (0 is the leftmost printed).
    column: int
    #: The words printed to its left in its ruled row, top to bottom and left to right,
    #: normalised: its code and name, and in a side-by-side table the other half's too.
    label: str


def normalise(text):
    """Text compared as printed, whatever the spacing and the width of its punctuation."""
    text = re.sub(r"\s+", "", text)
    return text.translate(WIDTH)


WIDTH = str.maketrans("（）：，；“”‘’", '():,;""' + "''")


def amount_of(text):
    return Decimal(text.replace(",", ""))


class Rulings:
    """A page's ruling lines, merged per position so that cell bounds are quick to find."""

    def __init__(self, rulings):
        self.vertical = merged(
            (round(x0, 0), top, bottom)
            for x0, x1, top, bottom in rulings
            if x1 - x0 < 1 and bottom - top >= 1
        )
        self.horizontal = merged(
            (round(top, 0), x0, x1)
            for x0, x1, top, bottom in rulings
            if bottom - top < 1 and x1 - x0 >= 1
        )

    def __bool__(self):
        return bool(self.vertical and self.horizontal)

    def in_grid(self, word):
        """True where ruling lines enclose the word left and right, and above and below.
        A figure may overflow its cell a little at the table's foot: the side rulings may
        cross it anywhere from its top to its bottom."""
        _text, x0, x1, top, bottom = word
        return self.band(word) is not None and any(
            self.nearest(self.vertical, y, below=x0 + SLACK, before=True) is not None
            and self.nearest(self.vertical, y, below=x1 - SLACK, before=False) is not None
            for y in (top, (top + bottom) / 2, bottom)
        )

    def band(self, word):
        """(top, bottom) of the ruled row the word is printed in, or None: the rulings
        nearest above and below its middle (a figure may overflow its cell a little)."""
        _text, x0, x1, top, bottom = word
        middle_x, middle_y = (x0 + x1) / 2, (top + bottom) / 2
        above = self.nearest(self.horizontal, middle_x, below=middle_y, before=True)
        under = self.nearest(self.horizontal, middle_x, below=middle_y, before=False)
        if above is None or under is None:
            return None
        return above, under

    @staticmethod
    def nearest(lines, across, below, before):
        """The position of the nearest line crossing ``across``: the last one at or before
        ``below`` (``before``) or the first one at or after it."""
        found = None
        for position, spans in lines:
            if before and position > below or not before and position < below:
                continue
            if any(start - SLACK <= across <= end + SLACK for start, end in spans):
                if before:
                    found = position
                else:
                    return position
        return found


def merged(segments):
    """[(position, [(start, end), …])] sorted by position, overlapping spans joined."""
    by_position = {}
    for position, start, end in segments:
        by_position.setdefault(position, []).append((start, end))
    result = []
    for position in sorted(by_position):
        spans = []
        for start, end in sorted(by_position[position]):
            if spans and start <= spans[-1][1] + SLACK:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        result.append((position, spans))
    return result


def on_the_page(page):
    """The words printed on the page: a PDF may place text below its lower edge, which no
    reader ever sees."""
    if page.height is None:
        return page.words
    return [word for word in page.words if word[3] >= 0 and word[4] <= page.height]


def lines_of(words):
    """The page's words as printed lines, top to bottom, each left to right."""
    lines = []
    for word in sorted(words, key=lambda word: (word[3], word[1])):
        if lines and abs(lines[-1][0][3] - word[3]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda word: word[1]) for line in lines]


def title_at(line, following_lines, titles):
    """The number of the table whose title this line prints (alone, or over the next two
    lines: a title may wrap, with its quotation marks set on a line of their own), starting
    on this line;
    the longest title that fits, as 收入支出决算总表 is part of 财政拨款收入支出决算总表."""
    candidates = [title_text(line)]
    for following in following_lines:
        candidates.append(candidates[-1] + title_text(following))
    first = len(candidates[0])
    found = [
        (len(title), number)
        for number, title in titles
        if len(title) >= 4
        and any(
            0 <= candidate.find(title) < first and len(candidate) <= len(title) + 14
            for candidate in candidates
        )
    ]
    return max(found)[1] if found else None


def title_text(words):
    """A title as compared: normalised, without quotation marks (often set apart)."""
    return re.sub(r"[\"'“”‘’]", "", normalise("".join(word[0] for word in words)))


def table_regions(pages, titles):
    """{table number: [(page, words)]}: the words printed from each table's title to the
    next title, page by page. ``titles``: (number, title) of the official tables."""
    titles = [(number, title_text([(title,)])) for number, title in titles]
    ruled = any(Rulings(page.rulings) for page in pages)
    regions, current = {}, None
    for page in pages:
        if ruled and not Rulings(page.rulings):
            # A table goes on over ruled pages only: an unruled page (a narrative, a
            # project's description) ends it, and whatever follows is no part of it.
            current = None
        lines = lines_of(on_the_page(page))
        for index, line in enumerate(lines):
            number = title_at(line, lines[index + 1 : index + 3], titles)
            if number is not None:
                current = number
                regions.setdefault(current, []).append((page, []))
                continue
            if current is None:
                continue
            if regions[current][-1][0] is not page:
                regions[current].append((page, []))
            regions[current][-1][1].extend(line)
    return regions


def columns_of(amounts, rulings):
    """Column index of each amount word, numbered left to right. Figures whose extents
    overlap across rows print in one column: a right-aligned figure of any length overlaps
    the others; on a ruled page each figure counts as wide as its ruled cell, so figures
    aligned left and right in one column (人大2018 公开11表) are one column too, while a
    neighbouring column, across a ruling, is not."""
    extents = [cell_extent(rulings, word) for word in amounts]
    order = sorted(range(len(amounts)), key=lambda index: extents[index][0])
    column, right, columns = -1, None, [0] * len(amounts)
    for index in order:
        x0, x1 = extents[index]
        if right is None or x0 >= right - 1:
            column += 1
            right = x1
        else:
            right = max(right, x1)
        columns[index] = column
    return columns


def cell_extent(rulings, word):
    """(left, right) of the ruled cell a word is printed in, just inside its rulings; the
    word's own extent where it is not ruled on both sides."""
    _text, x0, x1, top, bottom = word
    if rulings:
        middle = (top + bottom) / 2
        left = rulings.nearest(rulings.vertical, middle, below=x0 + SLACK, before=True)
        right = rulings.nearest(rulings.vertical, middle, below=x1 - SLACK, before=False)
        if left is not None and right is not None:
            return left + SLACK, right - SLACK
    return x0, x1


def cells_on_page(number, page, words, ruled):
    """The printed amounts of table ``number`` among ``words`` of ``page``. In a document
    whose tables are ruled (``ruled``), only words inside ruled cells count: a narrative
    printed after the last table is no part of it."""
    rulings = Rulings(page.rulings)
    printed = words
    if rulings:
        words = [word for word in words if rulings.in_grid(word)]
    elif ruled:
        return []
    bands = {word: cell_band(rulings, word) for word in words}
    numeric = [
        word
        for word in amounts_among(words, bands)
        if in_a_cell(bands[word]) and not in_running_text(word, printed)
    ]
    chosen = set(numeric)
    text = [(word, bands[word]) for word in words if word not in chosen]
    return [
        PrintedCell(
            table=number,
            page=page.number,
            amount=amount_of(word[0]),
            text=word[0],
            column=column,
            label=row_label(word, bands[word], text),
        )
        for word, column in zip(numeric, columns_of(numeric, rulings), strict=True)
        if amount_of(word[0]) != 0
    ]


def row_label(word, band, text):
    """The words printed left of an amount in its row, line by line, each left to right.
    A word belongs to the row where its own cell overlaps it: a group name printed once in
    a cell spanning several rows labels each of them."""
    label = [
        other for other, other_band in text if overlap(other_band, band) and other[2] <= word[1] + 1
    ]
    return normalise("".join(other[0] for line in lines_of(label) for other in line))


#: What follows a figure in running text (“17996.68 万元”, “0.08 %”), never in a table cell.
UNITS = ("万", "元", "亿", "%", "％")


def in_running_text(word, words):
    """True for a figure its unit follows on its line: a sentence, not a table's cell."""
    return any(
        abs(other[3] - word[3]) <= LINE_TOLERANCE
        and 0 <= other[1] - word[2] <= 15
        and other[0].startswith(UNITS)
        for other in words
    )


def amounts_among(words, bands):
    """The words of a table that print amounts: comma-grouped or decimal numbers, and whole
    numbers that stand in a row beside other amounts. A whole number with a name after it
    in its row is a code (or a code's part), as ``208 05 06 机关事业单位职业年金缴费支出``;
    one alone in its row is no amount either (a page number inside the page's frame)."""
    rows = {
        word: [other for other in words if overlap(bands[other], bands[word])] for word in words
    }
    figures = [word for word in words if is_figure(word, rows[word])]
    return [
        word
        for word in figures
        if AMOUNT.match(word[0])
        or any(other is not word for other in rows[word] if other in figures)
    ]


def is_figure(word, row):
    """A number that is not a code: a decimal or grouped one, or a whole number that no
    name follows in its row."""
    if AMOUNT.match(word[0]):
        return True
    return bool(INTEGER.match(word[0])) and not any(
        other[1] >= word[2] and not (AMOUNT.match(other[0]) or INTEGER.match(other[0]))
        for other in row
    )


def overlap(band, other):
    """True where two rows' bands share more than a ruling's slack."""
    return band[0] < other[1] - SLACK and other[0] < band[1] - SLACK


def in_a_cell(band):
    """True for a band the height of table rows: a narrative page framed by one ruled box
    is no table."""
    top, bottom = band
    return bottom - top <= CELL_HEIGHT


def cell_band(rulings, word):
    """(top, bottom) of the ruled cell a word is printed in; its own line where unruled."""
    return (rulings.band(word) if rulings else None) or (word[3] - 1, word[4] + 1)


def printed_cells(pages, titles):
    """Every nonzero amount printed in the official tables of ``pages`` (pdf.Page with
    words and rulings), as PrintedCell, by table then page then reading order."""
    ruled = any(Rulings(page.rulings) for page in pages)
    cells = []
    for number, parts in table_regions(pages, titles).items():
        for page, words in parts:
            cells += cells_on_page(number, page, words, ruled)
    return cells
