"""Search as a person uses it, in real Chromium, over every document in fixtures/: the
header's search box, the groups' counts read from the page against the rows listed, the
直达 suggestion, and an English query on the English pages."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.browser

#: Each group's heading count and its rows, as the page shows them.
GROUPS = """() => [...document.querySelectorAll("section.search-group")].map((group) => ({
  kind: group.id.replace("kind-", ""),
  count: group.querySelector("h2 .muted").textContent.trim(),
  rows: group.querySelectorAll("ul.results > li").length,
  more: group.querySelector("a.more")?.href || null,
}))"""

ROWS = """() => [...document.querySelectorAll("ul.results > li")].map(
  (row) => row.innerText.replace(/\\s+/g, " ").trim())"""


@pytest.fixture
def everything(transactional_db):
    """Every fixture, where the live server can see it (21 published documents)."""
    call_command(
        "loaddata", "templates", "baoji_2023", "jiangsu_provincial", "shanghai_putuo", verbosity=0
    )


def search_from_home(page, query):
    """Type ``query`` into the header's search box on the home page and submit it."""
    page.goto(page.base_url + reverse("browse:home"), wait_until="networkidle")
    page.fill("#site-search", query)
    with page.expect_navigation(wait_until="networkidle"):
        page.press("#site-search", "Enter")
    assert page.url.startswith(page.base_url + reverse("browse:search"))


def rows_over_pages(page, url):
    """Every row a kind's pages list, following “下一页”."""
    rows = []
    while url:
        page.goto(url, wait_until="networkidle")
        rows += page.evaluate(ROWS)
        following = page.query_selector('a[rel="next"]')
        url = following.get_attribute("href") if following else None
        if url:
            url = page.url.split("?")[0] + url
    return rows


def test_the_counts_on_the_page_are_the_rows_listed(page, everything):
    search_from_home(page, "江苏")
    total = int(page.get_attribute(".search-total", "data-total"))
    groups = page.evaluate(GROUPS)
    assert {group["kind"]: int(group["count"]) for group in groups} == {
        "organisations": 3,
        "documents": 9,
        "codes": 0,
        "projects": 0,
        "statements": 1,
    }
    assert total == 13 == sum(int(group["count"]) for group in groups)
    assert "“江苏”：找到 13 条结果。" in page.inner_text(".search-total")
    for group in groups:
        if group["more"]:  # more than the overview shows: count them over the kind's pages
            rows = rows_over_pages(page, group["more"])
            assert len(rows) == int(group["count"]) == len(set(rows)), group["kind"]
        else:
            assert group["rows"] == int(group["count"]), group["kind"]
    # The region's page is offered above the results, and opens.
    search_from_home(page, "江苏")
    first = page.locator("main h2").nth(0)
    assert first.inner_text() == "直达"
    page.click(".search-topics a.topic-title")
    page.wait_for_load_state("networkidle")
    assert page.url == page.base_url + reverse("regions:region", args=["320000"])
    assert not page.problems, page.problems


def test_a_broad_query_lists_over_its_pages_what_it_counts(page, everything):
    """208: 68 code-years over four pages of 20, 13 stated items; each row once."""
    search_from_home(page, "208")
    groups = {group["kind"]: group for group in page.evaluate(GROUPS)}
    assert groups["codes"]["count"] == "68" and groups["codes"]["rows"] == 5
    codes = rows_over_pages(page, groups["codes"]["more"])
    assert len(codes) == 68 == len(set(codes))
    statements = rows_over_pages(page, groups["statements"]["more"])
    assert len(statements) == 13 == len(set(statements))


def test_an_english_query_on_the_english_pages(page, everything):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    search_from_home(page, "education")
    groups = {group["kind"]: group for group in page.evaluate(GROUPS)}
    assert groups["codes"]["count"] == "2" and groups["codes"]["rows"] == 2
    assert sum(int(group["count"]) for group in groups.values()) == 2
    rows = page.evaluate(ROWS)
    assert [re.match(r"205 Education", row) is not None for row in rows] == [True, True]
    assert "2025" in rows[0] and "2024" in rows[1]
    page.click(".search-topics a.topic-title")
    page.wait_for_load_state("networkidle")
    assert page.url == page.base_url + reverse("browse:ranking", args=["function", 2025, "205"])
    assert not page.problems, page.problems


def test_the_results_fit_a_phone(page, everything):
    page.set_viewport_size({"width": 375, "height": 800})
    search_from_home(page, "三公")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
