"""Home as a map of what the site holds (issue 21): every region at every level with its
latest year, document count and latest budget total, and every document two clicks away
(a region's card, then the document's year in its directory)."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document
from budgets.web.pages import doc_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures_loaded(db):
    call_command("load_initial_data", verbosity=0)


def cards(html):
    """{region code: the card's HTML}."""
    return dict(
        re.findall(r'<li class="region-card[^"]*" data-region="(\d{6})">(.*?)</li>', html, re.S)
    )


def links(html):
    return set(re.findall(r'href="([^"]+)"', html))


def test_every_region_and_level_is_on_the_map(client, fixtures_loaded):
    html = client.get(reverse("browse:home")).content.decode()
    found = cards(html)
    # 上海市 holds no document of its own: its card counts its 普陀区's and leads to its page
    assert sorted(found) == ["310000", "310107", "320000", "610000", "610300"]
    shanghai = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found["310000"]))
    assert "11 份文件（含下级地区）" in shanghai and "最新 2026 年" in shanghai
    assert reverse("regions:region", args=["310000"]) in links(found["310000"])
    # the latest budget year's total: its counted budgets' totals, added up here
    total = Decimal(
        re.search(r'data-figure="budget-total">([^<]+)<', found["310107"])[1].replace(",", "")
    )
    counted = client.get(reverse("api:region", args=["310107", 2026])).json()
    assert total == Decimal(counted["total"])
    assert "2026 年 1 份预算合计" in found["310107"]


def test_every_document_is_two_clicks_from_home(client, fixtures_loaded):
    home = client.get(reverse("browse:home")).content.decode()
    reached = set()
    for card in cards(home).values():
        for link in links(card):
            if link.startswith("?region="):
                page = client.get(reverse("browse:home") + link.split("#")[0]).content.decode()
                reached |= links(page)
    documents = Document.published.select_related("organisation")
    assert len(documents) == 21
    assert {doc_url(document) for document in documents} <= reached


def test_each_year_link_names_its_document(client, fixtures_loaded):
    """A budget's year reads “2025”, a 决算's “2024决算”; each link's label names the
    organisation and the document for a screen reader."""
    html = client.get(reverse("browse:home") + "?region=310107").content.decode()
    year_links = re.findall(
        r'<a class="(year[^"]*)" href="([^"]+)" data-stage="(\w+)" '
        r'aria-label="([^"]+)">([^<]+)</a>',
        html,
    )
    documents = Document.published.filter(organisation__region__code="310107")
    assert len(year_links) == documents.count() > 0
    shown = {url: (css, stage, label, text) for css, url, stage, label, text in year_links}
    for document in documents.select_related("organisation"):
        name, year = document.organisation.name, document.year
        if document.stage == Document.Stage.FINAL_ACCOUNTS:
            expected = ("year year-final", "final_accounts", f"{name} {year}年决算", f"{year}决算")
        else:
            expected = ("year", "budget", f"{name} {year}年预算", str(year))
        assert shown[doc_url(document)] == expected
