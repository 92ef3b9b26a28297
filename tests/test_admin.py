"""A budget clerk enters a document through the real admin (test client), posting each form
as a browser would (tests/admin_forms.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.amount_fields import shown
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    RevenueLine,
    Template,
)
from budgets.disclosures.roles import CLERK_GROUP
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def make_clerk(name="clerk"):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CLERK_GROUP))
    return user


@pytest.fixture
def clerk(client):
    user = make_clerk()
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


def new_document(unit, template, unit_name="元", **fields):
    fields.setdefault("status", "draft")
    if fields["status"] == "published":
        fields.setdefault("published_on", date(2023, 2, 1))
    return Document.objects.create(
        organisation=unit,
        year=2023,
        scope="unit",
        template=template,
        title="测试单位2023年预算",
        amount_unit=unit_name,
        **fields,
    )


def change_url(document):
    return reverse("admin:disclosures_document_change", args=[document.pk])


def facts_url(document, kind, page=None):
    url = f"{change_url(document)}?facts={kind}"
    return url + (f"&p={page}" if page else "")


def post_page(client, url, **overrides):
    """GET an admin page, then post its form back as a browser would, with ``overrides``."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, **overrides)
    return client.post(url, data), data


def function_line(index, function, amount, expense_type="personnel"):
    prefix = f"functionexpenditures-{index}"
    return {
        f"{prefix}-function": function.pk,
        f"{prefix}-source": "general_public",
        f"{prefix}-expense_type": expense_type,
        f"{prefix}-amount": amount,
    }


def test_clerk_adds_a_document_then_enters_its_lines_table_by_table(
    client, clerk, unit, codes, template
):
    page = client.get(reverse("admin:disclosures_document_add"))
    data = form_data(
        page,
        organisation=unit.pk,
        year=2023,
        stage="budget",
        scope="unit",
        title="测试单位2023年预算",
        template=template.pk,
        amount_unit="元",
        amount_places=2,
    )
    response = client.post(reverse("admin:disclosures_document_add"), data)
    document = Document.objects.get(title="测试单位2023年预算")
    # Saved as a draft, and the clerk lands on its page, which links each table's page.
    assert document.status == "draft"
    assert response.status_code == 302 and response.url == change_url(document)
    page = client.get(change_url(document)).content.decode()
    assert "?facts=functionexpenditure" in page and "?facts=economicexpenditure" in page

    response, _ = post_page(
        client,
        facts_url(document, "functionexpenditure"),
        **function_line(0, codes["function"], "450600.00"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response, _ = post_page(
        client,
        facts_url(document, "economicexpenditure"),
        **{
            "economicexpenditures-0-dept_economic": codes["dept"].pk,
            "economicexpenditures-0-gov_economic": codes["gov"].pk,
            "economicexpenditures-0-source": "general_public",
            "economicexpenditures-0-expense_type": "personnel",
            "economicexpenditures-0-amount": "450600.00",
        },
    )
    assert response.status_code == 302
    assert document.functionexpenditures.get().amount == Decimal("450600.00")
    assert document.economicexpenditures.get().gov_economic == codes["gov"]


def test_amounts_are_typed_and_shown_in_a_wan_yuan_documents_unit(
    client, clerk, unit, codes, template
):
    """190.57 typed into a 万元 document is 1,905,700.00 元, not 190.57 元 (0.02 万元)."""
    document = new_document(unit, template, "万元")
    url = facts_url(document, "functionexpenditure")
    page = client.get(url).content.decode()
    assert "金额（万元）" in page and "金额（元）" not in page
    response, _ = post_page(client, url, **function_line(0, codes["function"], "190.57"))
    assert response.status_code == 302
    assert document.functionexpenditures.get().amount == Decimal("1905700.00")
    # Shown again as printed, in 万元; saved unchanged, nothing changes.
    page = client.get(url)
    assert 'value="190.57"' in page.content.decode()
    response, data = post_page(client, url)
    assert data["functionexpenditures-0-amount"] == "190.57"
    assert document.functionexpenditures.get().amount == Decimal("1905700.00")


def test_every_money_field_of_the_documents_tables_uses_its_unit(
    client, clerk, unit, codes, template
):
    document = new_document(unit, template, "万元")
    for kind, field in [
        ("revenueline", "revenuelines-0-amount"),
        ("restrictedspending", "restrictedspendings-0-reception"),
        ("procurement", "procurements-0-total"),
        ("project", "projects-0-amount"),
        ("statement", "statements-0-change_amount"),
    ]:
        page = client.get(facts_url(document, kind)).content.decode()
        assert f'name="{field}"' in page, kind
        assert "（万元）" in page and "（元）" not in page, kind
    response, _ = post_page(
        client,
        facts_url(document, "restrictedspending"),
        **{"restrictedspendings-0-period": "current", "restrictedspendings-0-reception": "0.4"},
    )
    assert response.status_code == 302
    assert document.restrictedspendings.get().reception == Decimal("4000.00")


def test_a_wan_yuan_amount_keeps_every_cent():
    assert shown(Decimal("1905712.34"), "万元") == "190.571234"
    assert shown(Decimal("1905700.00"), "万元") == "190.57"
    assert shown(Decimal("180.00"), "万元") == "0.018"
    assert shown(Decimal("94995790"), "元", 0) == "94995790"
    assert shown(Decimal("12.30"), "元") == "12.30"


@pytest.mark.parametrize(
    ("unit_name", "amount", "message", "stored"),
    [
        ("元", "-1.00", "金额不能为负数。", None),
        ("元", "12.345", "金额以元为单位，最多两位小数（到分）。", None),
        ("元", "十二", "请输入数字金额", None),
        ("万元", "0.0000001", "金额以万元为单位，最多六位小数", None),
        ("万元", "-0.01", "金额不能为负数。", None),
        ("万元", "0.000001", None, Decimal("0.01")),
        ("万元", "450600.005", None, Decimal("4506000050.00")),
        ("元", "1,234.50", None, Decimal("1234.50")),
    ],
)
def test_typed_amounts_are_refused_with_a_clear_message_or_stored_exactly(
    client, clerk, unit, codes, template, unit_name, amount, message, stored
):
    document = new_document(unit, template, unit_name)
    response, _ = post_page(
        client,
        facts_url(document, "functionexpenditure"),
        **function_line(0, codes["function"], amount),
    )
    if message:
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not FunctionExpenditure.objects.exists()
    else:
        assert response.status_code == 302
        assert FunctionExpenditure.objects.get().amount == stored


def test_code_from_another_years_catalogue_is_refused(client, clerk, unit, codes, template):
    document = new_document(unit, template)
    response, _ = post_page(
        client,
        facts_url(document, "functionexpenditure"),
        **function_line(0, codes["function_2024"], "100.00"),
    )
    assert response.status_code == 200
    assert "属于 2024 年目录，本文件为 2023 年" in response.content.decode()
    assert not FunctionExpenditure.objects.exists()


def test_a_unit_document_must_belong_to_a_unit(client, clerk, unit, template):
    page = client.get(reverse("admin:disclosures_document_add"))
    data = form_data(
        page,
        organisation=unit.parent.pk,
        year=2023,
        scope="unit",
        title="t",
        template=template.pk,
        amount_unit="元",
    )
    response = client.post(reverse("admin:disclosures_document_add"), data)
    assert response.status_code == 200
    assert "单位预算应属于一个单位" in response.content.decode()


def published_with_lines(unit, codes, template):
    document = new_document(unit, template, status="published")
    document.revenuelines.create(source="general_public", amount=Decimal("300.00"))
    for expense_type, amount in (("personnel", "200.00"), ("running", "100.00")):
        document.functionexpenditures.create(
            function=codes["function"],
            source="general_public",
            expense_type=expense_type,
            amount=Decimal(amount),
        )
    return document


def test_a_published_document_is_never_edited_in_place(client, clerk, unit, codes, template):
    """Deleting one row used to turn a published document into a draft, and any edit went
    live unreviewed. Now neither its fact pages nor its own form save anything: it changes
    through a correction (tests/test_corrections.py)."""
    document = published_with_lines(unit, codes, template)
    public = f"/org/{unit.pk}/2023/"
    assert client.get(public).status_code == 200
    url = facts_url(document, "functionexpenditure")
    page = client.get(url).content.decode()
    assert 'name="functionexpenditures-0-amount"' not in page  # shown read-only
    # A hand-made POST, as a browser would send the editable page.
    personnel, running = document.functionexpenditures.order_by("expense_type")
    data = {
        "functionexpenditures-TOTAL_FORMS": "2",
        "functionexpenditures-INITIAL_FORMS": "2",
        "functionexpenditures-0-id": personnel.pk,
        "functionexpenditures-0-amount": "250.00",
        "functionexpenditures-1-id": running.pk,
        "functionexpenditures-1-DELETE": "on",
        "base_version": document.version,
    }
    assert client.post(url, data).status_code == 403
    data = form_data(client.get(change_url(document)), title="测试单位2023年预算（更正）")
    assert client.post(change_url(document), data).status_code == 403
    document.refresh_from_db()
    assert (document.status, document.title) == ("published", "测试单位2023年预算")
    amounts = sorted(line.amount for line in document.functionexpenditures.all())
    assert amounts == [Decimal("100.00"), Decimal("200.00")]
    assert client.get(public).status_code == 200


@pytest.fixture
def big_document(unit, template):
    """A document of 1,650 function lines and 320 economic lines, built with bulk_create:
    more than 万里 2024's 1,506 posted fields in one form."""
    document = new_document(unit, template, "万元")
    functions = FunctionCode.objects.bulk_create(
        FunctionCode(year=2023, code=f"2{index:06d}", name=f"科目{index}") for index in range(330)
    )
    FunctionExpenditure.objects.bulk_create(
        FunctionExpenditure(
            document=document,
            function=function,
            source=source,
            expense_type=expense_type,
            amount=Decimal("100.00") * (index + 1),
        )
        for index, function in enumerate(functions)
        for source in ("general_public", "government_fund", "operating")
        for expense_type in ("basic", "project")
    )[:0]
    # 330 × 3 × 2 = 1,980 rows; keep 1,650 of them.
    FunctionExpenditure.objects.filter(
        pk__in=FunctionExpenditure.objects.order_by("-pk").values("pk")[:330]
    ).delete()
    dept = DepartmentEconomicCode.objects.bulk_create(
        DepartmentEconomicCode(year=2023, code=f"3{index:04d}", name=f"经济{index}")
        for index in range(160)
    )
    EconomicExpenditure.objects.bulk_create(
        EconomicExpenditure(
            document=document,
            dept_economic=code,
            source="general_public",
            expense_type=expense_type,
            amount=Decimal("1.00"),
        )
        for code in dept
        for expense_type in ("personnel", "running")
    )
    RevenueLine.objects.create(document=document, source="general_public", amount=Decimal(1))
    return document


def test_every_edit_page_of_a_large_document_saves(client, clerk, big_document):
    from budgets.disclosures.admin import FACT_INLINES

    document = big_document
    assert document.functionexpenditures.count() == 1650
    pages = [change_url(document)]
    for kind, inline in FACT_INLINES.items():
        rows = inline.model.objects.filter(document=document).count()
        pages += [facts_url(document, kind, page) for page in range(1, rows // 100 + 2)]
    assert len(pages) > 20
    for url in pages:
        page = client.get(url)
        data = form_data(page)
        assert len(data) < 1000, (url, len(data))
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    # A change on the last page of function lines is saved, the rest unchanged.
    last = facts_url(document, "functionexpenditure", 17)
    data = form_data(client.get(last))
    assert data["functionexpenditures-0-id"]
    row = FunctionExpenditure.objects.get(pk=data["functionexpenditures-0-id"])
    data["functionexpenditures-0-amount"] = "12.34"
    assert client.post(last, data).status_code == 302
    row.refresh_from_db()
    assert row.amount == Decimal("123400.00")
    assert document.functionexpenditures.count() == 1650


def test_the_later_of_two_saves_is_refused_and_keeps_what_was_typed(
    client, clerk, unit, codes, template
):
    document = published_with_lines(unit, codes, template)
    Document.objects.filter(pk=document.pk).update(status="draft", published_on=None)
    other = Client()
    other.force_login(make_clerk("clerk2"))
    url = facts_url(document, "functionexpenditure")
    first = form_data(client.get(url))
    second = form_data(other.get(url))
    first["functionexpenditures-0-amount"] = "210.00"
    assert client.post(url, first).status_code == 302
    second["functionexpenditures-0-amount"] = "220.00"
    response = other.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "未保存：在您打开本页之后" in page
    assert 'value="220.00"' in page
    # What is saved now stands beside what this clerk typed.
    assert "已保存的值：210.00" in page
    line = FunctionExpenditure.objects.get(pk=first["functionexpenditures-0-id"])
    assert line.amount == Decimal("210.00")
    # Saving the form as shown again is the second clerk's deliberate choice.
    again = form_data(response)
    assert again["functionexpenditures-0-amount"] == "220.00"
    assert other.post(url, again).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("220.00")


def test_the_document_form_detects_a_conflicting_save(client, clerk, unit, template):
    document = new_document(unit, template)
    other = Client()
    other.force_login(make_clerk("clerk2"))
    first = form_data(client.get(change_url(document)), title="甲的标题")
    second = form_data(other.get(change_url(document)), title="乙的标题")
    assert client.post(change_url(document), first).status_code == 302
    response = other.post(change_url(document), second)
    assert response.status_code == 200
    assert "未保存：在您打开本页之后" in response.content.decode()
    assert 'value="乙的标题"' in response.content.decode()
    assert "已保存的值：甲的标题" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "甲的标题"


def test_code_autocomplete_offers_only_the_documents_year(client, clerk, unit, codes, template):
    document = new_document(unit, template)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "事业运行",
            "app_label": "disclosures",
            "model_name": "functionexpenditure",
            "field_name": "function",
        },
        headers={"referer": change_url(document)},
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
    document = new_document(unit, template)
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
