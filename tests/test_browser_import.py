"""An administrator imports two published PDFs at once through the admin in real Chromium:
one upload, a preview per document on the preview job's page, one confirmation, both
documents imported on the import job's page and in the list. (The jobs run inline here,
without REDIS_URL.)"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from budgets.disclosures.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.disclosures, pytest.mark.django_db(transaction=True)]

OFFICE_UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
WANLI_2024 = "上海市普陀区人民政府万里街道办事处24年预算.pdf"
TITLES = [
    "上海市普陀区人民政府办公室2025年单位预算",
    "上海市普陀区人民政府万里街道办事处2024年部门预算",
]
SCREENSHOT = "/tmp/import-preview.png"
SCREENSHOT_EXISTING = "/tmp/import-preview-existing.png"


def test_admin_uploads_two_pdfs_sees_two_previews_and_imports_both(page, disclosure):
    paths = [str(disclosure(OFFICE_UNIT)), str(disclosure(WANLI_2024))]
    call_command("loaddata", "templates", verbosity=0)
    User.objects.create_superuser("admin", "admin@example.org", "correct horse battery")

    page.goto(page.base_url + "/admin/login/?next=/admin/import/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    assert page.locator("h1").inner_text() == "导入预算公开PDF"

    page.set_input_files("input[type=file][name=files]", paths)
    page.click("input[type=submit][value=预览]")
    sections = page.locator("section.import-document")
    sections.first.wait_for()
    assert sections.count() == 2
    assert [sections.nth(index).locator("h2").inner_text() for index in range(2)] == TITLES
    assert page.locator("#import-overview").inner_text().startswith("识别为 2 份文件。")
    assert "各表自身及相互核对一致。" in sections.nth(0).inner_text()
    assert "表注称本表为空表，但表中印有数字" in sections.nth(1).inner_text()
    # Each document offers its own choice; a new document starts as a draft.
    assert page.locator("input[name=form-0-status][value=draft]").is_checked()
    assert page.locator("input[name=form-1-include]").is_checked()
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert not Document.objects.exists()

    page.click("input[type=submit][value=确认导入]")
    page.wait_for_url("**/admin/import/jobs/*/")
    outcomes = page.locator(".import-outcomes").inner_text()
    assert f"已导入《{TITLES[0]}》（草稿）。" in outcomes
    assert f"已导入《{TITLES[1]}》（草稿）。" in outcomes
    page.click("text=预算公开文件列表")
    page.wait_for_url("**/admin/disclosures/document/")
    listed = page.locator("#result_list").inner_text()
    for title in TITLES:
        assert title in listed
    assert sorted(Document.objects.values_list("title", flat=True)) == sorted(TITLES)

    # The same file again: the preview says the document exists, in which state, and
    # what changes; the choice starts at the current state.
    page.goto(page.base_url + "/admin/import/")
    page.set_input_files("input[type=file][name=files]", paths[1])
    page.click("input[type=submit][value=预览]")
    existing = page.locator(".import-existing")
    assert "该文件已导入过，确认后将替换其全部数据。" in existing.inner_text()
    assert existing.locator(".import-current-status").inner_text() == "草稿"
    assert page.locator("input[name=form-0-status][value=draft]").is_checked()
    page.screenshot(path=SCREENSHOT_EXISTING, full_page=True)
    assert page.problems == []
