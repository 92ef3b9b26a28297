"""A budget clerk enters a small budget through the admin in real Chromium."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from budgets.classifications.models import FunctionCode
from budgets.disclosures.models import Document, Template
from budgets.disclosures.roles import CLERK_GROUP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk_setup(baoji_unit):
    Template.objects.create(code="shaanxi-test", name="陕西省单位综合预算公开")
    for code, name in (
        ("201", "一般公共服务支出"),
        ("20103", "政府办公厅(室)及相关机构事务"),
        ("2010350", "事业运行"),
    ):
        FunctionCode.objects.create(year=2023, code=code, name=name)
    user = User.objects.create_user("clerk", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=CLERK_GROUP))


def pick(page, field_id, term, choice):
    """Choose in a Django admin autocomplete (select2) box, as a person does."""
    page.click(f"[aria-labelledby='select2-{field_id}-container']")
    page.fill(".select2-search__field", term)
    page.click(f".select2-results__option:has-text('{choice}')")


def test_clerk_enters_a_budget_and_is_told_about_a_bad_amount(page, clerk_setup):
    """The clerk adds the document, then types its lines on the table's own page in the
    document's unit (万元); a figure finer than a cent is refused and nothing typed is lost."""
    page.goto(page.base_url + "/admin/login/?next=/admin/disclosures/document/add/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    assert page.locator("h1").inner_text() == "增加 预算公开文件"

    pick(page, "id_organisation", "口岸", "宝鸡市人民政府口岸办公室")
    page.fill("#id_year", "2023")
    page.select_option("#id_scope", "unit")
    page.fill("#id_title", "宝鸡市人民政府口岸办公室2023年单位综合预算")
    page.select_option("#id_template", label="陕西省单位综合预算公开")
    page.select_option("#id_amount_unit", "万元")
    page.click("input[name=_save]")
    document = Document.objects.get()
    assert document.status == "draft"

    page.goto(
        f"{page.base_url}/admin/disclosures/document/{document.pk}/change/"
        "?facts=functionexpenditure"
    )
    pick(page, "id_functionexpenditures-0-function", "2010350", "2010350 事业运行")
    page.select_option("#id_functionexpenditures-0-source", "general_public")
    page.select_option("#id_functionexpenditures-0-expense_type", "personnel")
    page.fill("#id_functionexpenditures-0-amount", "45.0600005")
    page.click("input[name=_save]")

    error = page.locator("#functionexpenditures-group .errorlist")
    assert error.inner_text() == "金额以万元为单位，最多六位小数（0.000001万元即1分）。"
    assert page.locator(".errornote").is_visible()
    assert not document.functionexpenditures.exists()
    # Nothing typed is lost: the form comes back with every value in place.
    assert page.input_value("#id_functionexpenditures-0-amount") == "45.0600005"
    assert "2010350 事业运行" in page.inner_text(
        "#select2-id_functionexpenditures-0-function-container"
    )

    page.fill("#id_functionexpenditures-0-amount", "45.06")
    page.click("input[name=_save]")
    line = document.functionexpenditures.get()
    # 45.06 万元, stored exactly in 元.
    assert (line.function.code, line.amount) == ("2010350", Decimal("450600.00"))
    assert page.problems == []
