"""Rankings one scope at a time, the 项 page, glossary, projects and English names
(issue 9, items 4, 5, 6 and 9). Figures typed by hand from the documents."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from budgets.browse import data
from budgets.disclosures.models import Document


def text_of(response):
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def ranking_url(code, year, scheme="function"):
    return reverse("browse:ranking", kwargs={"scheme": scheme, "year": year, "code": code})


def doc_url(document, name="browse:document", **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


@pytest.fixture
def everything(db):
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室", year=2023)


def shares(text):
    return [Decimal(share) for share in re.findall(r"(\d+\.\d\d)%", text)]


# --- Item 4: rankings --------------------------------------------------------------------


def test_a_ranking_lists_one_scope_and_each_share_of_its_total(client, everything):
    # 2025, 201: three 普陀 departments; the 区政府办公室's own unit is ranked apart.
    text = text_of(client.get(ranking_url("201", 2025)))
    assert "部门预算排名" in text and "本页只排部门预算" in text
    assert "1 上海市普陀区人民政府办公室 82,096,797.42 76.31%" in text
    assert "2 上海市普陀区财政局 22,186,440.80 20.62%" in text
    assert "3 上海市普陀区人民政府万里街道办事处 3,296,600.00 3.06%" in text
    assert "合计 107,579,838.22 元" in text
    # each rounded on its own (3.0643%), so they may miss 100% by a few hundredths
    assert sum(shares(text)) == Decimal("99.99")
    assert "分别四舍五入，相加可能与100%略有出入" in text
    units = text_of(client.get(ranking_url("201", 2025) + "?scope=unit"))
    assert "单位预算排名" in units and "本页只排单位预算" in units
    assert "1 上海市普陀区人民政府办公室 82,096,797.42 100.00%" in units
    assert "财政局" not in units.split("单位预算排名")[-1]


def test_a_department_and_its_own_unit_are_never_in_one_ranking(client, everything):
    for year, code in [(2025, "201"), (2025, "2010301"), (2026, "204"), (2026, "2040601")]:
        for scope in ("department", "unit"):
            pks = [
                pk
                for pk, _amount in data.ranked_amounts(data.SCHEMES["function"], year, code, scope)
            ]
            ranked = list(
                Document.objects.filter(pk__in=pks).values_list(
                    "organisation_id", "organisation__parent_id", "scope"
                )
            )
            assert len(ranked) == len(pks)
            assert {row[2] for row in ranked} <= {scope}
            ids = {row[0] for row in ranked}
            assert not any(parent in ids for _id, parent, _scope in ranked if parent)


def test_ranking_bars_link_to_the_organisation_year_and_long_lists_page(
    client, everything, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(data, "RANKING_PAGE_SIZE", 2)
    with django_assert_max_num_queries(12):
        response = client.get(ranking_url("201", 2025))
    html = response.content.decode()
    office = Document.objects.get(
        organisation__name="上海市普陀区人民政府办公室", scope="department", year=2025
    )
    assert f'"urls": ["{doc_url(office)}"' in html
    text = text_of(response)
    assert "第 1 / 2 页" in text and "万里街道" not in text.split("排名")[-1]
    second = text_of(client.get(ranking_url("201", 2025) + "?page=2"))
    # Alone on its page, a whole-元 document's figure shows as it prints it.
    assert "3 上海市普陀区人民政府万里街道办事处 3,296,600 3.06%" in second
    assert client.get(ranking_url("229", 2025)).status_code == 404


# --- Item 5: the 项 page ----------------------------------------------------------------


def test_the_xiang_page_shows_each_split_the_document_publishes(client, everything):
    baoji = everything
    text = text_of(
        client.get(doc_url(baoji, "browse:drill_code", scheme="function", code="2010350"))
    )
    # 表5: 2010350 事业运行, 人员经费 104.54, 公用经费 4.00, 合计 108.54 (万元).
    assert "资金来源 人员经费 公用经费 合计" in text
    assert "一般公共预算拨款 104.54 4.00 108.54" in text
    # The narrative's stated change for the code (topic function:2010350).
    assert "事业运行（2010350）" in text and "13.69" in text and "绩效工资增加" in text
    # 2010399 is project money only (64.46).
    project = text_of(
        client.get(doc_url(baoji, "browse:drill_code", scheme="function", code="2010399"))
    )
    assert "一般公共预算拨款 64.46 64.46" in project


def test_the_xiang_page_lists_the_code_in_other_years(client, everything):
    wanli = {
        document.year: document
        for document in Document.objects.filter(
            organisation__name="上海市普陀区人民政府万里街道办事处"
        )
    }
    response = client.get(
        doc_url(wanli[2025], "browse:drill_code", scheme="function", code="2010507")
    )
    html = response.content.decode()
    text = text_of(response)
    assert "该科目历年预算" in text
    for year in (2023, 2024):
        assert doc_url(wanli[year], "browse:drill_code", scheme="function", code="2010507") in html
    assert re.search(r"2023 [\d,]+ 2024 [\d,.]+ 2025 [\d,.]+", text)
    # A code one year does not list: its year says so and links to that year's document.
    gone = text_of(
        client.get(doc_url(wanli[2023], "browse:drill_code", scheme="function", code="2010506"))
    )
    assert "2024 未列此科目" in gone


def test_drill_rows_at_the_last_level_link_to_the_xiang_page(client, everything):
    baoji = everything
    html = client.get(
        doc_url(baoji, "browse:drill_code", scheme="function", code="20103")
    ).content.decode()
    target = doc_url(baoji, "browse:drill_code", scheme="function", code="2010350")
    assert f'href="{target}"' in html
    assert f'"{target}"' in html.split('id="chart-drill-data"')[1]  # the chart's bars


# --- Item 6: glossary and projects ---------------------------------------------------------


def test_glossary_page_and_terms_marked_on_the_document_page(client, everything):
    baoji = everything
    text = text_of(client.get(doc_url(baoji, "browse:glossary")))
    assert "机关运行经费 指各部门的公用经费" in text
    assert "三公经费 是指用财政拨款安排的因公出国（境）费" in text
    html = client.get(doc_url(baoji)).content.decode()
    glossary = doc_url(baoji, "browse:glossary")
    term = (
        rf'<a class="term" href="{glossary}#term-2">'
        r'<abbr title="是指用财政拨款安排的因公出国（境）费[^"]*">“三公”经费</abbr></a>'
    )
    assert re.search(term, html)
    assert "名词解释（2条）" in text_of(client.get(doc_url(baoji)))


def test_a_glossary_printed_as_one_paragraph_is_one_term_per_entry(client, everything):
    """A 决算 prints its eleven terms in one paragraph (一、财政拨款收入：…。二、事业收入：…);
    a 区级 budget numbers them “（一）、”. Each term is an entry of its own."""
    document = Document.objects.get(organisation__name=everything.organisation.name)
    document.glossary = (
        "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。二、事业收入：指事业单位"
        "开展专业业务活动取得的收入。十、“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费。"
        "其中：因公出国（境）费反映国际旅费。\n（四）、机关运行经费：指日常公用经费支出。"
    )
    document.save()
    text = text_of(client.get(doc_url(document, "browse:glossary")))
    assert "财政拨款收入 指单位本年度从本级财政部门取得的财政拨款。" in text
    assert "事业收入 指事业单位开展专业业务活动取得的收入。" in text
    assert "“三公”经费 指单位使用本级财政拨款安排的因公出国（境）费。其中：因公出国" in text
    assert "机关运行经费 指日常公用经费支出。" in text
    assert "名词解释（4条）" in text_of(client.get(doc_url(document)))


def test_project_list_with_amounts_and_descriptions(client, everything):
    baoji = everything
    text = text_of(client.get(doc_url(baoji, "browse:projects")))
    assert "共2个项目，合计 64.46 万元" in text
    assert "2023年度本级专项口岸办年度绩效考核奖 专用项目 › 政府履职专项 · 8.06 万元" in text
    assert "2023年度本级专项口岸业务经费 专用项目 › 政府履职专项 · 56.40 万元" in text
    assert "继续做好外贸综合服务平台" in text
    yuan = text_of(client.get(doc_url(baoji, "browse:projects") + "?unit=yuan"))
    assert "564,000.00 元" in yuan


# --- Item 9: English ---------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_class_names_in_english_the_rest_marked_as_original(english, everything):
    baoji = everything
    html = english.get(doc_url(baoji, "browse:drill", scheme="function")).content.decode()
    assert "General public services" in html and "Social security and employment" in html
    drill = english.get(
        doc_url(baoji, "browse:drill_code", scheme="function", code="201")
    ).content.decode()
    assert re.search(
        r'<span lang="zh">政府办公厅\(室\)及相关机构事务</span> '
        r'<small class="original">original</small>',
        drill,
    )
    chinese = text_of(Client().get(doc_url(baoji, "browse:drill", scheme="function")))
    assert "一般公共服务支出" in chinese and "General public services" not in chinese


def test_document_page_in_english_has_no_mixed_comparison(english, everything):
    baoji = everything
    text = text_of(english.get(doc_url(baoji)))
    assert "Increase vs the prior year's budget" in text
    assert "vs 上年预算" not in text
    assert "180 yuan" in text  # stated 0.018万元, in words with every digit
    chinese = text_of(Client().get(doc_url(baoji)))
    assert "上年预算增加" in chinese
