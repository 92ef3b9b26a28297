"""One sample URL of every public page type, from the published documents in the database.

Used by the ``screenshots`` and ``benchmark_pages`` commands, so both cover the same pages.
"""

from django.db.models import Count
from django.urls import reverse

from budgets.browse import data
from budgets.disclosures.models import FunctionExpenditure
from budgets.performance.models import TargetSet
from budgets.web.pages import document_kwargs


def sample_pages():
    """[(name, path)] of every page type, for one document of each template (and scope)."""
    pages = [("home", reverse("browse:home")), ("search", reverse("browse:search") + "?q=办公室")]
    seen = set()
    documents = data.published_documents().annotate(years=Count("organisation__documents"))
    # Per template and scope, the organisation with the most years (so comparisons show).
    for document in documents.order_by("template__code", "scope", "-years", "-year"):
        key = (document.template_id, document.scope)
        if key in seen:
            continue
        seen.add(key)
        slug = f"{document.template.code}-{document.scope}-{document.year}"
        organisation, year = document.organisation_id, document.year
        args = document_kwargs(document)
        first = (
            FunctionExpenditure.objects.filter(document=document)
            .values_list("function__code", flat=True)
            .order_by("function__code")
            .first()
        )
        pages += [
            (f"{slug}-organisation", reverse("browse:organisation", args=[organisation])),
            (f"{slug}-document", reverse("browse:document", kwargs=args)),
            (
                f"{slug}-drill-function",
                reverse("browse:drill", kwargs={**args, "scheme": "function"}),
            ),
            (
                f"{slug}-drill-economic",
                reverse("browse:drill", kwargs={**args, "scheme": "dept-economic"}),
            ),
            (f"{slug}-tables", reverse("browse:tables", kwargs=args)),
            (f"{slug}-table-1", reverse("browse:table", kwargs={**args, "position": 1})),
            (f"{slug}-compare-years", reverse("browse:compare_years", args=[organisation])),
        ]
        if first:
            pages += [
                (
                    f"{slug}-drill-function-class",
                    reverse(
                        "browse:drill_code",
                        kwargs={**args, "scheme": "function", "code": first[:3]},
                    ),
                ),
                (
                    f"{slug}-ranking",
                    reverse(
                        "browse:ranking",
                        kwargs={"scheme": "function", "year": year, "code": first[:3]},
                    ),
                ),
            ]
        department = document.organisation.parent_id or (
            organisation if document.scope == "department" else None
        )
        if department and document.stage == "budget":  # units are compared by budget
            pages.append(
                (
                    f"{slug}-units",
                    reverse(
                        "browse:compare_units", kwargs={"organisation": department, "year": year}
                    ),
                )
            )
        if document.template.code.startswith("shaanxi"):
            pages.append(
                (f"{slug}-table-13", reverse("browse:table", kwargs={**args, "position": 13}))
            )
    return pages + project_pages()


def project_pages():
    """The projects page and one project's page of a document that prints 绩效目标 forms."""
    targets = TargetSet.objects.filter(
        as_printed=True, document__in=data.published_documents()
    ).select_related("document")
    target = targets.order_by("document_id", "project__position").first()
    if target is None:
        return []
    args = document_kwargs(target.document)
    return [
        ("projects", reverse("browse:projects", kwargs=args)),
        ("project", reverse("browse:project", kwargs={**args, "number": target.project.position})),
    ]
