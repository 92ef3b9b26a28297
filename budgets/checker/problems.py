"""The reader's own problems (``Disagreement``s of its checked document) as hits: where each
is printed, found from the table and row it names."""

from .base import Hit
from .text import flatten

#: How the readers mark a warning's message; the severity says it here.
WARNING_PREFIX = "提示："


#: A row named by fewer characters (“合计”, “基本支出”) is printed in too many places to
#: say which one a problem is about.
DISTINCT_ROW = 6


def place_of(text, table, row):
    """Where a problem is printed: the line printing the table's title alone (its own
    title, not the 目录's numbered entry; the last such line); for the narrative, whose
    sections are no tables, the first mention of a row named distinctly enough, on a page
    of prose if there is one; else nothing."""
    title = flatten(table)
    found = {}
    for page in text.pages:
        for index, line in enumerate(page.lines):
            if title and flatten(line) == title:
                found = {"file": page.file, "page": page.number, "line": index + 1}
    row = flatten(row)
    if found or len(row) < DISTINCT_ROW:
        return found
    prose = {(page.file, page.number) for page in text.pages if not page.has_tables}
    mentions = [text.where(offset) for offset in occurrences(text.flat, row)]
    in_prose = [where for where in mentions if (where["file"], where["page"]) in prose]
    return (in_prose or mentions or [{}])[0]


def occurrences(text, part):
    start = text.find(part)
    while start >= 0:
        yield start
        start = text.find(part, start + 1)


def problem_hits(context, problems):
    return [
        Hit(
            str(problem.message).removeprefix(WARNING_PREFIX),
            table=str(problem.table),
            row=str(problem.row),
            **place_of(context.text, str(problem.table), str(problem.row)),
        )
        for problem in problems
    ]
