"""Issue 18: who may do what to a document, on every admin URL that could change it.

Each case posts (or gets) one URL as one role — anonymous, clerk (预算录入员), reviewer
(预算审核员), superuser — on a document in each state, and asserts the HTTP answer and
what became of the document. The same matrix is printed in the README (“Who may do what”).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures.models import Document, Template
from budgets.disclosures.roles import CLERK_GROUP, REVIEWER_GROUP
from budgets.review.models import DeletedDocument

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "clerk", "reviewer", "superuser")
STATUSES = ("draft", "submitted", "published", "withdrawn")

# Outcomes: "login" (sent to log in, nothing changes), "403" (refused, nothing changes),
# "same" (answered, nothing changes: a step the role or state does not allow), "ok" (the
# page is shown), or what the document becomes: a status, "saved", "deleted",
# "correction" (a correction of it is opened; the document itself unchanged).
LOCKED = {"published": "403", "withdrawn": "403"}
EDITABLE = {"draft": "saved", "submitted": "saved", **LOCKED}
SAME = dict.fromkeys(STATUSES, "same")
MATRIX = {
    "view": dict.fromkeys(ROLES[1:], dict.fromkeys(STATUSES, "ok")),
    "history": dict.fromkeys(ROLES[1:], dict.fromkeys(STATUSES, "ok")),
    "edit": {"clerk": EDITABLE, "reviewer": dict.fromkeys(STATUSES, "403"), "superuser": EDITABLE},
    "edit facts": {
        "clerk": EDITABLE,
        "reviewer": dict.fromkeys(STATUSES, "403"),
        "superuser": EDITABLE,
    },
    "delete": {
        "clerk": {"draft": "deleted", "submitted": "deleted", **LOCKED},
        "reviewer": dict.fromkeys(STATUSES, "403"),
        "superuser": {"draft": "deleted", "submitted": "deleted", **LOCKED},
    },
    # A document's rows reached on their own admin pages.
    "delete project": {
        "clerk": {"draft": "row deleted", "submitted": "row deleted", **LOCKED},
        "reviewer": dict.fromkeys(STATUSES, "403"),
        "superuser": {"draft": "row deleted", "submitted": "row deleted", **LOCKED},
    },
    "delete target set": {
        "clerk": {"draft": "row deleted", "submitted": "row deleted", **LOCKED},
        "reviewer": dict.fromkeys(STATUSES, "403"),
        "superuser": {"draft": "row deleted", "submitted": "row deleted", **LOCKED},
    },
    "bulk delete": {
        "clerk": {"draft": "deleted", "submitted": "deleted", **LOCKED},
        "reviewer": SAME,
        "superuser": {"draft": "deleted", "submitted": "deleted", **LOCKED},
    },
    "submit": {
        "clerk": {**SAME, "draft": "submitted", "withdrawn": "submitted"},
        "reviewer": SAME,
        "superuser": {**SAME, "draft": "submitted", "withdrawn": "submitted"},
    },
    "publish": {
        "clerk": SAME,
        "reviewer": {**SAME, "submitted": "published", "withdrawn": "published"},
        "superuser": {**SAME, "submitted": "published", "withdrawn": "published"},
    },
    "bulk publish": {
        "clerk": SAME,
        "reviewer": {**SAME, "submitted": "published", "withdrawn": "published"},
        "superuser": {**SAME, "submitted": "published", "withdrawn": "published"},
    },
    "return": {
        "clerk": SAME,
        "reviewer": {**SAME, "submitted": "draft"},
        "superuser": {**SAME, "submitted": "draft"},
    },
    "withdraw": {
        "clerk": SAME,
        "reviewer": {**SAME, "published": "withdrawn"},
        "superuser": {**SAME, "published": "withdrawn"},
    },
    "correct": {
        "clerk": {**SAME, "published": "correction", "withdrawn": "correction"},
        "reviewer": SAME,
        "superuser": {**SAME, "published": "correction", "withdrawn": "correction"},
    },
    "override": {
        "clerk": SAME,
        "reviewer": dict.fromkeys(STATUSES, "overridden"),
        "superuser": dict.fromkeys(STATUSES, "overridden"),
    },
}
for _action in MATRIX:
    MATRIX[_action]["anonymous"] = dict.fromkeys(STATUSES, "login")

#: The rows of a document with admin pages of their own: (admin URL name, relation).
ROW_ADMINS = {
    "delete project": ("disclosures_project", "projects"),
    "delete target set": ("performance_targetset", "target_sets"),
}

CASES = [(action, role, status) for action in MATRIX for role in ROLES for status in STATUSES]


def document_in(status, unit):
    """A small 宝鸡-template document whose checks pass, in ``status``."""
    template = Template.objects.create(code="matrix", name="测试模板")
    for code, name in (("201", "一般公共服务支出"), ("20103", "政府办公厅(室)及相关机构事务")):
        FunctionCode.objects.create(year=2023, code=code, name=name)
    function = FunctionCode.objects.create(year=2023, code="2010350", name="事业运行")
    DepartmentEconomicCode.objects.create(year=2023, code="301", name="工资福利支出")
    economic = DepartmentEconomicCode.objects.create(year=2023, code="30101", name="基本工资")
    dated = {"published_on": date(2023, 2, 1)} if status in ("published", "withdrawn") else {}
    document = Document.objects.create(
        organisation=unit,
        year=2023,
        scope="unit",
        template=template,
        title="测试单位2023年预算",
        amount_unit="元",
        status=status,
        **dated,
    )
    document.revenuelines.create(source="general_public", amount=Decimal("300.00"))
    document.functionexpenditures.create(
        function=function, source="general_public", expense_type="personnel", amount=300
    )
    document.economicexpenditures.create(
        dept_economic=economic, source="general_public", expense_type="personnel", amount=300
    )
    document.projects.create(organisation=unit, name="测试项目", amount=0)
    document.target_sets.create(kind="unit_overall", name="测试单位")
    return document


def client_for(role):
    client = Client()
    if role == "anonymous":
        return client
    if role == "superuser":
        user = User.objects.create_superuser("root", password="pw")
    else:
        user = User.objects.create_user(role, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name={"clerk": CLERK_GROUP}.get(role, REVIEWER_GROUP)))
    client.force_login(user)
    return client


def request(client, action, document):
    """The request ``action`` makes, as the admin's own pages would send it."""
    change = reverse("admin:disclosures_document_change", args=[document.pk])
    changelist = reverse("admin:disclosures_document_changelist")
    if action == "view":
        return client.get(change)
    if action == "history":
        return client.get(reverse("admin:disclosures_document_history", args=[document.pk]))
    if action == "edit":
        return client.post(change, document_form(document, title="改过的标题"))
    if action == "edit facts":
        line = document.revenuelines.get()
        return client.post(
            change + "?facts=revenueline",
            {
                "base_version": document.version,
                "revenuelines-TOTAL_FORMS": "1",
                "revenuelines-INITIAL_FORMS": "1",
                "revenuelines-0-id": line.pk,
                "revenuelines-0-document": document.pk,
                "revenuelines-0-source": "general_public",
                "revenuelines-0-amount": "301.00",
            },
        )
    if action == "delete":
        delete = reverse("admin:disclosures_document_delete", args=[document.pk])
        return client.post(delete, {"post": "yes"})
    if action in ROW_ADMINS:
        name, rows = ROW_ADMINS[action]
        delete = reverse(f"admin:{name}_delete", args=[getattr(document, rows).get().pk])
        return client.post(delete, {"post": "yes"})
    if action.startswith("bulk "):
        chosen = {"delete": "delete_selected", "publish": "publish"}[action.split()[1]]
        return client.post(
            changelist, {"action": chosen, "_selected_action": [document.pk], "post": "yes"}
        )
    workflow = reverse("admin:disclosures_document_workflow", args=[document.pk, action])
    return client.post(workflow, {"override_reason": "文件原样"})


def document_form(document, **changes):
    fields = {
        "organisation": document.organisation_id,
        "year": document.year,
        "stage": document.stage,
        "scope": document.scope,
        "title": document.title,
        "template": document.template_id,
        "amount_unit": document.amount_unit,
        "amount_places": document.amount_places,
        "base_version": document.version,
    }
    return {**fields, **changes}


def outcome(response, document, before):
    """What the request did, in the matrix's words."""
    if response.status_code == 302 and "/admin/login/" in response.get("Location", ""):
        return "login"
    if response.status_code == 403:
        return "403"
    if not Document.objects.filter(pk=document.pk).exists():
        return "deleted" if DeletedDocument.objects.filter(document_id=document.pk) else "gone"
    after = Document.objects.get(pk=document.pk)
    if not after.projects.exists() or not after.target_sets.exists():
        return "row deleted"
    if Document.objects.filter(corrects=document).exists():
        return "correction"
    if after.overrides.exists():
        return "overridden"
    if after.status != before.status:
        return after.status
    if (after.title, after.version) != (before.title, before.version) or revenue(after) != revenue(
        before
    ):
        return "saved"
    return (
        "ok"
        if response.status_code == 200 and response.request["REQUEST_METHOD"] == "GET"
        else "same"
    )


def revenue(document):
    return list(document.revenuelines.values_list("amount", flat=True))


@pytest.mark.parametrize(("action", "role", "status"), CASES)
def test_permission_matrix(action, role, status, baoji_unit):
    document = document_in(status, baoji_unit)
    before = Document.objects.get(pk=document.pk)
    before_revenue = revenue(before)
    response = request(client_for(role), action, document)
    assert response.status_code < 500
    assert outcome(response, document, before) == MATRIX[action][role][status]
    unchanged = MATRIX[action][role][status] in ("login", "403", "same", "ok", "correction")
    if unchanged and Document.objects.filter(pk=document.pk).exists():
        after = Document.objects.get(pk=document.pk)
        assert (after.status, after.title) == (before.status, before.title)
        assert revenue(after) == before_revenue
