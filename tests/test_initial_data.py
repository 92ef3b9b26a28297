"""The setup script loads the committed fixtures on every start: into an empty database
only, so a restart never undoes what staff changed through the admin."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from budgets.disclosures.management.commands.load_initial_data import fixture_names
from budgets.disclosures.models import Document, RevenueLine, Template
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

BAOJI = "宝鸡市人民政府口岸办公室"


def test_every_committed_fixture_is_loaded_templates_first():
    names = fixture_names()
    assert names[0] == "templates"
    assert {"baoji_2023", "shanghai_putuo"} <= set(names)


def test_loads_into_an_empty_database(capsys):
    call_command("load_initial_data")
    assert "已载入示例数据" in capsys.readouterr().out
    assert Template.objects.count() >= 2
    assert Document.objects.filter(organisation__name=BAOJI, year=2023).exists()


def test_a_second_start_keeps_what_staff_changed_in_the_admin(client, capsys):
    call_command("load_initial_data")
    document = Document.objects.get(organisation__name=BAOJI, year=2023)
    line = document.revenuelines.get()
    assert line.amount == Decimal("1905700.00")
    # A draft: a published document changes only through a correction (test_corrections).
    Document.objects.filter(pk=document.pk).update(status="draft")
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    change_url = reverse("admin:disclosures_document_change", args=[document.pk])
    edited_title = document.title + "（已更正）"
    response = client.post(change_url, form_data(client.get(change_url), title=edited_title))
    assert response.status_code == 302, response.content.decode()[:2000]
    # The revenue table's own page, amounts in the document's unit (万元).
    revenue_url = change_url + "?facts=revenueline"
    page = client.get(revenue_url)
    prefix = next(name.removesuffix("-0-id") for name in form_data(page) if name.endswith("-0-id"))
    response = client.post(revenue_url, form_data(page, **{f"{prefix}-0-amount": "190.58"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    capsys.readouterr()

    call_command("load_initial_data")

    assert "未载入示例数据" in capsys.readouterr().out
    document.refresh_from_db()
    assert document.title == edited_title
    assert RevenueLine.objects.get(pk=line.pk).amount == Decimal("1905800.00")


def test_the_fixtures_documents_come_with_their_original_files(client):
    """Issue 21: every fixture document said 「本站未保存原始文件」; the files the fixtures
    were read from now load with them, byte for byte, and each page offers them."""
    import hashlib

    from django.conf import settings

    call_command("load_initial_data")
    folder = Path(settings.BASE_DIR) / "fixtures" / "originals"
    documents = Document.objects.exclude(source_name="")
    assert documents.count() == 21  # every document the fixtures hold
    for document in documents:
        names = document.source_name.split("、")
        assert [source.name for source in document.source_files.order_by("position")] == names
    jiangsu = Document.objects.get(organisation__name="中共江苏省委办公厅", year=2018)
    page = client.get(
        reverse("browse:document", kwargs={"organisation": jiangsu.organisation_id, "year": 2018})
    ).content.decode()
    assert "本站未保存原始文件" not in page and "发布机关：中共江苏省委办公厅" in page
    for name in jiangsu.source_name.split("、"):
        data = (folder / name).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert digest in page
        download = client.get(
            reverse(
                "browse:source_file",
                kwargs={"organisation": jiangsu.organisation_id, "year": 2018, "sha256": digest},
            )
        )
        assert (
            b"".join(download.streaming_content if download.streaming else [download.content])
            == data
        )
