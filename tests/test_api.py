"""The read-only JSON API: shapes exactly as documented, amounts as decimal strings."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get_json(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_documents_lists_only_published(client, baoji_document, putuo):
    listed = get_json(client, reverse("api:documents"))
    assert (listed["count"], listed["next"], listed["previous"]) == (4, None, None)
    documents = listed["results"]
    assert {document["id"] for document in documents} == {
        baoji_document.pk,
        putuo.dept_2024.pk,
        putuo.dept_2025.pk,
        putuo.unit_2025.pk,
    }
    baoji = next(document for document in documents if document["id"] == baoji_document.pk)
    assert set(baoji) == {
        "id",
        "title",
        "organisation",
        "organisation_id",
        "organisation_code",
        "region",
        "region_code",
        "year",
        "scope",
        "stage",
        "amount_unit",
        "url",
    }
    assert baoji["organisation"] == "宝鸡市人民政府口岸办公室"
    assert baoji["organisation_code"] == "402002"
    assert baoji["title"] == "宝鸡市人民政府口岸办公室2023年单位综合预算"
    assert baoji["organisation_id"] == baoji_document.organisation_id
    assert (baoji["region"], baoji["region_code"]) == ("宝鸡市", "610300")
    assert (baoji["year"], baoji["scope"], baoji["stage"], baoji["amount_unit"]) == (
        2023,
        "unit",
        "budget",
        "万元",
    )
    assert baoji["url"].endswith(f"/api/documents/{baoji_document.pk}/")
    street = next(document for document in documents if document["id"] == putuo.dept_2025.pk)
    assert street["organisation_code"] is None  # no code published
    assert street["scope"] == "department" and street["amount_unit"] == "元"


def test_document_lists_its_tables(client, baoji_document):
    document = get_json(client, reverse("api:document", args=[baoji_document.pk]))
    assert [table["number"] for table in document["tables"]] == [f"表{n}" for n in range(1, 16)]
    assert (
        document["tables"][7]["title"]
        == "单位综合预算一般公共预算基本支出明细表（支出经济分类科目）"
    )
    assert document["tables"][4]["url"].endswith(f"/api/documents/{baoji_document.pk}/tables/5/")


def test_table_rows_codes_whole_amounts_as_strings_blanks_null(client, baoji_document):
    table = get_json(client, reverse("api:table", args=[baoji_document.pk, 5]))
    assert table["number"] == "表5"
    assert table["amount_unit"] == "万元"
    assert table["columns"][:3] == ["功能科目编码", "功能科目名称", "合计"]
    assert table["rows"][0] == ["合计", None, "190.57", "122.11", "4.00", "64.46", None]
    assert ["2010350", "事业运行", "108.54", "104.54", "4.00", None, None] in table["rows"]
    assert table["note"] == ""
    empty = get_json(client, reverse("api:table", args=[baoji_document.pk, 9]))
    assert empty["note"] == "本单位不涉及。"


def test_shanghai_codes_are_one_full_code(client, putuo):
    table = get_json(client, reverse("api:table", args=[putuo.unit_2025.pk, 3]))
    assert table["columns"][0] == "功能分类科目编码"
    assert ["2010350", "事业运行", "700000.00", "400000.00", "300000.00"] in table["rows"]
    restricted = get_json(client, reverse("api:table", args=[putuo.dept_2025.pk, 9]))
    assert restricted["amount_unit"] == "万元"
    assert restricted["rows"] == [["1.50", "1.00", "0.50", None, None, None, "15.00"]]


def test_drafts_and_unknown_tables_are_404(client, putuo):
    assert client.get(reverse("api:document", args=[putuo.draft.pk])).status_code == 404
    assert client.get(reverse("api:table", args=[putuo.draft.pk, 1])).status_code == 404
    assert client.get(reverse("api:table", args=[putuo.dept_2025.pk, 10])).status_code == 404
    assert client.post(reverse("api:documents")).status_code == 405


def test_document_detail_keeps_its_shape(client, baoji_document):
    """The detail is the list entry plus html_url, tables, findings and projects (extended,
    not broken)."""
    listed = get_json(client, reverse("api:documents"))["results"][0]
    document = get_json(client, reverse("api:document", args=[baoji_document.pk]))
    assert set(document) == set(listed) | {"html_url", "tables", "findings", "projects"}
    assert [(project["name"], project["amount"]) for project in document["projects"]] == [
        ("2023年度本级专项口岸办年度绩效考核奖", "80600.00"),
        ("2023年度本级专项口岸业务经费", "564000.00"),
    ]
    assert {key: document[key] for key in listed} == listed
