"""Issue 18: a published document changes only through review.

A clerk's edit of a published document is refused; the correction is a copy edited and
submitted like a draft, which the public never sees; a reviewer sees it cell by cell and
approves it; the public page then says 已更正 (第N版) and links a 更正记录 listing every
changed cell, and the earlier revision stays readable. Withdrawal and republication keep
the first 公开日期 and every revision; nobody deletes a document that has been public.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from budgets.disclosures.models import Document, FunctionExpenditure
from budgets.disclosures.roles import CLERK_GROUP, REVIEWER_GROUP
from budgets.review import workflow
from budgets.review.models import DeletedDocument
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def staff(name, group, full_name):
    user = User.objects.create_user(name, password="pw", is_staff=True, first_name=full_name)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def clerk():
    return staff("clerk", CLERK_GROUP, "王录入")


@pytest.fixture
def reviewer():
    return staff("reviewer", REVIEWER_GROUP, "李审核")


def change_url(document):
    return reverse("admin:disclosures_document_change", args=[document.pk])


def facts_url(document, kind):
    return change_url(document) + f"?facts={kind}"


def workflow_url(document, action):
    return reverse("admin:disclosures_document_workflow", args=[document.pk, action])


def public(document, page=""):
    return Client().get(f"/org/{document.organisation_id}/{document.year}/{page}")


def set_amount(client, document, kind, line, value):
    """Post the fact page ``kind`` of ``document`` with ``line``'s amount set to ``value``
    (in 万元, the document's unit)."""
    url = facts_url(document, kind)
    data = form_data(client.get(url))
    index = next(
        i
        for i in range(int(data[f"{kind}s-TOTAL_FORMS"]))
        if data.get(f"{kind}s-{i}-id") == str(line.pk)
    )
    data[f"{kind}s-{index}-amount"] = value
    return client.post(url, data)


def set_running_2010350(client, document, value):
    line = document.functionexpenditures.get(function__code="2010350", expense_type="running")
    return set_amount(client, document, "functionexpenditure", line, value)


def correct_consistently(client, document):
    """Add 0.10 万元 to 2010350's running costs, to a 302 economic line and to the first
    revenue line, so the correction passes the checks."""
    assert set_running_2010350(client, document, "4.10").status_code == 302
    for kind, lines in (
        (
            "economicexpenditure",
            document.economicexpenditures.filter(dept_economic__code__startswith="302"),
        ),
        ("revenueline", document.revenuelines.all()),
    ):
        line = lines.order_by("pk").first()
        value = (line.amount + Decimal("1000")) / Decimal("10000")
        assert set_amount(client, document, kind, line, f"{value:.2f}").status_code == 302


def open_correction(client, document):
    response = client.post(workflow_url(document, "correct"))
    assert response.status_code == 302
    return Document.objects.get(corrects=document)


def test_a_clerk_cannot_edit_a_published_document_in_place(clerk, baoji_document):
    _user, client = clerk
    response = set_running_2010350(client, baoji_document, "4.10")
    assert response.status_code == 403
    line = FunctionExpenditure.objects.get(
        document=baoji_document, function__code="2010350", expense_type="running"
    )
    assert line.amount == Decimal("40000.00")
    # Its page is read-only and offers the correction instead.
    page = client.get(change_url(baoji_document)).content.decode()
    assert 'value="correct"' in page and "不能直接修改" in page


def test_a_correction_goes_public_only_when_a_reviewer_approves_it(clerk, reviewer, baoji_document):
    document = baoji_document
    first_published = document.published_on
    _clerk, clerk_client = clerk
    reviewer_user, reviewer_client = reviewer
    assert "108.54" in public(document, "tables/5/").content.decode()

    correction = open_correction(clerk_client, document)
    assert correction.status == "draft" and correction.corrects == document
    correct_consistently(clerk_client, correction)
    # The public still reads the published version while the correction is entered...
    assert "108.54" in public(document, "tables/5/").content.decode()
    assert "108.64" not in public(document, "tables/5/").content.decode()
    assert clerk_client.post(workflow_url(correction, "submit")).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "submitted"
    # ...and while it waits for review; a clerk cannot approve it.
    clerk_client.post(workflow_url(correction, "publish"))
    assert Document.objects.filter(pk=correction.pk, status="submitted").exists()
    assert "108.54" in public(document, "tables/5/").content.decode()

    # The reviewer sees the change cell by cell, then approves.
    review_page = reviewer_client.get(change_url(correction)).content.decode()
    row = "<td>2010350 事业运行</td><td>公用经费支出</td>"
    row += '<td class="num">4.00</td><td class="num">4.10</td>'
    assert row in review_page
    assert reviewer_client.post(workflow_url(correction, "publish")).status_code == 302
    assert not Document.objects.filter(pk=correction.pk).exists()

    document.refresh_from_db()
    assert document.status == "published" and document.published_on == first_published
    assert "108.64" in public(document, "tables/5/").content.decode()
    revision = document.revisions.get(number=2)
    assert revision.kind == "corrected" and revision.by == reviewer_user
    assert {
        "table": "表5 单位综合预算一般公共预算支出明细表（按支出功能分类科目）",
        "row": "2010350 事业运行",
        "column": "公用经费支出",
        "old": "4.00",
        "new": "4.10",
        "unit": "万元",
    } in revision.changes

    page = public(document).content.decode()
    assert "已更正（第2版" in page
    log = public(document, "corrections/").content.decode()
    assert "第2版" in log and row.replace("<td>", '<td lang="zh">') in log
    earlier = public(document, "revisions/1/").content.decode()
    assert "108.54" in earlier and "108.64" not in earlier


def test_withdrawal_and_republication_keep_the_date_and_the_correction(
    clerk, reviewer, baoji_document
):
    document = baoji_document
    first_published = document.published_on
    _clerk, clerk_client = clerk
    reviewer_user, reviewer_client = reviewer
    correction = open_correction(clerk_client, document)
    correct_consistently(clerk_client, correction)
    workflow.submit(correction, clerk[0])
    workflow.publish(Document.objects.get(pk=correction.pk), reviewer_user)

    workflow.withdraw(Document.objects.get(pk=document.pk), reviewer_user)
    assert public(document).status_code == 404
    workflow.publish(Document.objects.get(pk=document.pk), reviewer_user)
    document.refresh_from_db()
    assert document.published_on == first_published
    assert list(document.revisions.values_list("number", "kind")) == [
        (1, "published"),
        (2, "corrected"),
        (3, "published"),
    ]
    page = public(document).content.decode()
    assert "已更正（第2版" in page
    assert "108.64" in public(document, "tables/5/").content.decode()


@pytest.mark.parametrize("who", ["clerk", "reviewer", "superuser"])
def test_nobody_deletes_a_document_that_has_been_public(who, clerk, reviewer, baoji_document):
    if who == "superuser":
        client = Client()
        client.force_login(User.objects.create_superuser("root", password="pw"))
    else:
        client = {"clerk": clerk, "reviewer": reviewer}[who][1]
    delete = reverse("admin:disclosures_document_delete", args=[baoji_document.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:disclosures_document_changelist"),
        {"action": "delete_selected", "_selected_action": [baoji_document.pk], "post": "yes"},
    )
    assert bulk.status_code in (302, 403)
    assert Document.objects.filter(pk=baoji_document.pk).exists()
    assert baoji_document.functionexpenditures.exists()


def test_a_draft_correction_can_be_dropped_and_the_document_stays(clerk, baoji_document):
    _user, client = clerk
    correction = open_correction(client, baoji_document)
    # The list marks the correction, which bears the title of the document it corrects.
    listing = client.get(reverse("admin:disclosures_document_changelist")).content.decode()
    assert listing.count('alt="True"') == 1 and listing.count('alt="False"') == 1
    delete = reverse("admin:disclosures_document_delete", args=[correction.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Document.objects.filter(pk=correction.pk).exists()
    assert baoji_document.functionexpenditures.count() > 0
    assert public(baoji_document).status_code == 200


def test_a_correction_that_breaks_the_sums_is_held_at_review(clerk, reviewer, baoji_document):
    """The issue's reproduction: a clerk changes one line (收入 ≠ 支出). The correction is
    refused at submission with the checks' findings, and the public page never shows it."""
    _user, client = clerk
    correction = open_correction(client, baoji_document)
    set_running_2010350(client, correction, "4.10")
    response = client.post(workflow_url(correction, "submit"), follow=True).content.decode()
    assert "未提交" in response and "1905700.00" in response and "1906700.00" in response
    correction.refresh_from_db()
    assert correction.status == "draft"
    assert "108.54" in public(baoji_document, "tables/5/").content.decode()
    assert "已更正" not in public(baoji_document).content.decode()


@pytest.mark.disclosures
def test_a_reimport_of_a_published_document_waits_for_review(disclosure, clerk, reviewer):
    """Re-importing used to replace a published document's facts at once, with no
    revision. Now it fills the document's correction; the public page is unchanged until a
    reviewer approves it, and the approval is revision 2 with its changes."""
    from django.core.management import call_command

    path = disclosure("上海市普陀区人民政府办公室单位25年预算.pdf")
    call_command("loaddata", "templates", verbosity=0)
    call_command("import_disclosure", str(path), "--publish", verbosity=0)
    document = Document.objects.get()
    as_printed = public(document, "tables/").content.decode()
    # A figure that went wrong after publication (one 元 more on a line).
    line = document.functionexpenditures.select_related("function").order_by("pk").first()
    FunctionExpenditure.objects.filter(pk=line.pk).update(amount=line.amount + 1)
    wrong = public(document, "tables/").content.decode()
    assert wrong != as_printed

    call_command("import_disclosure", str(path), "--publish", verbosity=0)
    correction = Document.objects.get(corrects=document)
    assert correction.status == "draft"
    assert public(document, "tables/").content.decode() == wrong
    assert not document.revisions.exists()

    workflow.submit(correction, clerk[0])
    workflow.publish(Document.objects.get(pk=correction.pk), reviewer[0])
    assert public(document, "tables/").content.decode() == as_printed
    revision = document.revisions.get(number=2)
    assert revision.kind == "corrected" and revision.entered_by == clerk[0]
    assert any(change["row"].startswith(line.function.code) for change in revision.changes)


def approve_consistent_correction(clerk, reviewer, document):
    correction = open_correction(clerk[1], document)
    correct_consistently(clerk[1], correction)
    workflow.submit(correction, clerk[0])
    workflow.publish(Document.objects.get(pk=correction.pk), reviewer[0])


def test_a_reviewer_restores_an_earlier_revision_through_review(clerk, reviewer, baoji_document):
    document = baoji_document
    approve_consistent_correction(clerk, reviewer, document)
    assert "108.64" in public(document, "tables/5/").content.decode()
    # Only a reviewer may bring back a revision; it becomes a correction, not a change.
    restore = reverse("admin:disclosures_document_restore", args=[document.pk, 1])
    assert clerk[1].post(restore).status_code == 403
    assert reviewer[1].post(restore).status_code == 302
    correction = Document.objects.get(corrects=document)
    assert "108.64" in public(document, "tables/5/").content.decode()
    page = reviewer[1].get(change_url(correction)).content.decode()
    assert '<td class="num">4.10</td><td class="num">4.00</td>' in page
    workflow.submit(correction, clerk[0])
    workflow.publish(Document.objects.get(pk=correction.pk), reviewer[0])
    assert "108.54" in public(document, "tables/5/").content.decode()
    assert document.revisions.get(number=3).kind == "corrected"


def test_a_deleted_draft_is_kept_whole_and_restored(clerk, baoji_document):
    _user, client = clerk
    Document.objects.filter(pk=baoji_document.pk).update(status="draft")
    kinds = ("functionexpenditures", "economicexpenditures", "revenuelines", "statements")
    before = {
        kind: sorted(getattr(baoji_document, kind).values_list("pk", flat=True)) for kind in kinds
    }
    delete = reverse("admin:disclosures_document_delete", args=[baoji_document.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Document.objects.filter(pk=baoji_document.pk).exists()
    deleted = DeletedDocument.objects.get()
    assert deleted.deleted_by == _user

    trash = reverse("admin:review_deleteddocument_changelist")
    assert baoji_document.title in client.get(trash).content.decode()
    client.post(trash, {"action": "restore", "_selected_action": [deleted.pk]})
    restored = Document.objects.get(pk=baoji_document.pk)
    assert restored.status == "draft"
    after = {kind: sorted(getattr(restored, kind).values_list("pk", flat=True)) for kind in kinds}
    assert after == before
    line = restored.functionexpenditures.get(function__code="2010350", expense_type="running")
    assert line.amount == Decimal("40000.00")
    # Restored once only.
    client.post(trash, {"action": "restore", "_selected_action": [deleted.pk]})
    assert Document.objects.filter(organisation=restored.organisation).count() == 1


def test_a_correction_copies_every_row_and_its_links(baoji_document):
    """The copy holds every row the document owns, the rows those own (a target set's
    indicators), and a link between two of its rows (a target set's project) points at
    the copies, never back at the published document."""
    from budgets.performance.models import Indicator
    from budgets.review import corrections

    target_set = baoji_document.target_sets.first()
    target_set.project = baoji_document.projects.first()
    target_set.save()
    copy = corrections.start(baoji_document)
    linked = copy.target_sets.exclude(project=None).get()
    assert linked.project.document == copy and linked.project.name == target_set.project.name
    assert copy.target_sets.count() == baoji_document.target_sets.count() == 3
    indicators = Indicator.objects.filter(target_set__document=copy).count()
    assert indicators == Indicator.objects.filter(target_set__document=baoji_document).count()
    assert copy.functionexpenditures.count() == baoji_document.functionexpenditures.count()
