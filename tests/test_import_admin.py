"""The admin upload: a staff user with add_document uploads a PDF, sees the preview
(nothing written), confirms, and the document is imported; others are turned away."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document, FunctionExpenditure
from budgets.organisations.models import Organisation

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

OFFICE_UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
WANLI_2024 = "上海市普陀区人民政府万里街道办事处24年预算.pdf"


@pytest.fixture
def importer(client):
    call_command("loaddata", "templates", verbosity=0)
    user = User.objects.create_user("importer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    client.force_login(user)
    return user


def upload(client, path):
    return client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), "application/pdf")},
    )


def test_preview_writes_nothing_then_confirm_imports(client, importer, disclosure):
    path = disclosure(OFFICE_UNIT)
    response = upload(client, path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "上海市普陀区人民政府办公室2025年单位预算" in page
    assert "2025年预算单位收入预算总表" in page
    assert "91,016,775.35" in page  # 收入总计 as printed
    assert "各表自身及相互核对一致" in page
    assert "故本表为空表" in page
    assert Document.objects.count() == 0 and Organisation.objects.count() == 0
    sha256 = response.context["parsed"].sha256
    response = client.post(
        reverse("importers:confirm"),
        {"sha256": sha256, "name": path.name, "publish": "on"},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:disclosures_document_change", args=[document.pk])
    assert document.status == "published"
    assert document.source_name == OFFICE_UNIT
    assert document.source_sha256 == sha256
    assert FunctionExpenditure.objects.filter(document=document).count() == 14


def test_preview_lists_findings(client, importer, disclosure):
    response = upload(client, disclosure(WANLI_2024))
    page = response.content.decode()
    assert "表注称本表为空表，但表中印有数字" in page
    assert "352.67" in page
    assert Document.objects.count() == 0


def test_confirm_with_unknown_or_changed_file_is_refused(client, importer, disclosure):
    response = client.post(
        reverse("importers:confirm"), {"sha256": "0" * 64, "name": "x.pdf"}, follow=True
    )
    assert "找不到已上传的文件或文件已改变" in response.content.decode()
    assert Document.objects.count() == 0


def test_upload_of_a_non_pdf_shows_the_reason(client, importer):
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("note.pdf", "不是PDF".encode(), "application/pdf")},
    )
    assert response.status_code == 200
    assert "该文件不是PDF文件" in response.content.decode()
    assert Document.objects.count() == 0


def test_staff_without_permission_is_forbidden(client):
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("importers:upload")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("importers:upload"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_document_changelist_links_to_the_import(client, importer):
    importer.user_permissions.add(Permission.objects.get(codename="view_document"))
    page = client.get(reverse("admin:disclosures_document_changelist")).content.decode()
    assert reverse("importers:upload") in page
    assert "导入PDF" in page
