"""The original files a document was imported from, downloadable byte for byte with their
SHA-256 on the document page (issue 9, item 6)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document, SourceFile


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def imported(disclosure, *names):
    paths = [str(disclosure(name)) for name in names]
    call_command("import_disclosure", *paths, "--publish", stdout=StringIO())


def document_url(document, name="browse:document", **kwargs):
    return reverse(
        name, kwargs={"organisation": document.organisation_id, "year": document.year, **kwargs}
    )


def test_an_imported_pdf_downloads_byte_identical_with_its_sha256(client, templates, disclosure):
    name = "上海市普陀区人民政府办公室单位25年预算.pdf"
    data = disclosure(name).read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    imported(disclosure, name)
    document = Document.objects.get(
        organisation__name="上海市普陀区人民政府办公室", year=2025, scope="unit"
    )
    page = client.get(document_url(document)).content.decode()
    assert sha256 in page and name in page
    download = document_url(document, "browse:source_file", sha256=sha256)
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == data
    assert hashlib.sha256(response.content).hexdigest() == sha256
    # Re-importing the same file keeps one copy, not two.
    imported(disclosure, name)
    assert SourceFile.objects.filter(document=document).count() == 1
    # Any other hash, or not a hash at all, is a 404.
    for other in ("0" * 64, "not-a-hash"):
        url = document_url(document, "browse:source_file", sha256=other)
        assert client.get(url).status_code == 404


def test_a_document_published_in_two_files_keeps_both(client, templates, disclosure):
    names = [
        "江苏省委办公厅2019年度部门预算公开文件.pdf",
        "江苏省委办公厅2019年度部门预算公开表格.pdf",
    ]
    imported(disclosure, *names)
    document = Document.objects.get(organisation__name="中共江苏省委办公厅", year=2019)
    stored = list(SourceFile.objects.filter(document=document))
    assert sorted(source.name for source in stored) == sorted(names)
    page = client.get(document_url(document)).content.decode()
    for name in names:
        data = disclosure(name).read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        assert sha256 in page
        response = client.get(document_url(document, "browse:source_file", sha256=sha256))
        assert response.content == data


def test_without_a_stored_file_the_public_address_is_given(client, baoji_document):
    Document.objects.filter(pk=baoji_document.pk).update(
        source_url="https://www.baoji.gov.cn/example.pdf"
    )
    page = client.get(document_url(baoji_document)).content.decode()
    assert 'href="https://www.baoji.gov.cn/example.pdf"' in page
    assert baoji_document.source_sha256 in page
    assert "/source/" not in page
