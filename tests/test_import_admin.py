"""The admin upload: a staff user with add_document uploads one or several PDFs, is sent to
the preview job's page, which shows a preview per document (no document written, the files
kept as the user's pending uploads), confirms, and is sent to the import job's page, which
shows each document imported; a document imported before shows its state and what will
change, and keeps its publication state; others are turned away. Without REDIS_URL (as
here) the jobs run inline, in the request; on the queue: test_import_jobs.py. Publishing
through the import, and whose uploads may be confirmed: test_import_uploads.py."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.models import Document, Finding, FunctionExpenditure
from budgets.importers.models import PendingUpload
from budgets.organisations.models import Organisation

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

OFFICE_UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
WANLI_2024 = "上海市普陀区人民政府万里街道办事处24年预算.pdf"
OFFICE_TITLE = "上海市普陀区人民政府办公室2025年单位预算"
WANLI_TITLE = "上海市普陀区人民政府万里街道办事处2024年部门预算"


@pytest.fixture
def importer(client):
    call_command("loaddata", "templates", verbosity=0)
    user = User.objects.create_user("importer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    client.force_login(user)
    return user


def pdf(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), "application/pdf")


def upload(client, *files):
    """The preview job's page the upload leads to."""
    response = client.post(reverse("importers:upload"), {"files": list(files)}, follow=True)
    ((url, status),) = response.redirect_chain
    assert (url, status) == (reverse("importers:job", args=[response.context["job"].pk]), 302)
    return response


def confirmation(response, choices=None):
    """The POST the preview's form sends: every document ticked, its status as offered,
    with ``choices`` ({form index: {field: value}}) changed as a person would."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for index, form in enumerate(formset.forms):
        values = {**form.initial, **(choices or {}).get(index, {})}
        for name, value in values.items():
            if value is True:
                data[f"{form.prefix}-{name}"] = "on"
            elif value not in (False, None):
                data[f"{form.prefix}-{name}"] = value
    return data


def confirm(client, preview, data, **kwargs):
    """Confirm the preview (the response of its job's page) with ``data``."""
    url = reverse("importers:confirm", args=[preview.context["job"].pk])
    return client.post(url, data, **kwargs)


def outcomes(response):
    return [item["message"] for item in response.context["outcomes"]]


def test_upload_page_takes_several_files(client, importer):
    page = client.get(reverse("importers:upload")).content.decode()
    assert 'type="file" name="files"' in page and " multiple" in page


def test_preview_writes_nothing_then_confirm_imports(client, importer, disclosure):
    path = disclosure(OFFICE_UNIT)
    response = upload(client, pdf(path))
    assert response.status_code == 200
    page = response.content.decode()
    assert OFFICE_TITLE in page
    assert "2025年预算单位收入预算总表" in page
    assert "91,016,775.35" in page  # 收入总计 as printed
    assert "各表自身及相互核对一致" in page
    assert "故本表为空表" in page
    assert "该文件已导入过" not in page
    assert Document.objects.count() == 0 and Organisation.objects.count() == 0
    (document,) = response.context["documents"]
    sha256 = document["sha256"]
    kept = PendingUpload.objects.get(sha256=sha256)
    assert (kept.uploaded_by, kept.name, bytes(kept.data)) == (
        importer,
        OFFICE_UNIT,
        path.read_bytes(),
    )
    response = confirm(client, response, confirmation(response), follow=True)
    document = Document.objects.get()
    assert response.context["job"].kind == "import"
    assert response.redirect_chain == [(response.context["job"].get_absolute_url(), 302)]
    url = reverse("admin:disclosures_document_change", args=[document.pk])
    assert f'<a href="{url}">' in response.content.decode()
    assert document.status == "draft"
    assert document.source_name == OFFICE_UNIT
    assert document.source_sha256 == sha256
    assert FunctionExpenditure.objects.filter(document=document).count() == 14
    assert not PendingUpload.objects.exists()


def test_several_files_at_once_a_preview_each_then_both_imported(client, importer, disclosure):
    def broken():
        return SimpleUploadedFile("说明.pdf", "不是PDF".encode(), "application/pdf")

    response = upload(
        client, pdf(disclosure(OFFICE_UNIT)), broken(), pdf(disclosure(WANLI_2024)), broken()
    )
    page = response.content.decode()
    documents = response.context["documents"]
    assert [(item["label"], bool(item["error"])) for item in documents] == [
        ("上海市普陀区人民政府办公室 2025年单位预算", False),
        ("说明.pdf", True),  # given twice, the same bytes: read and shown once
        ("上海市普陀区人民政府万里街道办事处 2024年部门预算", False),
    ]
    assert "识别为 3 份文件。" in page
    assert page.count('class="module import-document') == 3
    assert "不能导入：该文件不是PDF文件" in page
    assert OFFICE_TITLE in page and WANLI_TITLE in page
    assert "表注称本表为空表，但表中印有数字" in page  # 万里 2024's findings in its own section
    assert len(response.context["formset"].forms) == 2
    assert Document.objects.count() == 0
    response = confirm(client, response, confirmation(response), follow=True)
    assert sorted(Document.objects.values_list("title", "status")) == [
        (WANLI_TITLE, "draft"),
        (OFFICE_TITLE, "draft"),
    ]
    assert outcomes(response) == [
        f"已导入《{OFFICE_TITLE}》（草稿）。",
        f"已导入《{WANLI_TITLE}》（草稿）。",
    ]


def test_an_unticked_document_is_not_imported(client, importer, disclosure):
    response = upload(client, pdf(disclosure(OFFICE_UNIT)), pdf(disclosure(WANLI_2024)))
    confirm(client, response, confirmation(response, {1: {"include": False}}))
    assert list(Document.objects.values_list("title", flat=True)) == [OFFICE_TITLE]


def test_existing_document_preview_shows_state_and_changes_and_keeps_it(
    client, importer, disclosure
):
    path = disclosure(WANLI_2024)
    call_command(
        "import_disclosure", str(path), "--publish", "--published-on", "2024-02-05", verbosity=0
    )
    document = Document.objects.get()
    before = FunctionExpenditure.objects.filter(document=document).count()
    findings = Finding.objects.filter(document=document).count()
    # Someone removed a row by hand: the preview shows the count going back up.
    FunctionExpenditure.objects.filter(document=document).first().delete()
    response = upload(client, pdf(path))
    page = response.content.decode()
    # Published: the import becomes its correction, which the preview says.
    assert "该文件已公开过：确认后导入为它的更正稿" in page
    assert "该文件已导入过，确认后将替换其全部数据。" not in page
    assert "当前公开状态：" in page and "已公开" in page and "公开日期 2024-02-05" in page
    (item,) = response.context["documents"]
    changes = {
        str(label): (before_, after, changed) for label, before_, after, changed in item["changes"]
    }
    assert changes["支出（按功能分类）"] == (before - 1, before, True)
    assert changes["核对问题"] == (findings, findings, False)
    assert changes["支出合计（元）"][2] is True
    assert not changes["收入合计（元）"][2]
    form = item["form"]
    assert form.initial["status"] == "published"
    assert re.search(r'value="published"[^>]*checked', str(form["status"]))
    assert "withdrawn" not in str(form["status"])  # offered only to a withdrawn document
    assert "draft" not in str(form["status"])  # a published document never goes back
    confirm(client, response, confirmation(response))
    document.refresh_from_db()
    assert (document.status, document.published_on) == ("published", datetime.date(2024, 2, 5))
    # The published document changes only through review: the import is its correction.
    assert FunctionExpenditure.objects.filter(document=document).count() == before - 1
    correction = Document.objects.get(corrects=document)
    assert correction.status == "draft"
    assert FunctionExpenditure.objects.filter(document=correction).count() == before
    assert Finding.objects.filter(document=correction).count() == findings


def test_confirm_with_unknown_or_changed_file_is_refused(client, importer, disclosure):
    preview = upload(client, pdf(disclosure(OFFICE_UNIT)))
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-include": "on",
        "form-0-sha256s": "0" * 64,
        "form-0-status": "draft",
    }
    response = confirm(client, preview, data, follow=True)
    assert outcomes(response) == ["找不到已上传的文件或文件已改变，请重新上传。"]
    # A file changed after the preview is hashed again and refused.
    sha256 = preview.context["documents"][0]["sha256"]
    PendingUpload.objects.filter(sha256=sha256).update(data=b"%PDF-1.4 changed %%EOF")
    response = confirm(client, preview, confirmation(preview), follow=True)
    assert outcomes(response) == ["找不到已上传的文件或文件已改变，请重新上传。"]
    assert "找不到已上传的文件或文件已改变" in response.content.decode()
    assert Document.objects.count() == 0


def test_upload_of_a_non_pdf_shows_the_reason(client, importer):
    response = upload(client, SimpleUploadedFile("note.pdf", "不是PDF".encode(), "application/pdf"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "该文件不是PDF文件" in page
    assert "确认导入" not in page and "重新上传" in page
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
