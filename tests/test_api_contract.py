"""The JSON API's contract on the committed fixtures: filters, pages, errors, CORS, schema.

Every route under /api/ in the URLconf must be in the OpenAPI document /api/schema/ (the
document must be valid OpenAPI 3.1), and what each route really answers, errors included,
must match the schema the document gives for it.
"""

import json
import re
from datetime import date

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate as validate_openapi

from budgets.disclosures.models import Document
from budgets.organisations.models import Organisation
from budgets.summaries import kept

pytestmark = pytest.mark.django_db

PUTUO_2025 = [
    "上海市普陀区人民政府万里街道办事处2025年部门预算",
    "上海市普陀区人民政府办公室2025年部门预算",
    "上海市普陀区人民政府办公室2025年单位预算",
    "上海市普陀区财政局2025年部门预算",
]
FINAL_ACCOUNTS = [
    "上海市普陀区财政局2024年度部门决算",
    "中共上海市普陀区委社会工作部2024年度部门决算",
]


@pytest.fixture
def loaded(db):
    """The 21 committed documents: 宝鸡 2023, nine 普陀区 budgets and two 普陀区 final
    accounts (2024), nine 江苏省 budgets 2017–2019."""
    call_command("load_initial_data", verbosity=0)


def listing(client, **query):
    response = client.get("/api/documents/", query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(client, **query):
    payload = listing(client, page_size=200, **query)
    assert payload["count"] == len(payload["results"])
    return sorted(document["title"] for document in payload["results"])


# ---------------------------------------------------------------------------
# Filters.


def test_filters(client, loaded):
    """Loading the fixtures takes seconds: one test reads every filter from one load."""
    assert titles(client, region="310107", year="2025") == sorted(PUTUO_2025)
    # A region includes its children.
    shanghai = titles(client, region="310000")
    assert len(shanghai) == 11 and all("上海市普陀区" in title for title in shanghai)
    assert titles(client, region="310000") == titles(client, region="310107")
    assert titles(client, region="610000") == ["宝鸡市人民政府口岸办公室2023年单位综合预算"]
    assert titles(client, region="610300") == titles(client, region="610000")
    assert titles(client, region="110000") == []  # a code no loaded region has
    assert titles(client, year="2017") == [
        "中共江苏省委办公厅2017年部门预算",
        "江苏省人大常委会办公厅2017年部门预算",
        "江苏省人民检察院2017年部门预算",
    ]
    procuratorate = Organisation.objects.get(name="江苏省人民检察院")
    assert titles(client, organisation=str(procuratorate.pk)) == [
        f"江苏省人民检察院{year}年部门预算" for year in (2017, 2018, 2019)
    ]
    assert titles(client, scope="unit") == [
        "上海市普陀区人民政府办公室2025年单位预算",
        "上海市普陀区司法局2026年单位预算",
        "上海市普陀区社会福利院2024年单位预算",
        "宝鸡市人民政府口岸办公室2023年单位综合预算",
    ]
    assert len(titles(client, scope="department")) == 17
    assert len(titles(client, stage="budget")) == 19
    assert titles(client, stage="final_accounts") == sorted(FINAL_ACCOUNTS)
    assert listing(client, stage="final_accounts", year="2025") == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert titles(client, region="320000", year="2018", scope="department") == [
        "中共江苏省委办公厅2018年部门预算",
        "江苏省人大常委会办公厅2018年部门预算",
        "江苏省人民检察院2018年部门预算",
    ]
    assert titles(client, region="320000", scope="unit") == []
    # An empty value (a blank form field) filters nothing.
    assert len(titles(client, year="", region="")) == 21
    # Only published documents.
    withdrawn = Document.objects.filter(title=PUTUO_2025[0])
    withdrawn.update(status="draft")
    kept.summarise(withdrawn.values_list("pk", flat=True))  # as the workflow's withdrawal does
    assert titles(client, region="310107", year="2025") == sorted(PUTUO_2025[1:])


# ---------------------------------------------------------------------------
# Pages.


def test_pages_walk_every_document_once_in_one_stable_order(client, loaded):
    everything = [document["id"] for document in listing(client, page_size=200)["results"]]
    assert len(everything) == len(set(everything)) == 21
    first = listing(client, page_size=5)
    assert first["count"] == 21 and first["previous"] is None
    seen, payload, pages = [], first, 0
    while True:
        pages += 1
        seen += [document["id"] for document in payload["results"]]
        if payload["next"] is None:
            break
        assert payload["next"].startswith("http://testserver/api/documents/?")
        following = client.get(payload["next"])
        assert following.status_code == 200
        previous = following.json()["previous"]
        assert client.get(previous).json() == payload  # previous leads back
        payload = following.json()
    assert pages == 5 and seen == everything
    sizes = [len(listing(client, page_size=5, page=n)["results"]) for n in (1, 2, 3, 4, 5)]
    assert sizes == [5, 5, 5, 5, 1]
    # The links keep the filters.
    payload = listing(client, region="310107", year="2025", page_size=3)
    assert payload["count"] == 4
    second = client.get(payload["next"]).json()
    assert second["next"] is None
    assert [document["title"] for document in second["results"]] != []
    assert sorted(
        document["title"] for document in payload["results"] + second["results"]
    ) == sorted(PUTUO_2025)
    assert "region=310107" in second["previous"] and "year=2025" in second["previous"]


def test_default_page_is_fifty_and_three_queries(client, loaded, django_assert_num_queries):
    """72 documents: one COUNT, the page's ids and their documents, however many rows it
    shows; unfiltered, the COUNT is the kept one."""
    organisation = Organisation.objects.get(name="江苏省人民检察院")
    template = Document.objects.filter(organisation=organisation).first().template
    added = Document.objects.bulk_create(
        Document(
            organisation=organisation,
            year=1950 + n,
            scope="department",
            template=template,
            title=f"江苏省人民检察院{1950 + n}年部门预算",
            amount_unit="元",
            status="published",
            published_on=date(2020, 1, 1),
        )
        for n in range(51)
    )
    kept.summarise(document.pk for document in added)  # as publication does
    with django_assert_num_queries(3):
        first = listing(client)
    assert (first["count"], len(first["results"])) == (72, 50)
    assert first["next"] == "http://testserver/api/documents/?page=2"
    with django_assert_num_queries(3):
        second = client.get(first["next"]).json()
    assert len(second["results"]) == 22 and second["next"] is None
    with django_assert_num_queries(3):
        assert len(listing(client, page_size=200)["results"]) == 72
    with django_assert_num_queries(3):
        assert (
            len(listing(client, organisation=str(organisation.pk), page_size=200)["results"]) == 54
        )
    with django_assert_num_queries(1):  # nothing matches: the COUNT only
        assert listing(client, year="1900")["results"] == []


# ---------------------------------------------------------------------------
# Errors: JSON, in Chinese (English when chosen), with the CORS header.


def assert_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


#: (query, the parameter named in the error) for values no document could have.
BAD_VALUES = [
    ({"year": "abc"}, "year"),
    ({"year": "20250"}, "year"),
    ({"year": "２０２５"}, "year"),  # full-width digits: int() would read them
    ({"region": "31010"}, "region"),
    ({"region": "上海"}, "region"),
    ({"organisation": "-1"}, "organisation"),
    ({"organisation": "99999999999999999999999"}, "organisation"),
    ({"scope": "province"}, "scope"),
    ({"stage": "final"}, "stage"),
    ({"page": "0"}, "page"),
    ({"page": "abc"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "201"}, "page_size"),
    ({"page_size": "1e3"}, "page_size"),
]


def test_a_bad_value_is_a_json_400(client, db):
    for query, parameter in BAD_VALUES:
        error = assert_error(client.get("/api/documents/", query), 400)
        assert error["parameter"] == parameter, query
        assert re.search(r"[\u4e00-\u9fff]", error["message"]), query


def test_errors_in_english_when_chosen(client, baoji_document):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    error = assert_error(client.get("/api/documents/", {"stage": "final"}), 400)
    assert error["message"] == "stage must be one of: budget, final_accounts."
    error = assert_error(client.get("/api/documents/999999/"), 404)
    assert error["message"] == "No published document with this id."
    error = assert_error(client.post("/api/documents/"), 405)
    assert not re.search(r"[\u4e00-\u9fff]", error["message"])


def test_not_found_is_json(client, baoji_document):
    baoji = baoji_document
    assert assert_error(client.get("/api/documents/999999/"), 404)["message"] == (
        "没有这个已公开的文件。"
    )
    assert assert_error(client.get("/api/documents/99999999999999999999999/"), 404)
    assert assert_error(client.get(f"/api/documents/{baoji.pk}/tables/16/"), 404)
    assert assert_error(client.get("/api/no-such-route/"), 404)
    assert assert_error(client.get("/api/documents/", {"page": "2"}), 404)["message"] == (
        "没有第 2 页：共 1 页。"
    )
    # Outside /api/ the site's own HTML page still answers.
    outside = client.get("/no-such-page/")
    assert outside.status_code == 404 and outside["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_a_json_405(db, method):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    response = getattr(client, method)("/api/documents/")
    assert_error(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


# ---------------------------------------------------------------------------
# CORS.


def test_any_origin_may_read(client, baoji_document):
    response = client.get("/api/documents/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    baoji = baoji_document
    for path in (f"/api/documents/{baoji.pk}/", f"/api/documents/{baoji.pk}/tables/5/"):
        assert client.get(path)["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/schema/")["Access-Control-Allow-Origin"] == "*"
    # The site's pages are not opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_preflight_allows_get(client, db):
    response = client.options(
        "/api/documents/",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "accept" in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


# ---------------------------------------------------------------------------
# The OpenAPI document.


def api_routes(patterns=None, prefix=""):
    """Every route of the URLconf under api/, as path() wrote it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/"):
            yield route


def as_openapi(route):
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_the_schema_is_valid_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1.")
    validate_openapi(schema)


def test_every_api_route_is_in_the_schema(schema):
    routes = sorted(set(api_routes()))
    assert "api/documents/<int:pk>/tables/<int:n>/" in routes and len(routes) >= 5
    missing = [as_openapi(route) for route in routes if as_openapi(route) not in schema["paths"]]
    assert not missing, f"describe these routes in budgets/api/schema.py: {missing}"
    assert set(schema["paths"]) == {as_openapi(route) for route in routes}
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, path
        names = re.findall(r"{(\w+)}", path)
        declared = [p["name"] for p in methods["get"]["parameters"] if p["in"] == "path"]
        assert declared == names, path


#: A real value for each path parameter of the routes (documents by their fixture title).
def path_values():
    baoji = Document.published.get(title="宝鸡市人民政府口岸办公室2023年单位综合预算")
    # 普陀区财政局 publishes a 2025 budget: its execution answer has the 决算 side null.
    finance = Document.published.get(title="上海市普陀区财政局2025年部门预算").organisation
    return {"pk": baoji.pk, "n": 5, "code": "310107", "year": 2025, "organisation": finance.pk}


def validator_for(schema, response_schema):
    return jsonschema.Draft202012Validator(
        {**response_schema, "components": schema["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_real_answers_match_the_schema(client, loaded, schema):
    values = path_values()
    checked = []
    for path, methods in schema["paths"].items():
        url = re.sub(r"{(\w+)}", lambda match: str(values[match[1]]), path)
        responses = methods["get"]["responses"]
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        (media_type, content), *_ = responses["200"]["content"].items()
        assert response["Content-Type"].split(";")[0] == media_type, url
        if media_type == "application/json":
            validator_for(schema, content["schema"]).validate(response.json())
        if "example" in content:
            validator_for(schema, content["schema"]).validate(content["example"])
        # Every error the route declares answers in the declared shape.
        if "405" in responses:
            answer = client.post(url)
            assert answer.status_code == 405, url
            validator_for(
                schema, responses["405"]["content"]["application/json"]["schema"]
            ).validate(answer.json())
        if "404" in responses and "{" in path:
            missing = re.sub(r"{(\w+)}", "999999", path)
            answer = client.get(missing)
            assert answer.status_code == 404, missing
            error_schema = responses["404"]["content"]["application/json"]["schema"]
            validator_for(schema, error_schema).validate(answer.json())
        head = client.head(url)
        assert (head.status_code, head["Content-Type"]) == (200, response["Content-Type"]), url
        assert head.content == b"" and head["Access-Control-Allow-Origin"] == "*", url
        checked.append(path)
    assert "/api/documents/{pk}/tables/{n}/" in checked
    # The list's errors and its filtered answers too.
    list_responses = schema["paths"]["/api/documents/"]["get"]["responses"]
    error_schema = list_responses["400"]["content"]["application/json"]["schema"]
    validator_for(schema, error_schema).validate(client.get("/api/documents/?year=x").json())
    list_schema = list_responses["200"]["content"]["application/json"]["schema"]
    for query in ({"region": "310107", "page_size": "2"}, {"page": "2", "page_size": "2"}):
        validator_for(schema, list_schema).validate(listing(client, **query))
    # Each fixture document's detail and first tables: amounts are strings, never numbers.
    paths = schema["paths"]
    detail = validator_for(
        schema,
        paths["/api/documents/{pk}/"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ],
    )
    table = validator_for(
        schema,
        paths["/api/documents/{pk}/tables/{n}/"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"],
    )
    for document in listing(client, page_size=200)["results"]:
        payload = client.get(document["url"]).json()
        detail.validate(payload)
        for entry in payload["tables"][:3]:
            table.validate(client.get(entry["url"]).json())


def test_query_parameters_in_the_schema_are_the_ones_read(schema):
    parameters = schema["paths"]["/api/documents/"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == [
        "year",
        "region",
        "organisation",
        "scope",
        "stage",
        "page",
        "page_size",
    ]


def test_the_schema_follows_the_language(client):
    chinese = client.get("/api/schema/").json()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/api/schema/").json()
    assert re.search(r"[\u4e00-\u9fff]", chinese["info"]["title"])
    assert english["info"]["title"] == "Budget disclosure JSON API"
    summaries = [methods["get"]["summary"] for methods in english["paths"].values()]
    # Printed terms stay Chinese, in quotes (“三公”); nothing else does.
    unquoted = [re.sub(r"“[^”]*”", "", text) for text in summaries]
    assert not [text for text in unquoted if re.search(r"[\u4e00-\u9fff]", text)]


# ---------------------------------------------------------------------------
# The docs page.


def test_docs_page_shows_every_route_without_script(client, db, schema):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    for path, methods in schema["paths"].items():
        assert f"GET {path}" in html, path
        for parameter in methods["get"]["parameters"]:
            assert f"<code>{parameter['name']}</code>" in html
    # Examples are shown as JSON, escaped.
    assert "&quot;amount_unit&quot;: &quot;万元&quot;" in html
    assert '"190.57"' in json.dumps(
        schema["paths"]["/api/documents/{pk}/tables/{n}/"], ensure_ascii=False
    )
    # No inline script and no UI bundle from a CDN: only the site's own script.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'\bsrc="/static/', tag) for tag in scripts), scripts
    assert not re.search(r"swagger|redoc|unpkg|jsdelivr", html, flags=re.I)
