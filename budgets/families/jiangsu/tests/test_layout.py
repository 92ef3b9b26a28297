"""The declared layouts of 江苏's two templates: what the database stores and what the
reader looks for are the same declaration."""

import json

import pytest
from django.conf import settings

from budgets.families.jiangsu import checks, find
from budgets.families.jiangsu.layout import (
    LAYOUTS,
    PROVINCIAL_2017,
    PROVINCIAL_2018,
    TABLES,
    layout_for_year,
)
from budgets.importers.layout import template_rows


@pytest.mark.parametrize(
    "layout", [PROVINCIAL_2017, PROVINCIAL_2018], ids=lambda layout: layout.code
)
def test_the_stored_template_is_the_declaration(layout):
    stored = json.loads((settings.BASE_DIR / "fixtures" / "templates.json").read_text())
    mine = [
        row
        for row in stored
        if row["fields"].get("code") == layout.code
        or row["fields"].get("template") == [layout.code]
    ]
    assert template_rows(layout) == mine
    assert [table.number for table in layout.tables] == [str(n) for n in range(1, 13)]
    assert layout.amount_unit == "万元" and layout.parts == ("narrative", "tables")


def test_both_templates_declare_the_same_tables_under_the_same_titles():
    """A 2017 document printing a 2018 title (or the other way round) still reads."""
    by_kind = {
        code: {table.kind: {find.title_key(t) for t in table.titles} for table in layout.tables}
        for code, layout in LAYOUTS.items()
    }
    assert by_kind[PROVINCIAL_2017.code] == by_kind[PROVINCIAL_2018.code]
    assert layout_for_year(2017) is PROVINCIAL_2017
    assert layout_for_year(2018) is layout_for_year(2019) is PROVINCIAL_2018


def test_each_title_names_one_table_and_each_header_tells_one_table_apart():
    keys = {}
    for table in TABLES:
        for title in table.titles:
            assert keys.setdefault(find.title_key(title), table.kind) == table.kind
    for table in TABLES:
        if table.header:
            grid = [list(table.header), ["1.00"] * len(table.header)]
            assert find.header_kind(grid) == table.kind


def test_the_code_tables_read_are_those_the_layout_declares():
    for layout in LAYOUTS.values():
        assert {t.kind for t in layout.tables if t.rows == "function"} == set(checks.FUNCTION_KINDS)
        assert {t.kind for t in layout.tables if t.rows == "economic"} == set(checks.ECONOMIC_KINDS)
        assert [t.kind for t in layout.tables if t.optional] == [
            "jiangsu_government_fund_by_function"
        ]
