"""Every change to a document or its facts is recorded (who, when, old → new) and shown in
the admin (a published document's corrections: tests/test_corrections.py); the API and the
public page show the document's findings."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from budgets.disclosures.models import Document, Finding
from budgets.disclosures.roles import CLERK_GROUP
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    user = User.objects.create_user("clerk", password="pw", is_staff=True, first_name="王录入")
    user.groups.add(Group.objects.get(name=CLERK_GROUP))
    client.force_login(user)
    return user


def facts_url(document, kind):
    return reverse("admin:disclosures_document_change", args=[document.pk]) + f"?facts={kind}"


def correct_first_amount(client, document, kind, field, value):
    url = facts_url(document, kind)
    data = form_data(client.get(url))
    row = data[f"{kind}s-0-id"]
    data[f"{kind}s-0-{field}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return row


@pytest.fixture
def draft(baoji_document):
    """宝鸡 2023 as a draft: a document that has been public changes only through a
    correction (tests/test_corrections.py)."""
    Document.objects.filter(pk=baoji_document.pk).update(status="draft")
    baoji_document.refresh_from_db()
    return baoji_document


def test_a_change_is_recorded_and_shown_in_the_admin(client, clerk, draft):
    line = draft.functionexpenditures.get(function__code="2010350", expense_type="running")
    url = facts_url(draft, "functionexpenditure")
    data = form_data(client.get(url))
    index = next(
        i
        for i in range(int(data["functionexpenditures-TOTAL_FORMS"]))
        if data.get(f"functionexpenditures-{i}-id") == str(line.pk)
    )
    assert data[f"functionexpenditures-{index}-amount"] == "4.00"
    data[f"functionexpenditures-{index}-amount"] = "4.10"
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("41000.00")
    # The admin's history names who changed what, old → new.
    history = client.get(
        reverse("admin:disclosures_document_history", args=[draft.pk])
    ).content.decode()
    assert "王录入" in history
    assert "40000.00" in history and "41000.00" in history


def test_history_of_a_new_row_and_a_deleted_row(client, clerk, draft):
    document = draft
    correct_first_amount(client, document, "revenueline", "amount", "190.57")
    url = facts_url(document, "statement")
    data = form_data(client.get(url))
    data["statements-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    history = client.get(
        reverse("admin:disclosures_document_history", args=[document.pk])
    ).content.decode()
    assert "删除" in history


def test_drafts_have_no_public_revisions(putuo):
    assert Client().get(f"/org/{putuo.hidden.pk}/2025/revisions/1/").status_code == 404


def test_findings_in_the_api_and_the_public_panel(baoji_document):
    document = baoji_document
    Finding.objects.create(document=document, table="表5", row="2010350", message="合计不符")
    Finding.objects.create(document=document, table="", row="", message="提示：名称不一致")
    payload = Client().get(f"/api/documents/{document.pk}/").json()
    assert payload["findings"] == [
        {"severity": "error", "table": "表5", "row": "2010350", "message": "合计不符"},
        {"severity": "warning", "table": None, "row": None, "message": "提示：名称不一致"},
    ]
    page = Client().get(f"/org/{document.organisation_id}/{document.year}/").content.decode()
    assert "数据核对" in page and "合计不符" in page and "提示：名称不一致" in page


def test_a_document_without_findings_says_so(baoji_document):
    payload = Client().get(f"/api/documents/{baoji_document.pk}/").json()
    assert payload["findings"] == []
    page = Client().get(f"/org/{baoji_document.organisation_id}/2023/").content.decode()
    assert "没有发现问题" in page
