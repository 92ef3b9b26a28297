"""Public pages through the Django test client: what a reader sees, and what they never do."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.disclosures.models import FunctionExpenditure

pytestmark = pytest.mark.django_db


def text_of(response):
    """The visible text of a page, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def url(name, document, **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


def test_home_lists_regions_departments_units_and_years(client, baoji_document, putuo):
    """Every region with its departments counted; one region's departments (the first by
    code unless ?region= chooses), each with its units and years."""
    response = client.get(reverse("browse:home"))
    text = text_of(response)
    # Each region as a card: its level, latest year and counts.
    assert "陕西省宝鸡市 市级 · 最新 2023 年 1 个部门 · 1 份文件" in text
    assert "上海市普陀区 区县级 · 最新 2025 年 1 个部门 · 3 份文件" in text
    assert "测试街道办事处" in text and "测试街道社区服务中心" in text
    assert url("browse:document", putuo.dept_2024) in response.content.decode()
    assert url("browse:document", putuo.dept_2025) in response.content.decode()
    assert "宝鸡市人民政府办公室" not in text
    baoji = baoji_document.organisation.region.code
    response = client.get(reverse("browse:home") + f"?region={baoji}")
    text = text_of(response)
    assert "402 宝鸡市人民政府办公室" in text
    assert "402002 宝鸡市人民政府口岸办公室" in text
    assert url("browse:document", baoji_document) in response.content.decode()
    assert "测试街道办事处" not in text


def test_home_pages_a_region_s_departments(client, putuo, monkeypatch):
    from budgets.browse import data
    from budgets.organisations.models import Organisation
    from budgets.summaries import kept

    for number in range(3):
        department = Organisation.objects.create(
            region=putuo.region, kind="department", code=f"90{number}", name=f"分页部门{number}"
        )
        document = putuo.dept_2025
        document.pk = None
        document.organisation = department
        document.save()
        kept.summarise([document.pk])  # as its publication does
    monkeypatch.setattr(data, "HOME_PAGE_SIZE", 2)
    home = reverse("browse:home") + f"?region={putuo.region.code}"
    first, second = text_of(client.get(home)), text_of(client.get(home + "&page=2"))
    assert "上海市普陀区 区县级 · 最新 2025 年 4 个部门" in first
    # ordered by code: 测试街道办事处 publishes none, so it comes first
    assert "测试街道办事处" in first and "分页部门0" in first and "分页部门1" not in first
    assert "第 1 / 2 页" in first
    assert "分页部门1" in second and "分页部门2" in second and "分页部门0" not in second
    assert "第 2 / 2 页" in second
    assert text_of(client.get(home + "&page=99")) == second  # past the end: the last page


def organisations_found(client, query):
    """The count the search page gives its organisations (tests/test_search.py checks it
    against the rows listed)."""
    html = client.get(reverse("browse:search"), {"q": query}).content.decode()
    return int(
        re.search(r'data-kind="organisations"[^>]*>[^<]*<span class="count">(\d+)<', html)[1]
    )


def test_search_by_partial_chinese_name_and_by_code(client, baoji_document):
    text = text_of(client.get(reverse("browse:search"), {"q": "口岸"}))
    assert "宝鸡市人民政府口岸办公室2023年单位综合预算" in text
    assert organisations_found(client, "口岸") == 1
    assert organisations_found(client, "402002") == 1
    assert "找到 0 条结果" in text_of(client.get(reverse("browse:search"), {"q": "不存在的单位"}))


def test_baoji_document_page_headline_figures(client, baoji_document):
    response = client.get(url("browse:document", baoji_document))
    assert response.status_code == 200
    html = response.content.decode()
    figures = dict(re.findall(r'data-figure="([\w-]+)">\s*([\d,.]+)', html))
    assert figures == {
        "revenue": "190.57",
        "expenditure": "190.57",
        "basic": "126.11",
        "project": "64.46",
        "three-public": "0.40",
    }
    text = text_of(response)
    assert "较上年 -0.10" in text
    assert "增加了核增绩效工资预算收入" in text  # a stated change and its reason
    assert "编制人数 10" in text and "退休人员 4" in text
    assert "负责宝鸡电子口岸和口岸信息平台的建设管理" in text  # a duty, as published
    # Each chart's data and its text alternative (the same items as a table).
    assert 'id="chart-function-data"' in html
    assert "173.00" in text and "11.43" in text and "6.14" in text
    assert 'integrity="sha384-' in html and 'crossorigin="anonymous"' in html


def test_unit_switch_shows_yuan_with_thousands_separators(client, baoji_document):
    response = client.get(url("browse:document", baoji_document), {"unit": "元"})
    assert 'data-figure="revenue">1,905,700.00' in response.content.decode()
    switch = client.get(reverse("browse:set_unit"), {"unit": "yuan", "next": "/"})
    assert switch.status_code == 302 and switch.cookies["amount_unit"].value == "yuan"
    remembered = client.get(url("browse:document", baoji_document))
    assert 'data-figure="expenditure">1,905,700.00' in remembered.content.decode()
    unsafe = client.get(
        reverse("browse:set_unit"), {"unit": "wan", "next": "https://evil.example/"}
    )
    assert unsafe["Location"] == "/"


def test_drill_down_function_levels_keep_the_year(client, baoji_document):
    top = client.get(url("browse:drill", baoji_document, scheme="function"))
    html = top.content.decode()
    level_one = url("browse:drill_code", baoji_document, scheme="function", code="201")
    assert f'href="{level_one}"' in html
    assert "/2023/function/201/" in level_one
    response = client.get(level_one)
    text = text_of(response)
    assert "20103 政府办公厅(室)及相关机构事务 173.00 108.54 64.46 100.00%" in text
    level_two = client.get(
        url("browse:drill_code", baoji_document, scheme="function", code="20103")
    )
    text = text_of(level_two)
    assert "2010350 事业运行 108.54 108.54" in text
    assert "2010399 其他政府办公厅(室)及相关机构事务支出 64.46 64.46" in text
    # Breadcrumbs show the path.
    assert re.search(r"支出功能分类 .*201 一般公共服务支出 .*20103 政府办公厅", text)


def test_drill_down_economic_schemes(client, baoji_document):
    dept = text_of(
        client.get(url("browse:drill_code", baoji_document, scheme="dept-economic", code="302"))
    )
    assert "30201 办公费 15.30 0.30 15.00" in dept
    gov = text_of(client.get(url("browse:drill", baoji_document, scheme="gov-economic")))
    assert "505 对事业单位经常性补助 190.55" in gov and "509 对个人和家庭的补助 0.02" in gov


def test_drill_down_columns_sort(client, baoji_document):
    page = client.get(url("browse:drill", baoji_document, scheme="function"), {"sort": "total"})
    text = text_of(page)
    assert (
        text.index("210 卫生健康支出")
        < text.index("208 社会保障和就业支出")
        < text.index("201 一般公共服务支出")
    )
    page = client.get(url("browse:drill", baoji_document, scheme="function"), {"sort": "-total"})
    text = text_of(page)
    assert text.index("201 一般公共服务支出") < text.index("210 卫生健康支出")
    assert 'aria-sort="descending"' in page.content.decode()


@pytest.mark.parametrize("bad", ["999", "20", "abc", "2019999"])
def test_drill_down_unknown_code_is_404(client, baoji_document, bad):
    assert (
        client.get(
            url("browse:drill_code", baoji_document, scheme="function", code=bad)
        ).status_code
        == 404
    )
    assert client.get(url("browse:drill", baoji_document, scheme="nonsense")).status_code == 404


def test_official_tables_in_published_order_with_notes(client, baoji_document):
    response = client.get(url("browse:tables", baoji_document))
    text = text_of(response)
    positions = [text.index(f"表{n} ") for n in range(1, 16)]
    assert positions == sorted(positions)
    assert "本单位不涉及。" in text
    assert "单位综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表" in text
    assert "口岸办业务工作经费" in text and "大于98%" in text
    assert 'media="print"' in response.content.decode()
    table5 = client.get(url("browse:table", baoji_document, position=5))
    assert "<caption" in table5.content.decode() and '<th scope="col"' in table5.content.decode()
    assert "2010350 事业运行 108.54 104.54 4.00" in text_of(table5)
    assert client.get(url("browse:table", baoji_document, position=16)).status_code == 404


def test_shanghai_table_splits_codes_into_columns(client, putuo):
    response = client.get(url("browse:table", putuo.unit_2025, position=3))
    html = response.content.decode()
    assert "<th>类</th><th>款</th><th>项</th>" in html.replace(' scope="col"', "")
    assert "201 03 50 事业运行 700,000.00 400,000.00 300,000.00" in text_of(response)
    nine = client.get(url("browse:table", putuo.dept_2025, position=9))
    assert "单位：万元" in text_of(nine).replace(" ", "")


def test_missing_figures_are_blank_never_zero(client, putuo):
    text = text_of(client.get(url("browse:table", putuo.dept_2025, position=9)))
    assert "1.50 1.00 0.50 15.00" in text  # no vehicle figures published: blank, not 0.00
    assert "0.00" not in text


def test_drafts_are_absent_everywhere_public(client, putuo):
    draft = putuo.draft
    for path in [
        url("browse:document", draft),
        url("browse:drill", draft, scheme="function"),
        url("browse:tables", draft),
        url("browse:table", draft, position=1),
        url("browse:table_csv", draft, position=1),
        url("browse:table_xlsx", draft, position=1),
        reverse("browse:organisation", args=[putuo.hidden.pk]),
        reverse("browse:compare_years", args=[putuo.hidden.pk]),
    ]:
        assert client.get(path).status_code == 404, path
    for path in [
        reverse("browse:home"),
        reverse("browse:search") + "?q=草稿",
        reverse("browse:ranking", kwargs={"scheme": "function", "year": 2025, "code": "201"}),
        url("browse:compare_units", putuo.dept_2025),
    ]:
        assert "草稿保密单位" not in client.get(path).content.decode(), path
        assert "777,777" not in client.get(path).content.decode(), path


def test_chinese_first_english_through_the_language_switch(client, baoji_document):
    assert '<html lang="zh-hans">' in client.get(reverse("browse:home")).content.decode()
    page = client.get(reverse("browse:home"))
    assert f'action="{reverse("set_language")}"' in page.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("browse:home")).content.decode()


def test_pages_have_skip_link_and_viewport(client, baoji_document):
    html = client.get(url("browse:document", baoji_document)).content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert 'name="viewport" content="width=device-width' in html
    assert 'role="img"' in html  # charts are labelled, their tables beside them


def test_pages_use_a_bounded_number_of_queries(
    client, baoji_document, django_assert_max_num_queries
):
    for name, kwargs, limit in [
        # Each reads the names and rows the document prints (two queries).
        ("browse:document", {}, 31),  # + original files, the other stage
        ("browse:drill", {"scheme": "function"}, 21),
        ("browse:tables", {}, 21),
        ("browse:table_csv", {"position": 5}, 20),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url(name, baoji_document, **kwargs)).status_code == 200
    with django_assert_max_num_queries(5):
        client.get(reverse("browse:home"))


def test_a_documents_facts_are_read_without_its_organisation_and_region(client, baoji_document):
    """A fact model ordered by its document would take Document's ordering, joining the
    organisation and region into every query of one document's facts."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url("browse:document", baoji_document))
    of_one_document = [
        query["sql"]
        for query in queries.captured_queries
        if f'"document_id" = {baoji_document.pk}' in query["sql"]
    ]
    assert len(of_one_document) >= 10
    for sql in of_one_document:
        assert "organisations_region" not in sql, sql


def test_home_tags_a_top_level_unit_as_a_unit(client, putuo):
    """Issue 21: 上海市普陀区社会福利院 (a unit with no department above it on the site)
    was tagged 部门 although its document is a 单位预算."""
    putuo.unit.parent = None
    putuo.unit.save()  # its documents' kept rows follow (summaries.kept.organisation_saved)
    html = client.get(reverse("browse:home")).content.decode()
    line = html[html.index("测试街道社区服务中心") :]
    assert line.index('class="tag tag-unit"') < line.index("</div>")


def test_a_documents_years_chart_shows_each_published_budgets_total(client, putuo):
    """The 历年支出 chart: every published budget of the organisation, by year, each at the
    sum of its function lines (these documents print no other total), linking to it."""
    html = client.get(url("browse:document", putuo.dept_2025)).content.decode()
    found = re.search(r'<script id="chart-years-data" type="application/json">(.*?)</script>', html)
    chart = json.loads(found.group(1))
    documents = [putuo.dept_2024, putuo.dept_2025]
    totals = [
        sum(line.amount for line in FunctionExpenditure.objects.filter(document=document))
        for document in documents
    ]
    assert chart["labels"] == ["2024", "2025"]
    assert [Decimal(value) for value in chart["values"]] == totals
    assert chart["urls"] == [url("browse:document", document) for document in documents]
