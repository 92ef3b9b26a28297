"""The execution page (budget against spending) in real Chromium, wide (1280 px) and
narrow (375 px), on the real 社会工作部 2024 决算. Screenshots go to $SCREENSHOT_DIR
(default: the system temp folder) for a person to look at."""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from budgets.organisations.models import Organisation

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


@pytest.fixture
def real(transactional_db):
    call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)


@pytest.mark.parametrize("width", [1280, 375])
def test_execution_page(page, real, width):
    social = (
        Organisation.objects.filter(
            name="中共上海市普陀区委社会工作部", documents__stage="final_accounts"
        )
        .distinct()
        .get()
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/org/{social.pk}/2024/execution/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"execution-{width}.png"), full_page=True)
    assert page.locator('[data-figure="rate"]').inner_text() == "95.89%"
    assert page.locator('[data-figure="final"]').inner_text() == "307.82"
    row = page.locator('tr[data-code="2013901"]')
    assert row.locator('[data-cell="rate"]').inner_text() == "98.69%"
    assert row.locator('[data-cell="reason"]').is_visible()
    # Nothing wider than the window: the page scrolls down, not sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow
    if width == 375:
        # On a phone each code's row is a card: its figures stack under their labels.
        box = row.bounding_box()
        assert box["width"] <= 375
        label = row.locator('[data-cell="final"]').evaluate(
            "(cell) => getComputedStyle(cell, '::before').content"
        )
        assert "决算数" in label
    # From the 决算's own page to here.
    page.goto(f"{page.base_url}/org/{social.pk}/2024/final/")
    page.locator("[data-execution-link]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/org/{social.pk}/2024/execution/")
