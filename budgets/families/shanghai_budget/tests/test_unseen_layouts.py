"""Layouts the published files do not show but other documents of the template will: a real
PDF's pages (区政府办公室 2025, unit and department) edited here as another document would
print them, and read to the very facts the unedited file gives.

- a 收支总表 whose 收入总计/支出总计 row runs on to a page of its own, without the header;
- a table's note wrapped over several lines, with or without the next table below it;
- the narrative's last lines on the page where the first table starts;
- the title over the 目录 and no cover (identity; hand-built pages in test_identity).
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from budgets.families.shanghai_budget.reader import read_contents
from budgets.importers.pdf import read_pdf
from budgets.importers.tables import is_data_row

pytestmark = pytest.mark.disclosures

UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
DEPARTMENT = "上海市普陀区人民政府办公室25年预算.pdf"
#: Where the unit document prints what is edited here (page numbers as printed).
EXPLANATION_END, SUMMARY, FISCAL_SUMMARY, FUND, CAPITAL = 7, 8, 13, 16, 17
FUND_NOTE = "注:本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"
CAPITAL_NOTE = "注:本单位2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。"


@pytest.fixture
def pages_of(disclosure):
    """The pages of a published file, as the importer reads them (a fresh copy each)."""
    return lambda name: read_pdf(disclosure(name).read_bytes())


def read(content, pages=None):
    """The document read from ``content``, its pages replaced by ``pages`` if given (and
    numbered 1, 2, … again)."""
    if pages is not None:
        pages = [replace(page, number=number) for number, page in enumerate(pages, 1)]
        content = replace(content, pages=pages)
    return read_contents([content], None)


def facts(document):
    """What a document publishes, as read: every fact, statement and note, and the findings."""
    return (
        document.cover,
        document.revenue,
        document.expenditure,
        document.economic,
        document.basic_splits,
        document.restricted,
        document.narrative.statements,
        document.narrative.function_items,
        document.statements,
        document.printed_rows,
        {number: table.note for number, table in document.tables.items()},
        [str(problem) for problem in document.errors + document.warnings],
    )


def shifted(page, by):
    """``page``'s positions moved ``by`` points down."""

    def move(extent):
        return None if extent is None else (extent[0] + by, extent[1] + by)

    return replace(
        page,
        line_extents=[move(extent) for extent in page.line_extents],
        table_row_extents=[[move(row) for row in rows] for rows in page.table_row_extents],
    )


def joined(upper, lower):
    """One page printing ``upper`` and, below it, ``lower``."""
    bottom = max(extent[1] for extent in upper.line_extents if extent)
    top = min(extent[0] for extent in lower.line_extents if extent)
    lower = shifted(lower, bottom - top + 30)
    return replace(
        upper,
        lines=upper.lines + lower.lines,
        line_extents=upper.line_extents + lower.line_extents,
        tables=upper.tables + lower.tables,
        table_row_extents=upper.table_row_extents + lower.table_row_extents,
        table_cell_extents=upper.table_cell_extents + lower.table_cell_extents,
        words=[],
        rulings=[],
    )


def split(page, at):
    """(``page`` down to row ``at`` of its grid, the rest on a page of its own): the lines
    and rows printed from that row's top on run on to the next page, without the header."""
    top = page.table_row_extents[0][at][0]
    lower = [i for i, extent in enumerate(page.line_extents) if extent and extent[0] >= top]
    upper = [i for i in range(len(page.lines)) if i not in lower]

    def part(lines, rows):
        return replace(
            page,
            lines=[page.lines[i] for i in lines],
            line_extents=[page.line_extents[i] for i in lines],
            tables=[page.tables[0][rows]],
            table_row_extents=[page.table_row_extents[0][rows]],
            table_cell_extents=[page.table_cell_extents[0][rows]],
            words=[],
            rulings=[],
        )

    return part(upper, slice(None, at)), part(lower, slice(at, None))


def wrapped(page, note, at):
    """``page`` with its note printed over two lines, broken after ``at`` characters."""
    index = page.lines.index(note)
    top, bottom = page.line_extents[index]
    height = bottom - top
    return replace(
        page,
        lines=[*page.lines[:index], note[:at], note[at:], *page.lines[index + 1 :]],
        line_extents=[
            *page.line_extents[:index],
            (top, bottom),
            (bottom + height / 4, bottom + height / 4 + height),
            *page.line_extents[index + 1 :],
        ],
    )


@pytest.mark.parametrize("name", [UNIT, DEPARTMENT])
def test_a_total_row_run_on_to_a_page_without_the_header(pages_of, name):
    """表4's 收入总计/支出总计 row alone on the next page, no header over it: a row that
    starts with a total label and carries figures is the table's last row, not a header
    (it was refused: 「第14页《2025年…财政拨款收支预算总表》：无法识别的表头“收入总计”。」)."""
    content = pages_of(name)
    pages = list(content.pages)
    page = pages[FISCAL_SUMMARY - 1]
    total = next(i for i, row in enumerate(page.tables[0]) if row[0] == "收入总计")
    pages[FISCAL_SUMMARY - 1 : FISCAL_SUMMARY] = split(page, total)
    document = read(content, pages)
    assert [page.number for page in document.tables["4"].pages] == [13, 14]
    assert document.tables["4"].left_total == {"total": Decimal("91016775.35")}
    assert facts(document) == facts(read(content))


def test_a_total_row_with_figures_is_data_and_a_total_label_in_a_header_is_not():
    assert is_data_row(["收入总计", "91,016,775.35", "支出总计", "91,016,775.35", "", "", ""])
    assert is_data_row(["合计", "", "", "", "1.00", "", "1.00"])
    assert is_data_row(["合计", None, None])
    assert not is_data_row(["合计", "基本支出", "项目支出"])
    assert not is_data_row(["收入总计", None, "支出总计", None])


def test_notes_wrapped_over_lines_with_the_next_table_below(pages_of):
    """表6 and 表7 on one page, each note broken over two lines: each note is read whole,
    up to the next table's title (it was cut to its first line: 「注:本单位2025年无政府性
    基金预算财政拨款安排的预算，故本」)."""
    content = pages_of(UNIT)
    pages = list(content.pages)
    fund = wrapped(pages[FUND - 1], FUND_NOTE, 30)
    capital = wrapped(pages[CAPITAL - 1], CAPITAL_NOTE, 32)
    pages[FUND - 1 : CAPITAL] = [joined(fund, capital)]
    document = read(content, pages)
    assert document.tables["6"].note == FUND_NOTE
    assert document.tables["7"].note == CAPITAL_NOTE
    assert document.tables["6"].pages == document.tables["7"].pages
    assert facts(document) == facts(read(content))


def test_a_note_wrapped_over_three_lines_where_the_page_gives_no_positions(pages_of):
    content = pages_of(UNIT)
    pages = list(content.pages)
    page = pages[FUND - 1]
    index = page.lines.index(FUND_NOTE)
    lines = [FUND_NOTE[:12], FUND_NOTE[12:25], FUND_NOTE[25:]]
    pages[FUND - 1] = replace(
        page,
        lines=[*page.lines[:index], *lines, "其他相关情况说明"],
        line_extents=[],
    )
    assert read(content, pages).tables["6"].note == FUND_NOTE


def test_the_narratives_last_lines_above_the_first_table(pages_of):
    """预算编制说明's last items (8–12, e.g. 2101102 事业单位医疗) printed on the page where
    表1 starts, above its title: read as narrative (they vanished)."""
    content = pages_of(UNIT)
    pages = list(content.pages)
    pages[EXPLANATION_END - 1 : SUMMARY] = [joined(pages[EXPLANATION_END - 1], pages[SUMMARY - 1])]
    document = read(content, pages)
    topics = [statement["topic"] for statement in document.statements]
    assert "function:2101102" in topics
    assert document.tables["1"].pages[0].number == EXPLANATION_END
    assert facts(document) == facts(read(content))


def test_no_cover_and_the_title_over_the_contents(pages_of):
    """The cover left out and the title printed over the 目录 (no 预算单位 line): the
    organisation from the tables' 编制单位 line, the rest from the title."""
    content = pages_of(UNIT)
    cover, contents, *rest = content.pages
    titled = replace(contents, lines=[cover.lines[0], *contents.lines], line_extents=[])
    document = read(content, [titled, *rest])
    assert document.cover.owner == "上海市普陀区人民政府办公室"
    assert (document.cover.year, document.cover.scope, document.cover.district) == (
        2025,
        "unit",
        "普陀区",
    )
    assert facts(document)[1:] == facts(read(content))[1:]
