"""Every document in fixtures/ is public and every one of its tables renders everywhere.

Shanghai figures typed by hand from the 普陀区 PDFs (元; the “三公” table in 万元).
"""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document
from budgets.web.pages import document_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures_loaded(db):
    call_command("load_initial_data", verbosity=0)


def text_of(response):
    """The page's text as a person at a desktop reads it (a name repeated under its code for
    phones, hidden at this width, left out)."""
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r'<span class="row-name">.*?</span>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_fixture_document_and_table_renders(client, fixtures_loaded):
    documents = list(Document.published.select_related("template"))
    # 宝鸡 2023; nine 上海市普陀区 budgets and two final accounts; nine 江苏省 budgets.
    assert len(documents) == 21
    assert sorted({document.template.code for document in documents}) == [
        "jiangsu-provincial-2017",
        "jiangsu-provincial-2018",
        "shaanxi-unit-comprehensive",
        "shanghai-district",
        "shanghai-final-accounts",
    ]
    listed = json.loads(client.get(reverse("api:documents"), {"page_size": 200}).content)
    assert listed["count"] == 21
    assert {entry["id"] for entry in listed["results"]} == {document.pk for document in documents}
    for document in documents:
        kwargs = document_kwargs(document)
        assert client.get(reverse("browse:document", kwargs=kwargs)).status_code == 200
        for table in document.template.tables.all():
            position = {**kwargs, "position": table.position}
            for name in ("browse:table", "browse:table_csv", "browse:table_xlsx"):
                assert client.get(reverse(name, kwargs=position)).status_code == 200
            api = client.get(reverse("api:table", args=[document.pk, table.position]))
            assert json.loads(api.content)["number"] == table.number


def test_shanghai_unit_figures_on_its_pages(client, fixtures_loaded):
    document = Document.published.get(
        organisation__name="上海市普陀区人民政府办公室", scope="unit", year=2025
    )
    kwargs = {"organisation": document.organisation_id, "year": document.year}
    summary = text_of(client.get(reverse("browse:table", kwargs={**kwargs, "position": 1})))
    assert "一、一般公共服务支出 82,096,797.42 13,819,399.88 1,867,397.54 66,410,000.00" in summary
    assert "收入总计 91,016,775.35 支出总计 91,016,775.35 22,473,997.81 2,132,777.54" in summary
    restricted = text_of(client.get(reverse("browse:table", kwargs={**kwargs, "position": 9})))
    assert "867.50 839.00 28.50 213.28" in restricted
    economic = client.get(reverse("api:table", args=[document.pk, 8]))
    assert ["31002", "办公设备购置", "200000.00", None, "200000.00"] in json.loads(
        economic.content
    )["rows"]


def test_street_office_across_two_years(client, fixtures_loaded):
    document = Document.published.filter(
        organisation__name="上海市普陀区人民政府万里街道办事处"
    ).first()
    text = text_of(client.get(reverse("browse:compare_years", args=[document.organisation_id])))
    # Every year is printed in whole 元, and shown so (2023 typed from its 支出预算总表).
    assert "208 社会保障和就业支出 27,073,236 19,604,064 16,091,895 -3,512,169 -17.92%" in text
    assert "212 城乡社区支出 121,319,878 119,385,303 154,369,326" in text


def test_compare_years_shows_final_accounts_beside_budgets(client, fixtures_loaded):
    """普陀区财政局: its 2024 决算 (printed in 万元: 合计 2,940.05, 201 2,106.66) beside its
    2025 budget (元: 31,214,205.80), shown in the latest document's unit; the 决算 total is
    the figure it prints, not the sum of its rounded rows (2,940.06)."""
    finance = Document.published.get(title="上海市普陀区财政局2025年部门预算").organisation
    text = text_of(client.get(reverse("browse:compare_years", args=[finance.pk])))
    assert "年度 金额 2024决算 29,400,500.00 2025 31,214,205.80" in text
    assert (
        "科目编码 科目名称 2024决算 2025 201 一般公共服务支出 21,066,600.00 22,186,440.80" in text
    )


def test_final_accounts_page_states_what_was_spent_as_printed(client, fixtures_loaded):
    """普陀区财政局's 2024 决算: its headline says what was spent (not 预算), and the
    narrative's 一般公共预算财政拨款支出 2,940.05 万元 agrees with the 合计 its table prints
    (the sum of its rounded rows would be 2,940.06)."""
    final = Document.published.get(title="上海市普陀区财政局2024年度部门决算")
    text = text_of(client.get(reverse("browse:document", kwargs=document_kwargs(final))))
    assert "本年收入 2,946.25 本年支出 2,940.05" in text
    assert "支出预算" not in text.split("说明中的增减及原因")[0]
    assert "报表为 2,940.06" not in text
