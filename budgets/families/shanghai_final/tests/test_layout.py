"""The declared layout: what the database stores and what the reader looks for are one
declaration; each table is found by its title or, untitled, by its header; a table found
neither way is named in the refusal."""

import json

import pytest
from django.conf import settings

from budgets.families.shanghai_final import find
from budgets.families.shanghai_final.layout import FINAL_ACCOUNTS
from budgets.families.shanghai_final.pages import merged_pages
from budgets.families.shanghai_final.reader import READER
from budgets.importers.layout import template_rows
from budgets.importers.pdf import ImportRefusedError

from .documents import FINANCE, SOCIAL, read, table_page

BY_NUMBER = {table.number: table for table in FINAL_ACCOUNTS.tables}


def test_the_stored_template_is_the_declaration():
    stored = json.loads((settings.BASE_DIR / "fixtures" / "templates.json").read_text())
    code = FINAL_ACCOUNTS.code
    mine = [
        row
        for row in stored
        if row["fields"].get("code") == code or row["fields"].get("template") == [code]
    ]
    assert template_rows(FINAL_ACCOUNTS) == mine
    assert [table.number for table in FINAL_ACCOUNTS.tables] == [str(n) for n in range(1, 10)]
    assert FINAL_ACCOUNTS.amount_unit == "万元" and FINAL_ACCOUNTS.parts == ()
    assert READER.parts == FINAL_ACCOUNTS.parts


def test_each_title_names_one_table():
    owners = {}
    for table in FINAL_ACCOUNTS.tables:
        for title in table.titles:
            assert owners.setdefault(title, table.number) == table.number


@pytest.mark.parametrize("name", [SOCIAL, FINANCE])
def test_each_printed_header_tells_its_table_apart(disclosure, name):
    """Only 表8 and 表9 print the same header: they are known by their titles alone."""
    found = find.find_final_tables(merged_pages(read(disclosure, name).pages))
    for number, table in found.items():
        grid = table.grids[table.pages[0].number][0]
        expected = None if number in ("8", "9") else BY_NUMBER[number]
        assert find.header_layout(grid, FINAL_ACCOUNTS.tables) is expected, number


@pytest.mark.parametrize(
    "title",
    ["收入支出决算总表", "支出决算表", "一般公共预算财政拨款基本支出决算表"],
)
@pytest.mark.parametrize("name", [SOCIAL, FINANCE])
def test_a_table_without_its_title_is_found_by_its_header(disclosure, name, title):
    """The first table (no table before it to continue) and tables that would otherwise
    run on from the one before: the document reads exactly as with its titles."""
    printed = READER.read([read(disclosure, name)], None)
    content = read(disclosure, name)
    page = table_page(content, title)
    page.lines[:] = [line for line in page.lines if line.replace(" ", "") != title]
    untitled = READER.read([content], None)
    assert untitled.tables == printed.tables
    for facts in ("revenue", "expenditure", "economic", "carry_overs", "printed_rows"):
        assert getattr(untitled, facts) == getattr(printed, facts), facts
    assert untitled.statements == printed.statements
    assert (untitled.errors, untitled.warnings) == (printed.errors, printed.warnings)


def test_a_missing_table_is_named_by_number_and_title(disclosure):
    content = read(disclosure, SOCIAL)
    first = table_page(content, "一般公共预算财政拨款基本支出决算表")
    following = table_page(content, "财政拨款“三公”经费支出决算表")
    content.pages[:] = [
        page for page in content.pages if not first.number <= page.number < following.number
    ]
    with pytest.raises(ImportRefusedError) as refused:
        READER.read([content], None)
    assert str(refused.value) == (
        "文件中找不到以下决算表：表6 一般公共预算财政拨款基本支出决算表。"
    )
