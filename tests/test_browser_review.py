"""The review workflow in real Chromium: a clerk enters amounts in 万元 and submits, the
reviewer publishes; staff preview a draft with its banner; the public sees 数据核对."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from budgets.classifications.models import FunctionCode
from budgets.disclosures.models import Document, Template, TemplateTable
from budgets.disclosures.roles import CLERK_GROUP, REVIEWER_GROUP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots"))
PASSWORD = "correct horse battery"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def setup(baoji_unit):
    template = Template.objects.create(code="shaanxi-test", name="陕西省单位综合预算公开")
    TemplateTable.objects.create(
        template=template,
        position=1,
        number="表5",
        title="一般公共预算支出明细表（按支出功能分类科目）",
        kind="general_public_by_function",
    )
    for code, name in (
        ("201", "一般公共服务支出"),
        ("20103", "政府办公厅(室)及相关机构事务"),
        ("2010350", "事业运行"),
    ):
        FunctionCode.objects.create(year=2023, code=code, name=name)
    for name, group in (("clerk", CLERK_GROUP), ("reviewer", REVIEWER_GROUP)):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    document = Document.objects.create(
        organisation=baoji_unit,
        year=2023,
        scope="unit",
        template=template,
        title="宝鸡市人民政府口岸办公室2023年单位综合预算",
        amount_unit="万元",
    )
    document.revenuelines.create(source="general_public", amount=Decimal("1905700.00"))
    return document


def log_in(page, name, next_url):
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/admin/login/?next={next_url}")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_clerk_enters_in_wan_yuan_and_submits_then_reviewer_publishes(page, setup):
    document = setup
    change = f"/admin/disclosures/document/{document.pk}/change/"
    log_in(page, "clerk", change + "?facts=functionexpenditure")
    assert "金额（万元）" in page.inner_text("#functionexpenditures-group")
    page.click("[aria-labelledby='select2-id_functionexpenditures-0-function-container']")
    page.fill(".select2-search__field", "2010350")
    page.click(".select2-results__option:has-text('2010350 事业运行')")
    page.select_option("#id_functionexpenditures-0-source", "general_public")
    page.select_option("#id_functionexpenditures-0-expense_type", "personnel")
    page.fill("#id_functionexpenditures-0-amount", "190.57")
    shot(page, "admin-fact-page")
    page.click("input[name=_save]")
    assert "已保存" in page.locator(".messagelist").inner_text()
    assert document.functionexpenditures.get().amount == Decimal("1905700.00")
    assert page.input_value("#id_functionexpenditures-0-amount") == "190.57"

    page.goto(page.base_url + change)
    assert "核对通过" in page.inner_text("#review-panel") or "提示" in page.inner_text(
        "#review-panel"
    )
    assert page.locator("button[value=publish]").count() == 0
    shot(page, "admin-document-page-clerk")
    page.click("button[value=submit]")
    assert "已提交审核" in page.locator(".messagelist").inner_text()
    document.refresh_from_db()
    assert document.status == "submitted"

    # The preview shows the unpublished document with its banner.
    with page.expect_popup() as popup_info:
        page.click("a.viewsitelink")
    preview = popup_info.value
    preview.wait_for_load_state()
    assert preview.locator(".preview-banner").inner_text().startswith("预览：未公开")
    assert "190.57" in preview.inner_text("[data-figure=expenditure]")
    shot(preview, "public-preview")
    preview.close()

    log_in(page, "reviewer", change)
    shot(page, "admin-document-page-reviewer")
    page.click("button[value=publish]")
    assert "已发布" in page.locator(".messagelist").inner_text()
    document.refresh_from_db()
    assert document.status == "published"
    page.goto(f"{page.base_url}/org/{document.organisation_id}/2023/")
    assert page.locator(".preview-banner").count() == 0
    assert "数据核对" in page.inner_text("#findings-heading")
    shot(page, "public-document")
    assert page.problems == []


def test_a_reviewer_overrides_an_error_with_a_reason(page, setup):
    document = setup
    document.functionexpenditures.create(
        function=FunctionCode.objects.get(code="2010350"),
        source="general_public",
        expense_type="personnel",
        amount=Decimal("1000000.00"),
    )
    change = f"/admin/disclosures/document/{document.pk}/change/"
    log_in(page, "reviewer", change)
    assert "收入 1905700.00 元 ≠ 支出 1000000.00 元" in page.inner_text("#review-panel")
    page.fill("#id_override_reason", "原文如此，已与财政局核对。")
    shot(page, "admin-override")
    page.click("text=写明理由并放行")
    assert "已记录放行理由" in page.locator(".messagelist").inner_text()
    assert "原文如此，已与财政局核对。" in page.inner_text("#review-panel")
    page.goto(f"{page.base_url}/admin/disclosures/document/{document.pk}/history/")
    shot(page, "admin-history")
    assert page.problems == []
