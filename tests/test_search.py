"""Search everything (/search/): organisations, codes, projects and the narrative's stated
items of the real published documents (the fixtures), through the test client; and the
PostgreSQL trigram index that serves it."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.disclosures.models import Document
from budgets.search import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def real(db):
    """Every real document of the fixtures: 宝鸡 2023, eleven 普陀区, nine 江苏."""
    call_command(
        "loaddata", "templates", "baoji_2023", "jiangsu_provincial", "shanghai_putuo", verbosity=0
    )
    assert Document.published.count() == 21  # 19 budgets and 2 final accounts


def get(client, query, **params):
    return client.get(reverse("browse:search"), {"q": query, **params})


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def counts(response):
    html = response.content.decode()
    return {
        kind: int(count)
        for kind, count in re.findall(
            r'data-kind="(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', html
        )
    }


def test_words_in_any_order_find_the_organisation(client, real):
    for query in ("宝鸡 口岸", "口岸 宝鸡", "口岸　宝鸡"):  # full-width space too
        response = get(client, query)
        html = response.content.decode()
        assert counts(response)["organisations"] == 1, query
        # The name with both words marked, linking to the organisation and its 2023 document.
        assert "<mark>宝鸡</mark>市人民政府<mark>口岸</mark>办公室" in html
        baoji = Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室")
        assert reverse("browse:organisation", args=[baoji.organisation_id]) in html
        assert reverse("browse:document", args=[baoji.organisation_id, 2023]) in html
        assert "找到 1 份预算" in text_of(response)


def test_a_function_code_finds_every_document_budgeting_under_it(client, real):
    response = get(client, "2010350")
    html = response.content.decode()
    assert counts(response)["codes"] >= 1
    # 事业运行 under 2010350, in 宝鸡's 2023 document: its drill-down and its ranking.
    baoji = Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室")
    drill = reverse(
        "browse:drill_code",
        kwargs={
            "organisation": baoji.organisation_id,
            "year": 2023,
            "scheme": "function",
            "code": "2010350",
        },
    )
    assert drill in html
    assert reverse("browse:ranking", args=["function", 2023, "2010350"]) in html
    assert "<mark>2010350</mark>" in html
    assert client.get(drill).status_code == 200


def test_a_code_name_and_a_class_code(client, real):
    response = get(client, "事业运行")
    html = response.content.decode()
    assert "2010350 <mark>事业运行</mark>" in text_of(response).replace("</span>", "") or (
        "<mark>事业运行</mark>" in html
    )
    found = counts(response)
    assert found["codes"] >= 1 and found["statements"] >= 1
    # A 类 finds itself and the codes under it, paginated in pages of 20.
    codes = get(client, "201", kind="codes")
    assert counts(codes)["codes"] > queries.PAGE_SIZE
    assert 'rel="next"' in codes.content.decode()
    assert text_of(codes).count("支出功能分类") >= queries.PAGE_SIZE
    second = get(client, "201", kind="codes", page=2)
    assert 'rel="prev"' in second.content.decode()


def test_stated_items_and_projects(client, real):
    response = get(client, "公务接待")
    found = counts(response)
    assert found["statements"] >= 5  # the 三公 paragraphs of the narratives
    assert found["codes"] >= 1  # 30217 公务接待费
    assert "<mark>公务接待</mark>费" in response.content.decode()
    projects = get(client, "口岸业务经费")
    assert counts(projects)["projects"] == 1
    assert "<mark>口岸业务经费</mark>" in projects.content.decode()


def test_highlighting_escapes_before_marking():
    marked = str(queries.highlight("<b>口岸</b> & 口岸", ["口岸"]))
    assert marked == "&lt;b&gt;<mark>口岸</mark>&lt;/b&gt; &amp; <mark>口岸</mark>"
    # A word that is itself markup matches the text, never the escaped entities.
    assert str(queries.highlight("a&b", ["amp"])) == "a&amp;b"


def test_nothing_found_suggests_near_names(client, real):
    response = get(client, "宝鸡市人民政府口岸办")
    assert counts(response)["organisations"] == 1
    response = get(client, "宝鸡市人民政俯口岸办公室")  # a wrong character
    assert sum(counts(response).values()) == 0
    assert "您是不是要找" in text_of(response)
    assert "宝鸡市人民政府口岸办公室" in text_of(response)


def test_one_character_is_asked_for_more(client, real):
    response = get(client, "局")
    assert response.status_code == 200
    assert "请至少输入两个字" in text_of(response)


def test_only_published_documents(client, real):
    baoji = Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室")
    Document.objects.filter(pk=baoji.pk).update(status="draft")
    response = get(client, "口岸")
    assert "宝鸡市人民政府口岸办公室" not in text_of(response)
    assert sum(counts(response).values()) == 0


def test_a_broad_search_runs_a_fixed_number_of_queries(client, real):
    """One count and one page per kind, plus the links of the code page: never a query
    per result."""
    with CaptureQueriesContext(connection) as narrow:
        get(client, "2010350")
    with CaptureQueriesContext(connection) as broad:
        get(client, "20")
    assert len(narrow) <= 16 and len(broad) <= 16, [q["sql"][:120] for q in broad]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_trigram_index_indexes_chinese():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        locale = cursor.fetchone()[0]
        cursor.execute("SELECT show_trgm('事业运行')")
        trigrams = cursor.fetchone()[0]
        # CJK characters are alphanumeric in this locale, so a 4-character word gives its
        # 5 padded trigrams ("  事", " 事业", "事业运", "业运行", "运行 "); pg_trgm shows
        # multibyte trigrams by their hash (0x…). A locale that did not count CJK as
        # letters would give none at all, as it does for punctuation:
        assert len(trigrams) == 5, (locale, trigrams)
        cursor.execute("SELECT show_trgm('，。、')")
        assert cursor.fetchone()[0] == []
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_function_name_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        # The query the search runs uses the index (the table here is small, so the
        # planner is told not to scan it sequentially).
        # Neither a sequential scan nor a plain index scan (a full walk of another index
        # filtering every row): what is left is a bitmap scan, which needs an index that
        # answers the LIKE itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = (
            queries.FunctionCode.objects.filter(name__icontains="事业运行")
            .values("code")
            .query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        print(plan)
        assert "search_function_name_trgm" in plan, plan
        # pg_trgm takes a LIKE's trigrams from inside the word only (no padding at a %), so
        # a word needs three characters to be looked up in the index; a two-character word
        # (口岸) is still found, by scanning the table.
        sql, params = queries.organisations(["口岸办公室"]).values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        print(plan)
        assert "search_org_name_trgm" in plan, plan
