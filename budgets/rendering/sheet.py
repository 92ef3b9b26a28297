"""A PDF drawn page by page: a reportlab canvas with a cursor running down the page.

Positions are in points from the page's top-left corner, as pdfplumber reports them, and
turned into reportlab's bottom-up coordinates only here.
"""

import io
import re

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from . import fonts

PORTRAIT = A4
LANDSCAPE = landscape(A4)
#: A font's ascent as a share of its size: where the baseline sits below a line's top.
ASCENT = 0.86
#: What a line may not start with (it stays at the end of the line before).
CLOSING = set("，。、；：！？）》”’,.;:!?)%")
#: A run that must not be broken: a number, a Latin word, or else one character.
TOKEN = re.compile(r"[A-Za-z0-9.,%\-+/]+|\s+|.")


def wrap(text, font, size, width, indent=0.0):
    """``text`` broken into lines no wider than ``width`` points (one line per paragraph
    at least; each paragraph's first ``indent`` narrower): between characters, never
    inside a number, never before closing marks (the run before one goes down with it,
    so that nothing is printed past the width, into a neighbouring cell)."""
    lines = []
    for paragraph in str(text).split("\n"):
        line, used = [], indent
        for token in TOKEN.findall(paragraph):
            extent = fonts.width(token, font, size)
            if line and used + extent > width and not token.isspace():
                carried = [line.pop()] if token in CLOSING and len(line) > 1 else []
                if token not in CLOSING or carried:
                    lines.append("".join(line).rstrip())
                    line = carried
                    used = sum(fonts.width(part, font, size) for part in carried)
            if not line and token.isspace():
                continue
            line.append(token)
            used += extent
        lines.append("".join(line).rstrip())
    return lines


class Sheet:
    """The pages of one PDF being drawn, with ``top``, the cursor, on the current page."""

    def __init__(self, variant, title=""):
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=PORTRAIT, pageCompression=1)
        self.canvas.setTitle(title)
        self.variant = variant
        self.size = PORTRAIT
        self.number = 1
        self.top = variant.margin
        #: Whether anything is drawn on the current page yet, and whether its number is.
        self.drawn = False
        self.numbered = False

    @property
    def width(self):
        return self.size[0]

    @property
    def height(self):
        return self.size[1]

    @property
    def text_width(self):
        return self.width - 2 * self.variant.margin

    @property
    def bottom(self):
        """How far down the page text may go."""
        return self.height - self.variant.margin

    def room(self):
        return self.bottom - self.top

    def new_page(self, size=None):
        """Finish the current page (if anything is on it) and start one of ``size``."""
        if self.drawn:
            self.finish_page()
            self.canvas.showPage()
            self.number += 1
        self.size = size or self.size
        self.canvas.setPageSize(self.size)
        self.top = self.variant.margin
        self.drawn = self.numbered = False

    def finish_page(self):
        if self.numbered:
            text = self.variant.page_number.format(n=self.number)
            size = self.variant.text_size * 0.9
            x = (self.width - fonts.width(text, self.variant.body_font, size)) / 2
            self.text(x, self.height - self.variant.margin / 2 - size, text, size)

    def text(self, x, top, string, size, font=None):
        """Draw ``string`` with its line's top at ``top`` (points from the page's top)."""
        font = font or self.variant.body_font
        self.canvas.setFont(fonts.register(font), size)
        self.canvas.drawString(x, self.height - top - ASCENT * size, string)
        self.drawn = True

    def centred(self, top, string, size, font=None):
        """Draw ``string`` centred on the page's text width."""
        font = font or self.variant.body_font
        left = self.variant.margin + (self.text_width - fonts.width(string, font, size)) / 2
        self.text(left, top, string, size, font)

    def rule(self, x0, top0, x1, top1):
        """A ruling line (what pdfplumber finds a table's cells by)."""
        self.canvas.line(x0, self.height - top0, x1, self.height - top1)
        self.drawn = True

    def pdf(self):
        """The finished PDF's bytes."""
        self.finish_page()
        self.canvas.save()
        return self.buffer.getvalue()
