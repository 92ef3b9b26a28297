"""Pages as read, with the numbers some PDFs print in a font of their own put back.

Such a number (“2024”, “2995.39”, “1.87%”, a quotation mark) lands on a line of its own
below the line it belongs to, which keeps a gap (a single space) where it stood:
“年度收入支出总计 万元。与 年度相比” over “2024 2995.39 2023”. ``merged_pages`` puts each
back into its gap.
"""

import re

from budgets.importers.pdf import Page

LOOSE_TOKEN = re.compile(r"^(?:-?[\d.,]+%?|[“”])$")
LEADING = tuple("、，。；：）%”")
UNIT_START = ("万", "%", "个", "辆", "台", "分", "年")


def merge_line(text, tokens):
    """``text`` with its gaps (single spaces) filled by ``tokens`` in order: every gap when
    the counts agree, else the gaps a unit follows (“ 万元”), with a token before a line
    that starts with a unit or punctuation and one after a line that ends without one."""
    parts = text.split(" ")
    places = token_places(parts, tokens)
    if places is None:
        return " ".join([text, *tokens])
    filled = dict(zip(places, tokens, strict=True))
    pieces = []
    for index, part in enumerate(parts):
        pieces += [filled.get(index, ""), part]
    pieces.append(filled.get(len(parts), ""))
    return "".join(pieces)


def token_places(parts, tokens):
    """Where ``tokens`` go among ``parts`` (index i: before part i; len(parts): at the
    end), or None when they cannot be placed."""
    gaps = list(range(1, len(parts)))
    text = " ".join(parts)
    lead = [0] if tokens[0] == "“" or text.startswith(LEADING + UNIT_START) else []
    if len(tokens) == len(gaps):
        return gaps
    if len(tokens) == len(gaps) + 1:
        return lead + gaps if lead else gaps + [len(parts)]
    places = lead + [i for i in gaps if parts[i].startswith(UNIT_START)]
    if len(tokens) == len(places) + 1:
        places.append(len(parts))
    return places if len(tokens) == len(places) else None


def merged_lines(lines):
    merged = []
    for line in lines:
        tokens = line.split()
        loose = tokens and all(LOOSE_TOKEN.match(token) for token in tokens)
        if loose and merged and re.search(r"[\u4e00-\u9fff]", merged[-1]):
            merged[-1] = merge_line(merged[-1], tokens)
        else:
            merged.append(line)
    return merged


def merged_pages(pages):
    return [
        Page(
            number=page.number,
            lines=merged_lines(page.lines),
            tables=page.tables,
            height=page.height,
            table_row_extents=page.table_row_extents,
            table_cell_extents=page.table_cell_extents,
        )
        for page in pages
    ]
