"""What the public pages show of the review: a staff preview of an unpublished document,
the 已更正 note with a link to the earlier revision (a browse page), and the 数据核对 panel
(findings)."""

from django.urls import reverse

from budgets.disclosures.models import Document

from . import checks
from .models import Revision

PREVIEW_PARAM = "preview"


def can_preview(user):
    return user.is_authenticated and user.is_staff and user.has_perm("disclosures.view_document")


def preview_document(request, organisation, year):
    """The document named by ``?preview=<id>`` for staff who may view it, else None (the
    public, and anyone else, get the published page or its 404)."""
    wanted = request.GET.get(PREVIEW_PARAM, "")
    if not wanted.isdigit() or not can_preview(request.user):
        return None
    return (
        Document.objects.select_related("organisation__region", "organisation__parent", "template")
        .filter(pk=wanted, organisation_id=organisation, year=year)
        .first()
    )


def findings_of(document):
    """The stored findings, as the public 数据核对 panel and the API show them."""
    return [
        {
            "severity": checks.severity_of(finding.message),
            "table": finding.table or None,
            "row": finding.row or None,
            "message": finding.message,
        }
        for finding in document.findings.order_by("pk")
    ]


def revision_url(document, number):
    return reverse(
        "browse:revision",
        kwargs={
            "organisation": document.organisation_id,
            "year": document.year,
            "number": number,
        },
    )


def corrections_url(document):
    kwargs = {"organisation": document.organisation_id, "year": document.year}
    return reverse("browse:corrections", kwargs={**kwargs, "stage": document.stage})


def correction_of(document):
    """The latest correction of a published document (its revision number and date, the
    earlier revision), or None; withdrawal and republication leave it in place."""
    latest = document.revisions.filter(kind=Revision.Kind.CORRECTED).order_by("-number").first()
    if latest is None:
        return None
    return {
        "number": latest.number,
        "date": latest.started_at,
        "earlier": latest.number - 1,
        "url": revision_url(document, latest.number - 1),
        "log_url": corrections_url(document),
    }


def correction_log(document):
    """Every revision, oldest first, each correction with its changes cell by cell."""
    return list(document.revisions.select_related("by").order_by("number"))


def document_context(request, document, preview):
    findings = findings_of(document)
    return {
        "preview": preview,
        "correction": correction_of(document),
        "findings": findings,
        "findings_errors": sum(1 for item in findings if item["severity"] == "error"),
    }
