"""``{% table_rows %}`` makes each cell itself (``CellMaker``) instead of through
django-tables2's ``BoundRow.get_cell``. Every django-tables2 table of the region-year, 三公
and document pages is rendered here both ways, on the fixtures: the cells must be the
same, choice fields shown by their labels (范围: 部门/单位) included."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.browse.templatetags.table_rows import CellMaker, row_cells


@pytest.fixture
def real(db):
    call_command(
        "loaddata", "templates", "baoji_2023", "jiangsu_provincial", "shanghai_putuo", verbosity=0
    )


def tables_in(response):
    """The page's department or 三公 table and its charts' text tables."""
    charts = response.context.get("charts") or []
    found = [response.context["table"]] if "table" in response.context else []
    return found + [chart["table"] for chart in charts if chart.get("table") is not None]


def both_ways(table):
    makers = {column.name: CellMaker(column) for column in table.columns}
    ours = [[cell for _column, cell in row_cells(row, makers)] for row in table.paginated_rows]
    theirs = [[cell for _column, cell in row.items()] for row in table.paginated_rows]
    return ours, theirs


PAGES = [
    ("regions:year", ["310107", 2025]),
    ("regions:year", ["310107", 2024]),
    ("regions:three_public", ["310107", 2025]),
    ("regions:three_public", ["320000", 2018]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_cell_as_django_tables2_makes_it(client, real, name, args):
    response = client.get(reverse(name, args=args))
    tables = tables_in(response)
    assert tables, "the page renders no django-tables2 table"
    for table in tables:
        ours, theirs = both_ways(table)
        assert ours and ours == theirs


def test_a_choice_field_is_shown_by_its_label(client, real):
    response = client.get(reverse("regions:year", args=["310107", 2025]))
    table = response.context["table"]
    ours, _theirs = both_ways(table)
    scope = [column.name for column in table.columns].index("scope")
    assert {row[scope] for row in ours} == {"部门"}
    assert ">部门</td>" in response.content.decode()


def test_a_document_pages_chart_tables(client, real, baoji_document):
    kwargs = {"organisation": baoji_document.organisation_id, "year": 2023}
    response = client.get(reverse("browse:document", kwargs=kwargs))
    tables = tables_in(response)
    assert len(tables) == 4  # function, economic, basic/project, years: the charts' tables
    for table in tables:
        ours, theirs = both_ways(table)
        assert ours and ours == theirs
