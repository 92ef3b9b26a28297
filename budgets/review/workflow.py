"""The review workflow: draft → submitted → published, and withdrawn.

Who may do what is a permission (roles.py), never a group name:
- submit (``disclosures.submit_document``): a draft or withdrawn document goes to review;
- publish (``disclosures.publish_document``): a submitted or withdrawn document is
  published; also return a submitted document to draft, and override failing checks;
- withdraw (``disclosures.withdraw_document``): a published document leaves the site;
- correct (``disclosures.change_document``): a published or withdrawn document gets a
  correction (``corrections``), a draft copy that goes through the same steps; publishing
  it approves the correction.

Submitting and publishing run the checks (checks.py); errors block unless a reviewer's
override covers them. Each step records the date and who, and raises the version so an
open edit form of the document notices.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures import catalogue
from budgets.disclosures.models import Document
from budgets.summaries import kept

from . import checks, corrections
from .corrections import next_number, record_baseline
from .models import Override, Revision

Status = Document.Status

PERMISSIONS = {
    "submit": "disclosures.submit_document",
    "publish": "disclosures.publish_document",
    "return": "disclosures.publish_document",
    "override": "disclosures.publish_document",
    "withdraw": "disclosures.withdraw_document",
    "correct": "disclosures.change_document",
}
FROM = {
    "submit": {Status.DRAFT, Status.WITHDRAWN},
    "publish": {Status.SUBMITTED, Status.WITHDRAWN},
    "return": {Status.SUBMITTED},
    "withdraw": {Status.PUBLISHED},
    "correct": {Status.PUBLISHED, Status.WITHDRAWN},
}


class WorkflowError(Exception):
    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


def allowed(user, action, document=None):
    if not user.has_perm(PERMISSIONS[action]):
        return False
    return document is None or action not in FROM or document.status in FROM[action]


def _require(user, action, document):
    if not user.has_perm(PERMISSIONS[action]):
        raise WorkflowError(_("您没有权限执行此操作。"))
    if action in FROM and document.status not in FROM[action]:
        raise WorkflowError(
            _("《%(title)s》当前为“%(status)s”，不能%(action)s。")
            % {
                "title": document.title,
                "status": document.get_status_display(),
                "action": ACTION_NAMES[action],
            }
        )


#: Lazy: read at import, shown in the language of each request.
ACTION_NAMES = {
    "submit": gettext_lazy("提交审核"),
    "publish": gettext_lazy("发布"),
    "return": gettext_lazy("退回修改"),
    "withdraw": gettext_lazy("撤回"),
    "override": gettext_lazy("放行"),
    "correct": gettext_lazy("更正"),
}


def _blocking(document):
    problems = checks.check(document)
    return checks.blocking(document, problems)


def _save(document, fields):
    current = Document.objects.select_for_update().values_list("version", flat=True)
    document.version = current.get(pk=document.pk) + 1
    document.save(update_fields=[*fields, "version"])


@transaction.atomic
def submit(document, user):
    _require(user, "submit", document)
    errors = _blocking(document)
    if errors:
        raise WorkflowError(
            _("《%(title)s》未提交：核对发现 %(n)d 个问题，须改正或由审核员写明理由放行。")
            % {"title": document.title, "n": len(errors)},
            errors,
        )
    document.status = Status.SUBMITTED
    document.submitted_on = timezone.localdate()
    document.submitted_by = user
    _save(document, ["status", "submitted_on", "submitted_by"])


@transaction.atomic
def publish(document, user):
    """Publish a document (its first publication keeps its date through withdrawal and
    republication), or approve a correction: the document it corrects then changes."""
    _require(user, "publish", document)
    errors = _blocking(document)
    if errors:
        raise WorkflowError(
            _("《%(title)s》未发布：核对发现 %(n)d 个问题，须改正或写明理由放行。")
            % {"title": document.title, "n": len(errors)},
            errors,
        )
    if document.corrects_id:
        corrected, _revision = corrections.approve(document, user)
        catalogue.settle_document(corrected)
        kept.summarise([corrected.pk])
        return
    now = timezone.now()
    document.status = Status.PUBLISHED
    document.published_on = document.published_on or timezone.localdate()
    document.published_by = user
    _save(document, ["status", "published_on", "published_by"])
    catalogue.settle_document(document)
    kept.summarise([document.pk])
    record_baseline(document, now - timedelta(microseconds=1))
    Revision.objects.create(
        document=document,
        number=next_number(document),
        kind=Revision.Kind.PUBLISHED,
        started_at=now,
        by=user,
    )


@transaction.atomic
def return_to_draft(document, user):
    _require(user, "return", document)
    document.status = Status.DRAFT
    _save(document, ["status"])


@transaction.atomic
def withdraw(document, user):
    _require(user, "withdraw", document)
    document.status = Status.WITHDRAWN
    document.withdrawn_on = timezone.localdate()
    document.withdrawn_by = user
    _save(document, ["status", "withdrawn_on", "withdrawn_by"])
    kept.summarise([document.pk])


@transaction.atomic
def override(document, user, reason):
    """Let the document's current errors go on, for the reason given (kept)."""
    _require(user, "override", document)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("放行须写明理由。"))
    problems = [problem for problem in checks.check(document) if problem.is_error]
    return Override.objects.create(
        document=document, reason=reason, errors=[problem.key for problem in problems], by=user
    )


def correct(document, user):
    """Open (or return) the correction of a published or withdrawn document."""
    _require(user, "correct", document)
    return corrections.start(document)


ACTIONS = {
    "submit": submit,
    "publish": publish,
    "return": return_to_draft,
    "withdraw": withdraw,
    "correct": correct,
}
