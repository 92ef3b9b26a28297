"""What documents vary that the reader once misread (``ShanghaiFinalStyle.gaps`` before): a
header printed again over a table's next page, a table's last rows alone on the next page
(after blank rows or not), tables sharing a page, each with its note, and a note wrapped
over lines. Each rendered from a stored document in a variant that prints it, on its own
(the plain look otherwise), and imported back exactly."""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import transaction

from budgets.disclosures.models import Document
from budgets.rendering.roundtrip import round_trip
from budgets.rendering.style import style_for

pytestmark = [pytest.mark.roundtrip, pytest.mark.django_db]

SOCIAL = "中共上海市普陀区委社会工作部2024年度部门决算"
FINANCE = "上海市普陀区财政局2024年度部门决算"

#: (document, knobs). A header printed again over each page the tables go on to (表1 too,
#: broken like a list); 表5's 合计 alone on the next page, its label across the code and
#: name columns, or pushed there by blank rows; 表2's blank rows alone above 表3's title
#: (a grid without a word, that the page's text cannot place); 表6–9 sharing pages, 表6's
#: “注：” and 表7–9's “说明：” under each; notes wrapped at the page's or the table's width.
VARIANTS = {
    "repeat_header": (
        SOCIAL,
        {"repeat_header": True, "rows_per_page": 6, "split_layout": True},
    ),
    "last_row_alone": (SOCIAL, {"repeat_header": False, "last_row_alone": True}),
    "blank_rows": (SOCIAL, {"repeat_header": False, "blank_rows": 8, "rows_per_page": 25}),
    "blank_rows_over_the_next_title": (
        FINANCE,
        {"repeat_header": False, "blank_rows": 8, "rows_per_page": 6, "table_on_new_page": False},
    ),
    "table_on_new_page": (SOCIAL, {"table_on_new_page": False}),
    "note_wrap_page": (
        SOCIAL,
        {"note_wrap": "page", "cell_size": 10.0, "margin": 64.0, "repeat_header": False},
    ),
    "note_wrap_table": (SOCIAL, {"note_wrap": "table", "full_width": False}),
}


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """{title: Document} of the 上海 决算 fixtures, loaded once for the module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)
        yield {document.title: document for document in Document.objects.all()}
        transaction.set_rollback(True)


@pytest.mark.parametrize("knob", sorted(VARIANTS))
def test_a_variant_that_prints_it_imports_back_exactly(documents, knob):
    title, knobs = VARIANTS[knob]
    document = documents[title]
    variant = replace(style_for(document.template.code).variant(None), seed=1, **knobs)
    result = round_trip(document, variant=variant)
    assert result.ok, result.refusal or "\n".join(result.differences)
