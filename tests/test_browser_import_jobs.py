"""A clerk imports one published document of each template family (上海 预算, 江苏 in two
PDFs, 上海 决算) through the admin in real Chromium: one upload, the preview job's page
with each file read and a section per document, one confirmation, the import job's page
with each document imported and a link to it. The jobs run inline (no queue configured),
as in development; on the queue: test_import_jobs.py."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from budgets.disclosures.models import Document
from budgets.disclosures.roles import CLERK_GROUP
from budgets.importers.models import ImportJob
from tests.test_import_uploads import FAMILIES

pytestmark = [pytest.mark.browser, pytest.mark.disclosures, pytest.mark.django_db(transaction=True)]

FILES = [name for family in sorted(FAMILIES) for name in FAMILIES[family]["files"]]
TITLES = [FAMILIES[family]["title"] for family in sorted(FAMILIES)]
SCREENSHOT = "/tmp/import-job-preview.png"
SCREENSHOT_IMPORTED = "/tmp/import-job-imported.png"


@pytest.fixture
def inline_jobs(settings):
    settings.RQ_QUEUES = {}


def test_a_clerk_imports_a_document_of_each_family_through_the_jobs(page, disclosure, inline_jobs):
    paths = [str(disclosure(name)) for name in FILES]
    call_command("loaddata", "templates", verbosity=0)
    clerk = User.objects.create_user("clerk", password="correct horse battery", is_staff=True)
    clerk.groups.add(Group.objects.get(name=CLERK_GROUP))

    page.goto(page.base_url + "/admin/login/?next=/admin/import/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.set_input_files("input[type=file][name=files]", paths)
    page.click("input[type=submit][value=预览]")

    page.wait_for_url("**/admin/import/jobs/*/")
    sections = page.locator("section.import-document")
    sections.first.wait_for()
    assert page.locator("#import-job").get_attribute("data-state") == "done"
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    progress = page.locator(".import-progress tbody tr")
    assert [progress.nth(index).inner_text().split("\t")[:2] for index in range(4)] == [
        [name, "已读取"] for name in FILES
    ]
    assert sorted(sections.nth(index).locator("h2").inner_text() for index in range(3)) == sorted(
        TITLES
    )
    for index in range(3):
        assert page.locator(f"input[name=form-{index}-status][value=draft]").is_checked()
        assert page.locator(f"input[name=form-{index}-include]").is_checked()
    shanghai = sections.filter(has_text=FAMILIES["shanghai_budget"]["title"])
    assert "96,282,213.44" in shanghai.locator(".import-tables").inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert not Document.objects.exists()

    page.click("input[type=submit][value=确认导入]")
    outcomes = page.locator(".import-outcomes li.success")
    outcomes.first.wait_for()
    imported = ImportJob.objects.get(kind="import")
    assert page.url == page.base_url + imported.get_absolute_url()
    assert sorted(outcomes.nth(index).inner_text() for index in range(3)) == sorted(
        f"已导入《{title}》（草稿）。查看文件" for title in TITLES
    )
    page.screenshot(path=SCREENSHOT_IMPORTED, full_page=True)
    assert sorted(Document.objects.values_list("title", "status")) == sorted(
        (title, "draft") for title in TITLES
    )
    outcomes.first.locator("a").click()
    page.wait_for_url("**/admin/disclosures/document/*/change/")
    assert page.problems == []
