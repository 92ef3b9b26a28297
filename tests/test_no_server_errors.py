"""No URL and no query string answers 5xx (property-based, with Hypothesis).

Every public route is found in the URLconf (``get_resolver``), so a new route is fuzzed
without editing this file; only /admin/ (and the admin's import screens under it) is left
out. Path parameters are drawn from the ids of the loaded documents (so the views go deep)
and from arbitrary integers and text; every query parameter the views read gets arbitrary
text (NUL, any unicode but surrogates, very long strings, out-of-range integers). The
answer must be below 500, and a 4xx must be the site's own: a 404 from ``Http404`` (a
deliberate “not found”, or a URL no route matches), or 405 for a method a view refuses.

Routes are fuzzed in groups (``GROUPS``), 100–300 examples each; runs are reproducible
(``derandomize``), and ``FUZZ_EXAMPLES`` sets the examples per group.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.core.handlers import exception as handlers
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from budgets.browse.data import SCHEMES
from budgets.disclosures.models import Document, EconomicExpenditure, FunctionExpenditure

pytestmark = pytest.mark.django_db

#: Every query parameter a public view reads, and some a reader might try: ``q`` (search),
#: ``unit`` (every page and download), ``next`` (the unit and language switches),
#: ``level`` (across years), ``sort`` (django-tables2's ordering), ``language``
#: (set_language), ``preview`` (a staff preview of a document), and ``page``/``year``/
#: ``scope``, read by none today.
QUERY_PARAMETERS = [
    "q",
    "unit",
    "next",
    "level",
    "sort",
    "page",
    "year",
    "scope",
    "language",
    "preview",
    "region",
    "organisation",
    "stage",
    "page_size",
]
#: Cookies the site reads: the 元/万元 choice and the language.
COOKIES = ["amount_unit", "django_language"]

EXCLUDED = ("admin/",)
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def public_routes(patterns=None, prefix=""):
    """Every route of the URLconf as a path() template (``org/<int:organisation>/``)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


ROUTES = sorted(set(public_routes()))


def group_of(route):
    """Routes are fuzzed in groups by their first segment (org/…, api/…, code/…); the
    one-segment pages (home, search, the unit switch) form one group."""
    return route.split("/")[0] if route.count("/") > 1 else "site"


GROUPS = {
    name: [route for route in ROUTES if group_of(route) == name]
    for name in sorted({group_of(route) for route in ROUTES})
}


def examples_for(group):
    """100 examples, and 25 a route in larger groups, at most 300 (``FUZZ_EXAMPLES``
    overrides)."""
    if "FUZZ_EXAMPLES" in os.environ:
        return int(os.environ["FUZZ_EXAMPLES"])
    return min(300, max(100, 25 * len(GROUPS[group])))


def test_the_public_routes_are_found():
    assert {"", "search/", "org/<int:organisation>/<int:year>/tables.xlsx"} <= set(ROUTES)
    assert "api/documents/<int:pk>/tables/<int:n>/" in ROUTES
    assert not [route for route in ROUTES if route.startswith("admin")]


# Arbitrary text: any unicode but surrogates (not UTF-8), NUL and other controls included.
any_text = st.text(max_size=40)
long_text = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=8), st.integers(200, 2500)
)
nul_text = st.builds(lambda a, b: f"{a}\x00{b}", any_text, any_text)
big_int = st.integers(min_value=0, max_value=10**40)
any_int_text = st.integers(min_value=-(10**40), max_value=10**40).map(str)


def query_value(valid):
    return st.one_of(
        st.sampled_from(valid),
        any_text,
        nul_text,
        long_text,
        any_int_text,
        st.sampled_from(["", " ", "-", "--", "0", "1e9", "NaN", "%", "\\", "'", "\u202e", "𝟘"]),
    )


def segment(converter, valid):
    """One path segment for a parameter of ``converter`` (int, str, slug, path): mostly a
    value naming part of a loaded document (so most requests reach deep into the views,
    and failures shrink towards real ids), else arbitrary digits or text."""
    if converter == "int":
        arbitrary = st.one_of(big_int.map(str), st.integers(0, 3000).map(str))
    elif converter == "slug":
        arbitrary = st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z")
    else:
        arbitrary = st.one_of(st.text(min_size=1, max_size=40), long_text).filter(
            lambda value: "/" not in value
        )
    if not valid:
        return arbitrary
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(valid) if n < 8 else arbitrary)


def codes_of(document):
    """Every function and department economic code (and its 类/款) the document budgets."""
    codes = set()
    for code in FunctionExpenditure.objects.filter(document=document).values_list(
        "function__code", flat=True
    ):
        codes |= {code[:3], code[:5], code}
    for code in EconomicExpenditure.objects.filter(document=document).values_list(
        "dept_economic__code", flat=True
    ):
        if code:
            codes |= {code[:3], code}
    return sorted(codes)


@pytest.fixture
def documents(baoji_document, putuo):
    """Per loaded document (drafts too), the path parameters that name it or its parts."""
    return [
        {
            "organisation": [
                str(pk) for pk in (document.organisation_id, document.organisation.parent_id) if pk
            ],
            "year": [str(document.year)],
            "pk": [str(document.pk)],
            "position": [
                str(position)
                for position in document.template.tables.values_list("position", flat=True)
            ],
            "n": [
                str(position)
                for position in document.template.tables.values_list("position", flat=True)
            ],
            "scheme": list(SCHEMES),
            "code": codes_of(document),
        }
        for document in Document.objects.select_related("organisation")
    ]


QUERY_VALID = {
    "q": ["口岸", "测试", "402", "2025"],
    "unit": ["yuan", "wan", "元", "万元"],
    "next": ["/", "/search/?q=口岸", "//evil.example/", "https://evil.example/"],
    "level": ["3", "5", "7"],
    "sort": ["total", "-total", "code", "-name", "amount", "share"],
    "page": ["1", "2"],
    "year": ["2023", "2025"],
    "scope": ["unit", "department"],
    "language": ["zh-hans", "en"],
    "preview": [],  # the drawn document's id, see answer_below_500
    "region": ["310107", "310000", "610300"],
    "organisation": ["1", "2"],
    "stage": ["budget", "final_accounts"],
    "page_size": ["1", "200"],
}


def build_path(route, draw, documents):
    """The route with each parameter drawn from one document's values (or arbitrary)."""
    valid = draw(st.sampled_from(documents))

    def replace(match):
        value = draw(segment(match["converter"] or "str", valid.get(match["name"], [])))
        return quote(value, safe="")

    return "/" + PARAMETER.sub(replace, route), valid


@pytest.fixture
def exceptions(monkeypatch):
    """The exceptions Django turned into responses, as they happen."""
    seen = []
    original = handlers.response_for_exception

    def recording(request, exc):
        seen.append(exc)
        return original(request, exc)

    monkeypatch.setattr(handlers, "response_for_exception", recording)
    return seen


def fuzz(group):
    """The property for one group of routes, with the group's number of examples."""

    @settings(
        max_examples=examples_for(group),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def run(data, documents, exceptions):
        route = data.draw(st.sampled_from(GROUPS[group]), label="route")
        answer_below_500(route, data, documents, exceptions)

    return run


def answer_below_500(route, data, documents, exceptions):
    event(route)
    path, document = build_path(route, data.draw, documents)
    valid = {**QUERY_VALID, "preview": document["pk"], "year": document["year"]}
    names = data.draw(st.lists(st.sampled_from(QUERY_PARAMETERS), unique=True, max_size=4))
    query = {name: data.draw(query_value(valid[name]), label=name) for name in names}
    cookies = {
        name: data.draw(
            st.one_of(
                st.sampled_from(["yuan", "wan", "en"]), st.from_regex(r"\A[!#-+\--~]{0,30}\Z")
            ),
            label=name,
        )
        for name in data.draw(st.lists(st.sampled_from(COOKIES), unique=True, max_size=2))
    }
    client = Client(raise_request_exception=True)
    for name, value in cookies.items():
        client.cookies[name] = value
    note(f"GET {path} {query!r} cookies={cookies!r}")
    exceptions.clear()
    # A database error must not leave the test's transaction unusable for the next example.
    with transaction.atomic():
        response = client.get(path, query)
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, (path, query)
    if path.startswith("/api/") and response.status_code == 400:
        # The API refuses a bad query value with its own JSON error naming the parameter.
        error = response.json()["error"]
        assert error["status"] == 400 and error["parameter"] in query, (path, query, error)
    elif response.status_code >= 400:
        assert response.status_code in (404, 405), (path, query, response.status_code)
        if response.status_code == 404:
            assert exceptions and isinstance(exceptions[-1], Http404), (path, query, exceptions)


@pytest.mark.parametrize("group", GROUPS)
def test_no_url_answers_5xx(group, documents, exceptions):
    fuzz(group)(documents=documents, exceptions=exceptions)


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/search/", {"q": "\x00"}, 200),  # a 500 on PostgreSQL: psycopg refuses NUL
        ("/search/", {"q": "口岸\x00"}, 200),
        ("/search/", {"q": "口岸" * 1000}, 200),
        ("/org/9223372036854775808/2023/", {}, 404),  # a 500 on SQLite: OverflowError
        ("/org/9223372036854775808/2023/tables.xlsx", {}, 404),
        ("/org/99999999999999999999999/2023/tables/1.csv", {}, 404),
        ("/api/documents/99999999999999999999999/", {}, 404),
    ],
)
def test_the_causes_found(client, baoji_document, path, query, status):
    response = client.get(path, query)
    assert response.status_code == status
    if path == "/search/":
        assert "宝鸡市人民政府口岸办公室" not in response.content.decode()


def test_search_still_finds(client, baoji_document):
    assert "宝鸡市人民政府口岸办公室" in client.get("/search/", {"q": " 口岸 "}).content.decode()
