"""The “说明：” printed under a table: why a table without figures has none (“本单位无政府性
基金预算财政拨款支出，故本表无数据”), kept as the table's note in place of its “注：”.

Tables may share a page: a note belongs to the table it stands under, between that
table's title (or the top of a page it runs on to) and the title of the next table that
starts on the page. A note wrapped over lines is read whole.
"""

from budgets.importers.tables import title_starts

#: How a note under a table starts.
NOTE_STARTS = ("说明：", "注：")


def explanation(table, found):
    """The “说明：…” notes printed under ``table`` (importers.tables.Table), each with the
    lines it wraps onto; ``found`` holds every table of the document."""
    notes = []
    for page in table.pages:
        starts = starts_on(page, found)
        begin = next((index for index in starts if page.lines[index] == table.title), 0)
        end = next((index for index in starts if index > begin), len(page.lines))
        notes += [
            wrapped_note(page.lines, index, end)
            for index in range(begin, end)
            if page.lines[index].startswith("说明：")
        ]
    return " ".join(notes)


def starts_on(page, found):
    """The indexes of the lines of ``page`` that title a table of ``found`` starting there."""
    titles = {table.title for table in found.values() if table.pages[0] is page}
    return [start[0] for start in title_starts(page, titles.__contains__)]


def wrapped_note(lines, index, end):
    """The note begun on ``lines[index]`` with the lines before ``end`` it wraps onto: up
    to the end of its sentence (“。”) or the start of another note."""
    note = [lines[index]]
    for line in lines[index + 1 : end]:
        if note[-1].rstrip().endswith("。") or line.startswith(NOTE_STARTS):
            break
        note.append(line.strip())
    return "".join(note)
