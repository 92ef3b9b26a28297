"""A budget clerk enters and publishes a document through the real admin (test client)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import Document, FunctionExpenditure, Template
from budgets.disclosures.roles import CLERK_GROUP
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CLERK_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def unit(baoji_unit):
    return baoji_unit


@pytest.fixture
def codes():
    for year in (2023, 2024):
        for code, name in (("201", "一般公共服务支出"), ("20103", "政府办公厅(室)及相关机构事务")):
            FunctionCode.objects.create(year=year, code=code, name=name)
        FunctionCode.objects.create(year=year, code="2010350", name="事业运行")
        DepartmentEconomicCode.objects.create(year=year, code="301", name="工资福利支出")
        DepartmentEconomicCode.objects.create(year=year, code="30101", name="基本工资")
        GovernmentEconomicCode.objects.create(year=year, code="505", name="对事业单位经常性补助")
        GovernmentEconomicCode.objects.create(year=year, code="50501", name="工资福利支出")
    return {
        "function": FunctionCode.objects.get(year=2023, code="2010350"),
        "function_2024": FunctionCode.objects.get(year=2024, code="2010350"),
        "dept": DepartmentEconomicCode.objects.get(year=2023, code="30101"),
        "gov": GovernmentEconomicCode.objects.get(year=2023, code="50501"),
    }


@pytest.fixture
def template():
    return Template.objects.create(code="test", name="测试模板")


def document_form(client, unit, template, **overrides):
    page = client.get(reverse("admin:disclosures_document_add"))
    assert page.status_code == 200
    fields = {
        "organisation": unit.pk,
        "year": 2023,
        "stage": "budget",
        "scope": "unit",
        "title": "测试单位2023年预算",
        "template": template.pk,
        "amount_unit": "元",
        "status": "draft",
    }
    fields.update(overrides)
    return form_data(page, **fields)


def function_line(prefix_index, function, amount, expense_type="personnel"):
    prefix = f"functionexpenditures-{prefix_index}"
    return {
        f"{prefix}-function": function.pk,
        f"{prefix}-source": "general_public",
        f"{prefix}-expense_type": expense_type,
        f"{prefix}-amount": amount,
    }


def test_clerk_enters_a_document_with_its_lines(client, clerk, unit, codes, template):
    data = document_form(client, unit, template)
    data.update(function_line(0, codes["function"], "450600.00"))
    data.update(
        {
            "revenuelines-TOTAL_FORMS": "1",
            "revenuelines-0-source": "general_public",
            "revenuelines-0-amount": "450600.00",
            "economicexpenditures-TOTAL_FORMS": "1",
            "economicexpenditures-0-dept_economic": codes["dept"].pk,
            "economicexpenditures-0-gov_economic": codes["gov"].pk,
            "economicexpenditures-0-source": "general_public",
            "economicexpenditures-0-expense_type": "personnel",
            "economicexpenditures-0-amount": "450600.00",
        }
    )
    response = client.post(reverse("admin:disclosures_document_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    document = Document.objects.get(title="测试单位2023年预算")
    line = document.functionexpenditures.get()
    assert line.amount == Decimal("450600.00")
    assert document.economicexpenditures.get().gov_economic == codes["gov"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1.00", "金额不能为负数。"),
        ("12.345", "最多两位小数"),
        ("十二", "请输入数字金额"),
    ],
)
def test_bad_amount_is_refused_with_a_clear_message(
    client, clerk, unit, codes, template, amount, message
):
    data = document_form(client, unit, template)
    data.update(function_line(0, codes["function"], amount))
    response = client.post(reverse("admin:disclosures_document_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_code_from_another_years_catalogue_is_refused(client, clerk, unit, codes, template):
    data = document_form(client, unit, template)
    data.update(function_line(0, codes["function_2024"], "100.00"))
    response = client.post(reverse("admin:disclosures_document_add"), data)
    assert response.status_code == 200
    assert "属于 2024 年目录，本文件为 2023 年" in response.content.decode()
    assert not FunctionExpenditure.objects.exists()


def test_a_unit_document_must_belong_to_a_unit(client, clerk, unit, template):
    data = document_form(client, unit, template, organisation=unit.parent.pk)
    response = client.post(reverse("admin:disclosures_document_add"), data)
    assert response.status_code == 200
    assert "单位预算应属于一个单位" in response.content.decode()


def test_publishing_figures_that_disagree_keeps_the_draft(client, clerk, unit, codes, template):
    data = document_form(client, unit, template, status="published")
    data.update(function_line(0, codes["function"], "450600.00"))
    data.update(
        {
            "revenuelines-TOTAL_FORMS": "1",
            "revenuelines-0-source": "general_public",
            "revenuelines-0-amount": "400000.00",
        }
    )
    response = client.post(reverse("admin:disclosures_document_add"), data, follow=True)
    document = Document.objects.get()
    assert document.status == "draft"
    assert document.functionexpenditures.get().amount == Decimal("450600.00")
    page = response.content.decode()
    assert "未发布，数字不一致" in page
    assert "收入 400000.00 元 ≠ 支出 450600.00 元" in page


def test_publish_action_publishes_agreeing_documents(client, clerk, unit, codes, template):
    document = Document.objects.create(
        organisation=unit, year=2023, scope="unit", template=template, title="t", amount_unit="元"
    )
    document.revenuelines.create(source="general_public", amount=Decimal("5.00"))
    document.functionexpenditures.create(
        function=codes["function"], source="general_public", expense_type="running", amount=5
    )
    response = client.post(
        reverse("admin:disclosures_document_changelist"),
        {"action": "publish", "_selected_action": [document.pk]},
        follow=True,
    )
    assert "已发布 1 份文件" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "published"
    assert document.published_on is not None


def test_code_autocomplete_offers_only_the_documents_year(client, clerk, unit, codes, template):
    document = Document.objects.create(
        organisation=unit, year=2023, scope="unit", template=template, title="t", amount_unit="元"
    )
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "事业运行",
            "app_label": "disclosures",
            "model_name": "functionexpenditure",
            "field_name": "function",
        },
        headers={"referer": reverse("admin:disclosures_document_change", args=[document.pk])},
    )
    results = response.json()["results"]
    assert [result["id"] for result in results] == [str(codes["function"].pk)]


def test_catalogue_code_needs_its_parent(client, clerk):
    page = client.get(reverse("admin:classifications_functioncode_add"))
    data = form_data(page, year=2023, code="2010350", name="事业运行")
    response = client.post(reverse("admin:classifications_functioncode_add"), data)
    assert response.status_code == 200
    assert "上级科目 20103 不在 2023 年目录中" in response.content.decode()


def test_task_parts_must_add_up(client, clerk, unit, template):
    document = Document.objects.create(
        organisation=unit, year=2023, scope="unit", template=template, title="t", amount_unit="元"
    )
    page = client.get(reverse("admin:performance_targetset_add"))
    data = form_data(
        page,
        document=document.pk,
        kind="unit_overall",
        name="宝鸡市人民政府口岸办公室",
        **{
            "tasks-TOTAL_FORMS": "1",
            "tasks-0-number": "1",
            "tasks-0-name": "任务",
            "tasks-0-total": "110000.00",
            "tasks-0-fiscal": "100000.00",
        },
    )
    response = client.post(reverse("admin:performance_targetset_add"), data)
    assert response.status_code == 200
    assert "总额 110000.00 元不等于财政拨款与其他资金之和 100000.00 元" in response.content.decode()
