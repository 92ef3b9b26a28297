"""Search everything (/search/): organisations, codes, projects and the narrative's stated
items of the real published documents (the fixtures), through the test client; and the
PostgreSQL trigram index that serves it."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.disclosures.models import Document, Project, Statement
from budgets.organisations.models import Organisation
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
        # 1 organisation, its 1 document, 1 project (口岸业务经费 mentions 宝鸡): 3 results.
        assert counts(response) == {
            "organisations": 1,
            "documents": 1,
            "codes": 0,
            "projects": 1,
            "statements": 0,
        }
        assert "找到 3 条结果" in text_of(response)


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
    """One count and one page per kind, plus the links of the code page and the pages the
    query names (直达): never a query per result."""
    with CaptureQueriesContext(connection) as narrow:
        get(client, "2010350")
    with CaptureQueriesContext(connection) as broad:
        get(client, "20")
    assert len(narrow) <= 20 and len(broad) <= 20, [q["sql"][:120] for q in broad]


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


# ---------------------------------------------------------------------------
# Results grouped by kind, each counted as it lists; the headline adds them up.


def section(response, kind):
    """The HTML of one kind's group."""
    html = response.content.decode()
    match = re.search(rf'<section class="search-group" id="kind-{kind}".*?</section>', html, re.S)
    return match.group()


def rows(response, kind):
    """Each listed result of ``kind``: its title and the line under it, as text."""
    found = re.findall(
        r'<a class="result-title"[^>]*>(.*?)</a>\s*(?:<span class="tag[^"]*">[^<]*</span>\s*)?'
        r'<span class="muted">(.*?)</span>',
        section(response, kind),
        re.S,
    )
    strip = lambda html: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()  # noqa: E731
    return [(strip(title), strip(line)) for title, line in found]


def every_row(client, query, kind):
    """The rows of ``kind`` over all its pages."""
    listed, page = [], 1
    while True:
        response = get(client, query, kind=kind, page=page)
        listed += rows(response, kind)
        if 'rel="next"' not in response.content.decode():
            return listed, counts(response)[kind]
        page += 1


def test_the_headline_adds_up_the_groups(client, real):
    response = get(client, "江苏")
    # 3 departments, their 9 documents (2017–2019), 1 stated item (项目支出 of 江苏省人大
    # 常委会办公厅 2019, whose reason names 江苏省第十三届人代会).
    assert counts(response) == {
        "organisations": 3,
        "documents": 9,
        "codes": 0,
        "projects": 0,
        "statements": 1,
    }
    assert "“江苏”：找到 13 条结果。" in text_of(response)
    assert rows(response, "statements") == [("项目支出", "江苏省人大常委会办公厅2019年部门预算")]
    documents, count = every_row(client, "江苏", "documents")
    assert count == 9
    assert [title for title, _line in documents] == [
        f"{name}{year}年部门预算"
        for year in (2019, 2018, 2017)
        for name in ("中共江苏省委办公厅", "江苏省人大常委会办公厅", "江苏省人民检察院")
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("208", {"codes": 68, "statements": 13}),
        ("普陀", {"organisations": 8, "documents": 11, "projects": 5}),
        ("公务接待", {"codes": 7, "statements": 20}),
    ],
)
def test_each_group_lists_what_it_counts_once(client, real, query, expected):
    """A group's count is the number of rows its pages list, and no two rows read alike."""
    overview = get(client, query)
    assert {k: n for k, n in counts(overview).items() if n} == expected
    assert f"找到 {sum(expected.values())} 条结果" in text_of(overview)
    for kind, count in expected.items():
        listed, counted = every_row(client, query, kind)
        assert counted == count == len(listed), kind
        assert len(set(listed)) == len(listed), [row for row in listed if listed.count(row) > 1]


def test_a_stated_item_names_its_document(client, real):
    """上海市普陀区人民政府办公室 published a 部门预算 and a 单位预算 for 2025 that state the
    same “三公”经费 (867.50万元): two hits, once read alike (“· 上海市普陀区人民政府办公室 ·
    2025年”); each now names its document."""
    listed, count = every_row(client, "三公", "statements")
    assert count == len(listed) == 11
    assert ("“三公”经费", "上海市普陀区人民政府办公室2025年部门预算") in listed
    assert ("“三公”经费", "上海市普陀区人民政府办公室2025年单位预算") in listed
    assert len(set(listed)) == 11


def test_a_count_cut_at_the_cap_says_so_in_the_headline(client, real):
    response = get(client, "20")
    html = response.content.decode()
    assert f'<span class="count">{queries.OVERVIEW_COUNT_CAP}+</span>' in html
    assert "找到超过" in text_of(response)
    codes = get(client, "20", kind="codes")
    assert counts(codes)["codes"] > queries.OVERVIEW_COUNT_CAP


# ---------------------------------------------------------------------------
# English names.


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_english_words_find_codes_by_their_english_name(client, real):
    """205 教育支出 is “Education” in the Ministry's names; 上海市普陀区人民政府万里街道办事处
    budgets under it (2059999) in 2024 and 2025."""
    for browser in (client, english(client)):
        response = get(browser, "education")
        assert counts(response) == {
            "organisations": 0,
            "documents": 0,
            "codes": 2,
            "projects": 0,
            "statements": 0,
        }
        html = response.content.decode()
        for year in (2025, 2024):
            assert reverse("browse:ranking", args=["function", year, "205"]) in html
    # On the English pages the code reads in English, its Chinese name beside it.
    assert "<mark>Education</mark>" in html
    assert 'data-total="2"' in html
    response = get(english(client), "wages")
    assert counts(response)["codes"] == 7  # 301 工资福利支出, Wages and welfare: 7 years


# ---------------------------------------------------------------------------
# Pages the query names, offered first.


def topics(response):
    """[(kind, url)] of the 直达 suggestions, in order; and whether they precede the
    results."""
    html = response.content.decode()
    box = re.search(r'<section class="search-topics".*?</section>', html, re.S)
    if not box:
        return []
    assert box.start() < html.index('class="search-group"')
    return re.findall(r'<a class="topic-title" href="([^"]+)"', box.group())


def test_three_public_leads_to_the_three_public_pages(client, real):
    putuo, jiangsu, baoji = "310107", "320000", "610300"
    expected = [
        reverse("regions:three_public", args=[putuo, 2026]),
        reverse("regions:three_public", args=[jiangsu, 2019]),
        reverse("regions:three_public", args=[baoji, 2023]),
    ]
    for query in ("三公", "三公经费", "“三公”经费"):
        response = get(client, query)
        assert topics(response) == expected, query
        html = response.content.decode()
        for year in (2026, 2025, 2024, 2023):  # every year of 普陀区 linked
            assert reverse("regions:three_public", args=[putuo, year]) in html
    assert topics(get(english(client), "three public")) == expected
    # With a region and a year: that page, and the region's year.
    assert topics(get(client, "三公 普陀 2025")) == [
        reverse("regions:three_public", args=[putuo, 2025]),
        reverse("regions:year", args=[putuo, 2025]),
    ]
    assert topics(get(client, "口岸")) == []


def test_a_code_leads_to_its_ranking(client, real):
    assert topics(get(client, "2080505")) == [
        reverse("browse:ranking", args=["function", 2026, "2080505"])
    ]
    response = get(client, "208")
    assert topics(response) == [reverse("browse:ranking", args=["function", 2026, "208"])]
    assert reverse("browse:ranking", args=["function", 2017, "208"]) in section_of_topics(response)
    assert topics(get(client, "education")) == [
        reverse("browse:ranking", args=["function", 2025, "205"])
    ]
    assert topics(get(client, "301")) == [
        reverse("browse:ranking", args=["dept-economic", 2026, "301"])
    ]


def section_of_topics(response):
    html = response.content.decode()
    return re.search(r'<section class="search-topics".*?</section>', html, re.S).group()


def test_a_region_leads_to_its_page(client, real):
    assert topics(get(client, "普陀")) == [reverse("regions:region", args=["310107"])]
    assert topics(get(client, "江苏")) == [reverse("regions:region", args=["320000"])]
    assert topics(get(client, "普陀 2025")) == [reverse("regions:year", args=["310107", 2025])]
    # 上海市 holds no document itself, but 普陀区 under it does.
    assert topics(get(client, "上海")) == [reverse("regions:region", args=["310000"])]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_trigram_indexes_serve_titles_and_english_names():
    """0002's indexes answer the documents' title words and the codes' English words (the
    LIKE alone: on these empty tables the planner may as well take the status index)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for queryset, index in (
            (
                Document.objects.filter(title__icontains="普陀区司法局").values("pk"),
                "search_document_title_trgm",
            ),
            (
                queries.FunctionCode.objects.filter(name_en__icontains="education").values("pk"),
                "search_function_name_en_trgm",
            ),
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


# ---------------------------------------------------------------------------
# Words that read as text-search syntax: on PostgreSQL a two-character word is looked up
# by a tsquery of its piece (migration 0003), and must stay text.

#: tsquery's operators and quoting, backslashes and full-width punctuation: two-character
#: words (the bigram index's) and longer ones.
SYNTAX = [
    "'&",
    "\\'",
    ":*",
    "!|",
    "（）",
    "」『",
    "a'",
    "O'Brien",
    "C:\\教育\\局",
    "a&b|c!d:*e",
    "（教育）：“三公”！",
    "<->",
]


@pytest.mark.parametrize("word", SYNTAX)
def test_query_syntax_in_a_word_is_only_text(client, real, word):
    """A name holding the word is found (and nothing when one more character follows it)
    on both databases: no word is read as a query's syntax, nor errs."""
    project = Project.objects.filter(document__status="published").first()
    statement = Statement.objects.filter(document__status="published").first()
    organisation = project.document.organisation
    Organisation.objects.filter(pk=organisation.pk).update(name=f"测试{word}单位")
    Project.objects.filter(pk=project.pk).update(summary=f"测试{word}项目")
    Statement.objects.filter(pk=statement.pk).update(quote=f"说明{word}原文")
    for kind, found in (
        ("organisations", organisation),
        ("projects", project),
        ("statements", statement),
    ):
        assert list(queries.QUERIES[kind]([word]).values_list("pk", flat=True)) == [found.pk]
        assert not queries.QUERIES[kind]([word + "X"]).exists()
    response = get(client, word)
    assert response.status_code == 200
    assert counts(response)["organisations"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL's")
def test_postgresql_bigram_query_quotes_every_character():
    """Every two characters of ASCII punctuation, full-width punctuation and CJK, as a word,
    is one quoted lexeme (quotes and backslashes doubled as tsquery prints them) that the
    text holding them matches; and the whole text, as one word, matches itself."""
    import string

    text = string.punctuation + "（）【】“”‘’：；！？，。、·…—《》 a教育Z\t"
    with connection.cursor() as cursor:
        for start in range(len(text) - 1):
            word = text[start : start + 2]
            cursor.execute(
                "SELECT search_bigram_query(%s)::text, "
                "search_bigrams(%s) @@ search_bigram_query(%s)",
                [word, text, word],
            )
            quoted = "'" + word.upper().replace("'", "''").replace("\\", "\\\\") + "'"
            assert cursor.fetchone() == (quoted, True), word
        cursor.execute("SELECT search_bigrams(%s) @@ search_bigram_query(%s)", [text, text])
        assert cursor.fetchone() == (True,)
        # a one-character text is its own lexeme; an empty one has none
        cursor.execute("SELECT search_bigrams('a')::text, search_bigrams('')::text")
        assert cursor.fetchone() == ("'A'", "")
