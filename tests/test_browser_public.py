"""The public site as a person uses it, in real Chromium, over every document in fixtures/.

Figures asserted on screen are typed by hand from the Baoji document (万元).
"""

import json
import math
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.browse.management.pages import sample_pages
from budgets.disclosures.models import Document
from budgets.web.pages import document_kwargs

pytestmark = pytest.mark.browser

COUNT_INK = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { ink++; } }
  return ink;
}"""

SEGMENT_POSITION = """(canvas) => {
  const point = canvas.chart.getDatasetMeta(0).data[0].tooltipPosition();
  const box = canvas.getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""


BAR_CENTRE = """(canvas) => {
  const point = canvas.chart.getDatasetMeta(0).data[0].getCenterPoint();
  const box = canvas.getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""


@pytest.fixture
def baoji(transactional_db):
    """Every fixture, loaded where the live server can see it; the Baoji document."""
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室", year=2023)


def document_path(document, name="browse:document", **kwargs):
    """A page of the document: a budget's under /org/<id>/<year>/, final accounts' under
    /org/<id>/<year>/final/."""
    return reverse(name, kwargs={**document_kwargs(document), **kwargs})


def visit(page, path):
    response = page.goto(page.base_url + path, wait_until="networkidle")
    assert response.status == 200, path
    return response


def test_every_page_type_loads_without_a_console_error(page, baoji):
    pages = sample_pages()
    assert any("shanghai" in name for name, _path in pages)
    assert any("shaanxi" in name for name, _path in pages)
    for name, path in pages:
        visit(page, path)
        assert page.problems == [], name
        assert page.locator("h1").count() == 1, name
    assert page.problems == []


def test_api_pages_answer_the_documents_figures(page, baoji):
    """The browser reads the API as JSON, with the Baoji figures as decimal strings."""
    visit(page, reverse("api:documents") + "?region=610300")
    listed = json.loads(page.locator("body").inner_text())
    assert listed["count"] == 1
    assert [document["id"] for document in listed["results"]] == [baoji.pk]
    visit(page, reverse("api:document", args=[baoji.pk]))
    detail = json.loads(page.locator("body").inner_text())
    assert detail["organisation"] == "宝鸡市人民政府口岸办公室"
    assert [table["number"] for table in detail["tables"]] == [f"表{n}" for n in range(1, 16)]
    visit(page, reverse("api:table", kwargs={"pk": baoji.pk, "n": 5}))
    table_text = page.locator("body").inner_text()
    assert '"190.57"' in table_text or '"1905700.00"' in table_text
    assert page.problems == []


#: What each chart holds once Chart.js has drawn it: its labels, its values, and the size
#: of each drawn element (an arc's angle, a bar's length in pixels).
DRAWN = """(canvas) => {
  const chart = canvas.chart;
  return {
    labels: chart.data.labels,
    values: chart.data.datasets[0].data,
    sizes: chart.getDatasetMeta(0).data.map((element) => {
      const p = element.getProps(["x", "y", "base", "horizontal", "circumference"], true);
      if (p.circumference !== undefined) { return p.circumference; }
      return Math.abs(p.horizontal ? p.x - p.base : p.base - p.y);
    }),
  };
}"""


def chart_specs(page):
    """{canvas id: the chart's json_script payload} on the current page."""
    return page.evaluate(
        """() => Object.fromEntries(
            Array.from(document.querySelectorAll("canvas[data-chart]")).map((c) => [
              c.id, JSON.parse(document.getElementById(c.dataset.chart).textContent),
            ]))"""
    )


def assert_charts_draw_their_data(page, where):
    specs = chart_specs(page)
    assert specs, where
    for canvas_id, spec in specs.items():
        drawn = page.locator(f"#{canvas_id}").evaluate(DRAWN)
        assert drawn["labels"] == spec["labels"], (where, canvas_id)
        assert drawn["values"] == [float(value) for value in spec["values"]], (where, canvas_id)
        assert len(drawn["sizes"]) == len(spec["labels"]), (where, canvas_id)
        values = [float(value) for value in spec["values"]]
        for size, value in zip(drawn["sizes"], values, strict=True):
            # A non-zero figure is drawn with a visible size; a zero one with none.
            assert (size > 0) == (value != 0), (where, canvas_id, size, value)
        if spec["type"] in ("doughnut", "pie"):
            # Each arc's share of the circle is its figure's share of the whole.
            for size, value in zip(drawn["sizes"], values, strict=True):
                assert abs(size / (2 * math.pi) - value / sum(values)) < 1e-6, (where, canvas_id)


def test_every_chart_draws_its_data(page, baoji):
    for document in Document.published.all():
        visit(page, document_path(document))
        assert page.locator("canvas[data-chart]").count() >= 3
        assert_charts_draw_their_data(page, document.title)
    visit(page, document_path(baoji))
    function_chart = page.locator("#chart-function").evaluate(DRAWN)
    assert function_chart["values"] == [173.0, 11.43, 6.14]  # 万元, typed from 表5
    visit(page, document_path(baoji, "browse:drill", scheme="function"))
    assert_charts_draw_their_data(page, "drill")
    assert page.problems == []


def test_baoji_figures_on_screen_equal_the_document(page, baoji):
    visit(page, document_path(baoji))
    figures = {
        name: page.locator(f'[data-figure="{name}"]').inner_text().split()[0]
        for name in ("revenue", "expenditure", "basic", "project", "three-public")
    }
    assert figures == {
        "revenue": "190.57",
        "expenditure": "190.57",
        "basic": "126.11",
        "project": "64.46",
        "three-public": "0.40",
    }
    # The function chart's text alternative lists every chart item.
    chart_table = page.locator("#chart-function-figure table")
    assert chart_table.locator("tbody tr").count() == 3
    assert "173.00" in chart_table.inner_text() and "6.14" in chart_table.inner_text()
    visit(page, document_path(baoji, "browse:drill_code", scheme="function", code="20103"))
    rows = page.locator(".drill-table tbody tr")
    texts = [re.sub(r"\s+", " ", rows.nth(i).inner_text()) for i in range(rows.count())]
    assert any(text.startswith("2010350 事业运行 108.54 108.54") for text in texts)
    assert any(text.startswith("2010399") and "64.46" in text for text in texts)
    visit(page, document_path(baoji, "browse:table", position=6))
    table = page.locator("table.official-table")
    assert "130.15" in table.inner_text() and "0.02" in table.inner_text()


def test_clicking_a_chart_segment_drills_down(page, baoji):
    visit(page, document_path(baoji))
    canvas = page.locator("#chart-function")
    canvas.scroll_into_view_if_needed()
    point = canvas.evaluate(SEGMENT_POSITION)
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert page.url.endswith(
        document_path(baoji, "browse:drill_code", scheme="function", code="201")
    )
    # 201 has one 款: the chart becomes a figure, whose link goes one deeper.
    figure = page.locator('[data-single="chart-drill"] a')
    assert figure.inner_text().split()[0] == "173.00"
    with page.expect_navigation():
        figure.click()
    assert page.url.endswith("/function/20103/")
    # 20103 has two 项: a chart again, and clicking a bar reaches the 项 page.
    canvas = page.locator("#chart-drill")
    assert canvas.evaluate("(c) => c.chart.data.labels") == [
        "2010350 事业运行",
        "2010399 其他政府办公厅(室)及相关机构事务支出",
    ]
    canvas.scroll_into_view_if_needed()
    point = canvas.evaluate(BAR_CENTRE)
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert page.url.endswith("/function/2010350/")
    assert page.problems == []


def test_clicking_a_table_row_link_drills_down(page, baoji):
    visit(page, document_path(baoji, "browse:drill", scheme="dept-economic"))
    page.locator(".drill-table a.drill", has_text="302").click()
    page.wait_for_url("**/dept-economic/302/")
    assert "30201" in page.locator(".drill-table").inner_text()
    assert "15.30" in page.locator(".drill-table").inner_text()


def test_keyboard_tab_to_a_drill_link_and_enter(page, baoji):
    visit(page, document_path(baoji, "browse:drill", scheme="function"))
    target = document_path(baoji, "browse:drill_code", scheme="function", code="208")
    for _press in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == target:
            break
    else:
        pytest.fail("the drill-down link for 208 cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)
    assert "11.43" in page.locator("main").inner_text()


def test_readable_at_375_px(page, baoji):
    """At phone width no page is wider than the screen; every official table of every
    document (the wide ones too) scrolls inside its own box, with every column still there."""
    page.set_viewport_size({"width": 375, "height": 800})
    paths = [
        reverse("browse:home"),
        document_path(baoji),
        document_path(baoji, "browse:drill", scheme="function"),
    ]
    for path in paths:
        visit(page, path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 376, (path, width)
    for document in Document.published.all():
        path = document_path(document, "browse:tables")
        visit(page, path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 376, path
        tables = page.locator("table.official-table")
        assert tables.count() == document.template.tables.count(), path
        boxes = tables.evaluate_all(
            """(tables) => tables.map((table) => {
                const box = table.parentElement;
                return {overflow: getComputedStyle(box).overflowX,
                        fits: box.scrollWidth <= box.clientWidth + 1,
                        boxWidth: box.clientWidth};
            })"""
        )
        for number, box in enumerate(boxes, start=1):
            assert box["boxWidth"] <= 375, (path, number, box)
            assert box["fits"] or box["overflow"] in ("auto", "scroll"), (path, number, box)
    assert page.problems == []


def test_unit_switch_and_print_button(page, baoji):
    visit(page, document_path(baoji))
    page.get_by_role("link", name="元", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-figure="revenue"]').inner_text().startswith("1,905,700.00")
    visit(page, document_path(baoji, "browse:tables"))
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator("table.official-table").first.is_visible()


def test_failed_requests_are_recorded_as_problems(page, baoji):
    """The page fixture's promise: a failed request or an error status is a problem."""
    page.route("**/static/css/site.css", lambda route: route.abort())
    visit(page, document_path(baoji))
    assert any("site.css" in problem for problem in page.problems)
    page.problems.clear()
    page.goto(page.base_url + "/org/999999/2023/")
    assert any("HTTP 404" in problem for problem in page.problems)


def test_a_project_and_its_indicators_from_the_projects_page(page, baoji):
    """万里街道 2023 prints five 绩效目标填报表 (pp. 31–35): a reader goes from the projects
    page to one project and reads its indicators, on a phone too."""
    wanli = Document.published.get(organisation__name__endswith="万里街道办事处", year=2023)
    visit(page, document_path(wanli, "browse:projects"))
    assert page.locator("li.project").count() == 5
    page.get_by_role("link", name="就业援助基地补贴").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "就业援助基地补贴"
    assert page.locator("[data-figure=project-amount]").inner_text() == "6,351,000 元"
    rows = page.locator("table.indicators tbody tr")
    assert rows.count() == 4
    assert rows.first.inner_text().split("\t") == [
        "产出指标",
        "数量指标",
        "补贴对象申请审核完成率",
        "=100.00(%)",
    ]
    page.set_viewport_size({"width": 375, "height": 800})
    visit(page, document_path(wanli, "browse:project", number=4))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376
    assert page.locator("table.indicators tbody tr").count() == 43
    assert page.problems == []
