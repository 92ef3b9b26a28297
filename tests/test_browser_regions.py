"""Region, 三公 and search pages in real Chromium, wide (1280 px) and narrow (375 px).

Screenshots go to $SCREENSHOT_DIR (default: the system temp folder) for a person to look at.
"""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))
WIDTHS = (1280, 375)

COUNT_INK = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { ink++; } }
  return ink;
}"""


@pytest.fixture
def real(transactional_db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)


def visit(page, path, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"regions-{name}-{width}.png"), full_page=True)
    # Nothing wider than the window: the page scrolls down, not sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (name, width, overflow)


@pytest.mark.parametrize("width", WIDTHS)
def test_region_page(page, real, width):
    visit(page, reverse("regions:year", args=["310107", 2025]), width, "region")
    assert page.locator('[data-figure="region-total"]').inner_text() == "311,998,532.15"
    for chart in ("chart-region-departments", "chart-region-function", "chart-region-economic"):
        assert page.locator(f"#{chart}").evaluate(COUNT_INK) > 500, chart
    # Home → region → year, by the links a reader follows.
    page.goto(page.base_url + "/")
    # The home page shows its first region (普陀区); its heading links to the region page.
    page.locator("#region-310107").get_by_role("link", name="上海市普陀区", exact=True).click()
    page.locator("table.region-years").get_by_role("link", name="2025", exact=True).click()
    assert page.locator('[data-figure="region-total"]').inner_text() == "311,998,532.15"
    assert page.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_three_public_page_sorts(page, real, width):
    visit(page, reverse("regions:three_public", args=["310107", 2025]), width, "three-public")
    assert page.locator("#chart-three-public").evaluate(COUNT_INK) > 200
    first = page.locator("table.three-public tbody tr").first
    assert "上海市普陀区人民政府办公室" in first.inner_text()  # largest first
    # Sorting is a plain link: ascending puts 财政局 (0.95 万元) first.
    page.locator("table.three-public thead th a", has_text="“三公”经费合计").click()
    page.wait_for_load_state("networkidle")
    assert "sort=three_public" in page.url
    first = page.locator("table.three-public tbody tr").first
    assert "上海市普陀区财政局" in first.inner_text()
    page.screenshot(path=str(SHOTS / f"regions-three-public-sorted-{width}.png"), full_page=True)
    assert page.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_page(page, real, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + "/")
    page.fill("#site-search", "宝鸡 口岸")
    page.press("#site-search", "Enter")
    page.wait_for_load_state("networkidle")
    marks = page.locator("#kind-organisations mark").all_inner_texts()
    assert marks == ["宝鸡", "口岸"]
    page.screenshot(path=str(SHOTS / f"regions-search-{width}.png"), full_page=True)
    visit(page, reverse("browse:search") + "?q=事业运行", width, "search-codes")
    assert page.locator("#kind-codes mark").count() >= 1
    page.locator("#kind-codes .result-documents a").first.click()
    assert "/function/2010350/" in page.url
    assert page.problems == []
