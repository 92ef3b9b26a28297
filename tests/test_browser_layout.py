"""Page widths a person sees, measured in real Chromium at 375 and 1280 px (issue 21, Layout).

Each test measures ``document.documentElement.scrollWidth`` and the element's box. Screenshots
go to $SCREENSHOT_DIR (default: the system temp folder) for a person to look at.
"""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from budgets.disclosures.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))
LANGUAGES = ("zh-hans", "en")

#: Each horizontally scrolling box in view (not in a closed <details>): whether it overflows,
#: whether a hint (a visible “左右滑动查看全表” line) stands before it, whether its edge fades.
SCROLL_BOXES = """() => [...document.querySelectorAll(
    '.scroll, .table-scroll, .drill-table, .chart-table')].filter(
    (box) => !box.closest('details:not([open])')).map((box) => {
  const hint = box.previousElementSibling;
  const shown = hint && hint.classList.contains('scroll-hint') && hint.offsetParent !== null;
  return {overflows: box.scrollWidth > box.clientWidth + 1, hint: shown ? hint.innerText : '',
          faded: getComputedStyle(box).maskImage !== 'none'};
})"""

#: The right edge of the page's content column (main's padding box less its padding).
CONTENT_RIGHT = """() => {
  const main = document.querySelector('main');
  return main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
}"""


@pytest.fixture
def real(transactional_db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)


def visit(page, path, width, language, name):
    """Open ``path`` at ``width`` in ``language``; the page's overflow beyond the window."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(page.base_url + path, wait_until="networkidle")
    assert response.status == 200, path
    page.screenshot(path=str(SHOTS / f"layout-{name}-{language}-{width}.png"), full_page=True)
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_docs_fit_a_phone(page, real, language):
    # Was 875 px wide at 375 px: long paths, a parameter table and JSON examples.
    assert visit(page, reverse("api:docs"), 375, language, "api-docs") <= 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_public_table_fits_the_desktop_page(page, real, language):
    path = reverse("regions:three_public", args=["310107", 2025])
    assert visit(page, path, 1280, language, "three-public") <= 0
    # Was 1,413 px (Chinese) in a 1,168 px column, its last columns out of sight.
    right = page.locator("table.three-public").evaluate("(t) => t.getBoundingClientRect().right")
    assert right <= page.evaluate(CONTENT_RIGHT) + 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_region_year_tables_fit_the_desktop_page(page, real, language):
    path = reverse("regions:year", args=["310107", 2025])
    assert visit(page, path, 1280, language, "region-year") <= 0
    content_right = page.evaluate(CONTENT_RIGHT)
    for box in page.locator("table.data").all():
        assert box.evaluate("(t) => t.getBoundingClientRect().right") <= content_right + 1
        assert box.evaluate("(t) => t.parentElement.scrollWidth <= t.parentElement.clientWidth")


@pytest.mark.parametrize("width", (375, 1280))
def test_region_year_note_reads_at_full_width(page, real, width):
    path = reverse("regions:year", args=["310107", 2025])
    visit(page, path, width, "zh-hans", "region-year-note")
    # Was 7 characters a line at 375 px: one cell of the figures' grid.
    note = page.locator("[data-rule]").evaluate("(p) => p.getBoundingClientRect().width")
    column = page.evaluate(CONTENT_RIGHT) - page.locator("h1").evaluate(
        "(h) => h.getBoundingClientRect().left"
    )
    assert note >= 0.9 * column


def wanli_2025():
    return Document.objects.get(organisation__name__endswith="万里街道办事处", year=2025)


SCROLLING_PAGES = {
    "three-public": lambda: reverse("regions:three_public", args=["310107", 2025]),
    "official-table": lambda: reverse("browse:table", args=[wanli_2025().organisation_id, 2025, 1]),
    "document": lambda: reverse("browse:document", args=[wanli_2025().organisation_id, 2025]),
    "ranking": lambda: reverse("browse:ranking", args=["function", 2025, "201"]) + "?unit=yuan",
}


@pytest.mark.parametrize("name", SCROLLING_PAGES)
def test_a_table_that_scrolls_on_a_phone_says_so(page, real, name):
    path = SCROLLING_PAGES[name]()
    visit(page, path, 375, "zh-hans", "scroll-hint")
    boxes = page.evaluate(SCROLL_BOXES)
    assert any(box["overflows"] for box in boxes) or name == "ranking"
    for box in boxes:
        # A hint and a faded edge exactly where the table is wider than its box.
        assert (box["hint"] == "← 左右滑动查看全表 →") is box["overflows"], box
        assert box["faded"] is box["overflows"], box
    # Scrolled to its end, a box's right edge no longer fades.
    scrolling = page.locator(".scroll-hint + *").first
    if scrolling.count():
        scrolling.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
        page.wait_for_function(
            "(box) => box.classList.contains('at-end')", arg=scrolling.element_handle()
        )
    visit(page, path, 1280, "zh-hans", "scroll-hint")
    for box in page.evaluate(SCROLL_BOXES):
        assert (box["hint"] != "") is box["overflows"], box


def test_a_scroll_hint_reads_in_the_readers_language(page, real):
    visit(page, reverse("regions:three_public", args=["310107", 2025]), 375, "en", "hint-en")
    with translation.override("en"):
        words = gettext("左右滑动查看全表")
    assert page.locator(".scroll-hint").first.inner_text() == f"← {words} →"


@pytest.fixture
def editor(real, page):
    """A superuser signed in, and a 万元 draft (the fixture's are published, hence locked)."""
    call_command("loaddata", "jiangsu_provincial", verbosity=0)
    User.objects.create_superuser("layout", "layout@example.com", "layout pass 123")
    found = Document.objects.get(organisation__name="中共江苏省委办公厅", year=2019)
    Document.objects.filter(pk=found.pk).update(status=Document.Status.DRAFT)
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "layout")
    page.fill("#id_password", "layout pass 123")
    page.click("input[type=submit]")
    return found


def test_admin_facts_editor_fits_and_speaks_one_unit(page, editor):
    url = reverse("admin:disclosures_document_change", args=[editor.pk])
    overflow = visit(page, url + "?facts=functionexpenditure", 1280, "zh-hans", "admin-facts")
    # Was 1,296 px wide, with “… 93701200.00” (元) above the 万元 input 9370.12.
    assert overflow <= 0
    table = page.locator("#functionexpenditures-group table")
    assert table.evaluate("(t) => t.getBoundingClientRect().right") <= 1280
    assert page.locator("#id_functionexpenditures-0-amount").input_value() == "9370.12"
    assert "93701200" not in page.locator("#functionexpenditures-group").inner_text()
    # A table of many amount columns scrolls inside its own box, never the page.
    assert visit(page, url + "?facts=restrictedspending", 1280, "zh-hans", "admin-3p") <= 0
