"""「检查公开文件」 in real Chromium: a published document's PDFs chosen in the page's own
form (a 江苏 narrative with its tables PDF, a 上海 budget, a 上海 决算), the report read off
the page in Chinese and in English, at 1280 and 375 px, with no sideways scrolling.

One upload per document (reading PDFs takes seconds); the languages and widths are each a
look at that one report. The findings shown must be the engine's on the same files.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from budgets.checker import engine, output
from budgets.importers import pdf

pytestmark = [pytest.mark.browser, pytest.mark.disclosures, pytest.mark.django_db(transaction=True)]

DOCUMENTS = {
    "jiangsu-pair": [
        "江苏省人大常委会2019年度部门预算公开.pdf",
        "江苏省人大常委会办公厅2019年部门预算公开表.pdf",
    ],
    "shanghai-budget": ["上海市普陀区人民政府万里街道办事处23年预算.pdf"],
    "shanghai-final-accounts": ["中共上海市普陀区委社会工作部2024年度部门决算.pdf"],
}

READ_FINDINGS = """(items) => items.map((item) => ({
  rule: item.dataset.rule,
  error: item.classList.contains("checker-error"),
  message: item.querySelector(".checker-message").textContent,
  figures: [...item.querySelectorAll(".checker-figures li")].map((li) => li.textContent),
}))"""


def expected(report):
    return [
        {
            "rule": finding.rule,
            "error": finding.is_error,
            "message": finding.message,
            "figures": list(finding.figures),
        }
        for document in report.documents
        for _table, findings in output.table_groups(document)
        for finding in findings
    ]


def switch_language(page, language):
    """The header's own language switch (a form posting to set_language)."""
    page.select_option("#language", language)
    with page.expect_navigation():
        page.click("form.language button")


def look(page, width, report):
    page.set_viewport_size({"width": width, "height": 900})
    page.reload()
    items = page.locator(".checker-finding")
    assert items.evaluate_all(READ_FINDINGS) == expected(report)
    summary = page.locator(".checker-summary")
    errors = sum(len(document.errors) for document in report.documents)
    warnings = sum(len(document.warnings) for document in report.documents)
    assert summary.get_attribute("data-errors") == str(errors)
    assert summary.get_attribute("data-warnings") == str(warnings)
    assert [text.strip() for text in page.locator(".checker-document h2").all_inner_texts()] == [
        document.label for document in report.documents
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (width, overflow)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_published_document_checked_in_the_browser(page, disclosure, name):
    call_command("loaddata", "templates", verbosity=0)
    cache.clear()  # the hour's count of checks from this address
    paths = [disclosure(file) for file in DOCUMENTS[name]]
    report = engine.check_files([(p.name, p.read_bytes()) for p in paths], extractor=pdf.extract)
    assert report.findings
    page.goto(page.base_url + "/checker/")
    page.set_input_files("input[type=file][name=files]", [str(path) for path in paths])
    with page.expect_navigation(url="**/checker/report/*/", timeout=120_000):
        page.click("form.checker-form button[type=submit]")
    assert len(report.documents) == 1
    assert page.locator(".checker-document .meta").inner_text().count(".pdf") == len(paths)
    for language in ("zh-hans", "en"):
        switch_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
        for width in (1280, 375):
            look(page, width, report)
    first = page.locator("a.checker-rule").first
    rule = first.inner_text()
    first.click()
    page.wait_for_url(f"**/checker/rules/#{rule}")
    assert page.locator(f"tr[id='{rule}']").is_visible()
    assert page.problems == []
