"""The setup script loads the committed fixtures on every start: into an empty database
only, so a restart never undoes what staff changed through the admin."""

from decimal import Decimal

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
