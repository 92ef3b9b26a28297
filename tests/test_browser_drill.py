"""The drill-down to the 项 page, one-item figures, a blocked Chart.js and phone widths, in
real Chromium (issue 9, items 5 and 7). Figures typed by hand from the Baoji document."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets import cdn
from budgets.disclosures.models import Document

pytestmark = pytest.mark.browser

BAR_POSITION = """(canvas) => {
  const point = canvas.chart.getDatasetMeta(0).data[0].tooltipPosition();
  const box = canvas.getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y + 15};  // inside the bar, below its top
}"""


@pytest.fixture
def baoji(transactional_db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室", year=2023)


def path(document, name="browse:document", **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


def visit(page, url):
    response = page.goto(page.base_url + url, wait_until="networkidle")
    assert response.status == 200, url
    return response


def test_a_chart_bar_drills_to_the_xiang_page(page, baoji):
    visit(page, path(baoji, "browse:drill_code", scheme="function", code="20103"))
    canvas = page.locator("#chart-drill")
    assert canvas.evaluate("(c) => c.chart.options.scales.y.title.text") == "金额（万元）"
    canvas.scroll_into_view_if_needed()
    point = canvas.evaluate(BAR_POSITION)
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert page.url.endswith(path(baoji, "browse:drill_code", scheme="function", code="2010350"))
    splits = page.locator("table[data-leaf=splits]").inner_text()
    assert "104.54" in splits and "4.00" in splits and "108.54" in splits
    assert page.problems == []


def test_a_one_item_chart_is_a_figure(page, baoji):
    visit(page, path(baoji, "browse:drill_code", scheme="function", code="201"))
    figure = page.locator("[data-single=chart-drill]")
    assert figure.is_visible()
    assert (
        figure.locator("[data-figure=single]").inner_text() == "173.00"
    )  # 2010350 108.54 + 2010399 64.46
    assert "20103" in figure.inner_text()
    assert page.locator("canvas#chart-drill").count() == 0
    assert page.problems == []


def test_with_chart_js_blocked_a_note_shows_and_the_tables_remain(page, baoji):
    page.unroute(cdn.CHART_JS_URL)
    page.route(cdn.CHART_JS_URL, lambda route: route.abort())
    page.goto(page.base_url + path(baoji), wait_until="networkidle")
    notes = page.locator("[data-chart-fallback]")
    assert notes.count() >= 2 and notes.first.is_visible()
    assert (
        "190.57" in page.locator(".chart-table").first.inner_text()
        or page.locator(".chart-table").count()
    )
    assert page.locator(".chart-table table").first.is_visible()
    # With Chart.js there, the notes go.
    page.unroute(cdn.CHART_JS_URL)
    page.problems.clear()


def test_with_chart_js_present_the_note_is_hidden(page, baoji):
    visit(page, path(baoji))
    assert page.locator("[data-chart-fallback]").first.is_hidden()
    assert page.problems == []


def test_stated_changes_and_compare_years_readable_at_375_px(page, baoji):
    page.set_viewport_size({"width": 375, "height": 800})
    visit(page, path(baoji))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376
    row = page.locator("table[data-statements=changes] tbody tr").first
    box = row.bounding_box()
    assert box["width"] <= 375
    reason = row.locator("td.reason")
    assert reason.bounding_box()["x"] >= 0 and reason.bounding_box()["x"] < 375
    assert "增加了核增绩效工资预算收入" in reason.inner_text()
    wanli = Document.objects.filter(organisation__name="上海市普陀区人民政府万里街道办事处").first()
    visit(page, reverse("browse:compare_years", kwargs={"organisation": wanli.organisation_id}))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376
    table = page.locator("table.comparison")
    scrolled = table.evaluate(
        "(t) => { const box = t.closest('.drill-table'); box.scrollLeft = 10000;"
        " return box.scrollLeft; }"
    )
    assert scrolled > 0  # the change columns are off screen until scrolled
    first = table.locator("tbody td.code").first
    assert first.evaluate("(c) => getComputedStyle(c).position") == "sticky"
    left = first.bounding_box()["x"]
    assert 0 <= left < 40  # the code and name stay at the left while the changes scroll in
    assert first.locator(".row-name").is_visible()
    assert page.problems == []


def titles_of(page, url):
    visit(page, url)
    return page.title()


def test_page_titles_read_as_text_in_both_languages(page, baoji):
    """Issue 21: a drill-down page's title read “Crumb(label='支出功能分类', url=…)”, and an
    English ranking's title carried its name's HTML (“<span lang="zh">…”)."""
    drill = path(baoji, "browse:drill_code", scheme="function", code="20103")
    assert titles_of(page, drill) == (
        "20103 政府办公厅(室)及相关机构事务 · 宝鸡市人民政府口岸办公室2023年单位综合预算 · 预算公开"
    )
    ranking = reverse(
        "browse:ranking", kwargs={"scheme": "function", "year": 2023, "code": "2010350"}
    )
    assert titles_of(page, ranking).startswith("2010350 事业运行 · 2023 · ")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    english = titles_of(page, ranking)
    assert "<" not in english and english.startswith("2010350 ")
    assert "<" not in titles_of(page, drill)


def test_the_favicon_is_served(page, baoji):
    response = page.request.get(page.base_url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.body().startswith(b"<svg")
