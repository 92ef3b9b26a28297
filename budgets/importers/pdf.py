"""Reading a budget PDF into pages of text lines and ruled tables (pdfplumber).

Everything the parser needs from the file is read here, once, so that the rest of
the import works on plain strings and lists and can be tested without a PDF.
"""

import bisect
import hashlib
import io
import re
from dataclasses import dataclass, field

import pdfplumber
from django.utils.translation import gettext as _


class ImportRefusedError(Exception):
    """The file cannot be imported; the message says why, in Chinese, for the user."""


@dataclass
class Page:
    number: int
    lines: list[str]
    tables: list[list[list[str | None]]] = field(default_factory=list)
    #: Where things are printed (PDF points from the top of the page), for readers that
    #: must order titles and grids by position. Empty (or None per item) when unknown, as
    #: for a text file or a page built by hand: readers then go by text order alone.
    #: The page's height: what lies below it (or above 0) is outside the printed page.
    height: float | None = None
    #: (top, bottom) of each of ``lines``, or None where the line could not be placed.
    line_extents: list[tuple[float, float] | None] = field(default_factory=list)
    #: (top, bottom) of each row of each of ``tables``.
    table_row_extents: list[list[tuple[float, float]]] = field(default_factory=list)
    #: (x0, x1) of each cell of each row of each of ``tables``; None for a cell covered by
    #: a merged one (where ``tables`` has None).
    table_cell_extents: list[list[list[tuple[float, float] | None]]] = field(default_factory=list)
    #: Every word as printed, (text, x0, x1, top, bottom), and every ruling line,
    #: (x0, x1, top, bottom): what the fidelity gate (``budgets.fidelity``) reads the printed
    #: cells from, apart from the lines and grids the template readers use.
    words: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    rulings: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def table_tops(self):
        """The top of each of ``tables`` (None where unknown)."""
        return [rows[0][0] if rows else None for rows in self.table_row_extents]

    @property
    def first_line(self):
        return self.lines[0] if self.lines else ""


@dataclass
class PdfContent:
    pages: list[Page]
    sha256: str
    created_on: str | None = None  # YYYY-MM-DD from the PDF's CreationDate, if any


def read_pdf(data, extractor=None):
    """The pages of a PDF given as bytes; ImportRefusedError if it is not a readable PDF.
    ``extractor`` replaces ``extract`` (e.g. ``limits.extract_within`` for uploads)."""
    if not data.startswith(b"%PDF-"):
        raise ImportRefusedError(_("该文件不是PDF文件（文件头不是“%PDF-”）。"))
    if b"%%EOF" not in data[-2048:]:
        raise ImportRefusedError(_("PDF文件不完整（缺少文件结束标记），可能在传输中被截断。"))
    pages, created = (extractor or extract)(data)
    if not pages:
        raise ImportRefusedError(_("该PDF文件没有页面。"))
    for page in pages:
        if page.line_extents:
            page.line_extents = [
                extent for line, extent in zip(page.lines, page.line_extents, strict=True) if line
            ]
        page.lines = [line for line in page.lines if line]
        drop_page_number(page)
    created_on = None
    if created.startswith("D:") and len(created) >= 10 and created[2:10].isdigit():
        created_on = f"{created[2:6]}-{created[6:8]}-{created[8:10]}"
    return PdfContent(pages=pages, sha256=hashlib.sha256(data).hexdigest(), created_on=created_on)


PAGE_NUMBER = re.compile(r"[-－—–\s]*\d{1,3}[-－—–\s]*|第\s*\d{1,3}\s*页(共\s*\d{1,3}\s*页)?")


def drop_page_number(page):
    """Leave out the page number printed at the foot of a page (“24”, “— 24 —”, “第24页”),
    so that no reader joins it to the last words of the page: a narrative page ending
    “增加了 40” and the next starting “万元” read as 40 万元, not 4,024."""
    if not page.lines or not PAGE_NUMBER.fullmatch(page.lines[-1]):
        return
    extent = page.line_extents[-1] if len(page.line_extents) == len(page.lines) else None
    if extent is None or page.height is None or extent[0] < FOOT * page.height:
        return
    page.lines.pop()
    page.line_extents.pop()


#: Where a page's foot begins, as a share of its height.
FOOT = 0.85


def extract(data):
    """(pages, CreationDate) of a PDF through pdfplumber: the slow part of an import, kept
    apart so that a test session can extract each published file once."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [extract_page(index + 1, page) for index, page in enumerate(pdf.pages)]
            created = str(pdf.metadata.get("CreationDate") or "")
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise ImportRefusedError(_("无法读取该PDF文件：%(error)s") % {"error": error}) from error
    return pages, created


def extract_page(number, page):
    """One pdfplumber page as a Page: its text lines and ruled tables as before, with the
    position of each line and each table row."""
    lines = [line.strip() for line in (page.extract_text() or "").split("\n")]
    # Edges 1 pt apart are one ruling; pdfplumber's default (3 pt) also merged the right
    # edges of tables stacked on one page (441, 442.5 and 445 pt in a rendered 决算),
    # dropping a column. The 20 real documents read the same either way.
    found = page.find_tables({"snap_tolerance": 1})
    rulings = [
        (float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"]))
        for edge in page.edges
    ]
    return Page(
        number=number,
        lines=lines,
        tables=[table.extract() for table in found],
        height=float(page.height),
        line_extents=line_extents(lines, page.extract_text_lines(return_chars=False)),
        table_row_extents=[
            [(float(row.bbox[1]), float(row.bbox[3])) for row in table.rows] for table in found
        ],
        table_cell_extents=[
            [
                [None if cell is None else (float(cell[0]), float(cell[2])) for cell in row.cells]
                for row in table.rows
            ]
            for table in found
        ],
        words=ruled_words(page, rulings),
        rulings=rulings,
    )


def ruled_words(page, rulings):
    """The page's words as (text, x0, x1, top, bottom), a word cut where a vertical ruling
    passes between two of its characters: a figure printed up against the next cell's text
    (“91,016,775.35一、一般公共服务支出”) is two cells' words."""
    verticals = sorted((x0, top, bottom) for x0, x1, top, bottom in rulings if x1 - x0 < 1)
    positions = [x for x, _top, _bottom in verticals]
    words = []
    for word in page.extract_words(return_chars=True):
        piece = []
        for char in word["chars"]:
            if piece and ruled_between(piece[-1], char, verticals, positions):
                words.append(word_of(piece))
                piece = []
            piece.append(char)
        words.append(word_of(piece))
    return words


def ruled_between(before, after, verticals, positions):
    """True where a vertical ruling passes between two characters printed side by side."""
    start = bisect.bisect_left(positions, before["x1"] - 1)
    end = bisect.bisect_right(positions, after["x0"] + 1)
    return any(top <= after["top"] <= bottom for _x, top, bottom in verticals[start:end])


def word_of(chars):
    return (
        "".join(char["text"] for char in chars),
        float(chars[0]["x0"]),
        float(chars[-1]["x1"]),
        float(min(char["top"] for char in chars)),
        float(max(char["bottom"] for char in chars)),
    )


def line_extents(lines, placed):
    """(top, bottom) of each of ``lines`` from pdfplumber's text lines (the same text, blank
    lines left out); None for a line that cannot be matched."""
    extents = []
    rest = iter(placed)
    pending = next(rest, None)
    for line in lines:
        if line and pending is not None and pending["text"].strip() == line:
            extents.append((float(pending["top"]), float(pending["bottom"])))
            pending = next(rest, None)
        else:
            extents.append(None)
    return extents
