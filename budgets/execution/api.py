"""GET /api/organisations/<id>/<year>/execution/: the execution page as JSON. Amounts are
decimal strings in 元 (two places), rates decimal strings in percent; never floats; a
figure not published is null."""

from django.urls import reverse

from budgets.regions.api import document_json, percent, respond, yuan

from . import queries
from .views import execution_url


def stated_json(stated):
    if stated is None:
        return None
    return {
        "basis": stated.basis or None,
        "budget": yuan(stated.budget),
        "completion_percent": percent(stated.rate),
        "reason": stated.reason or None,
    }


def organisation_year(request, organisation, year):
    found = queries.organisation_execution(organisation, year, budget_only=True)
    execution = found.execution
    final = found.final_document
    any_document = final or found.budget_document
    return respond(
        {
            "organisation_id": any_document.organisation_id,
            "organisation": any_document.organisation.name,
            "year": year,
            "amount_unit": "元",
            "basis": execution.basis,
            "final_accounts": document_json(request, final) if final else None,
            "budget": document_json(request, found.budget_document)
            if found.budget_document
            else None,
            "total": {
                "budget": yuan(execution.budget),
                "final": yuan(execution.final),
                "difference": yuan(execution.difference),
                "execution_rate": percent(execution.rate),
                "stated": stated_json(execution.stated),
            },
            "rows": [
                {
                    "code": row.code,
                    "name": str(row.name),
                    "budget": yuan(row.budget),
                    "final": yuan(row.final),
                    "difference": yuan(row.difference),
                    "execution_rate": percent(row.rate),
                    "stated": stated_json(row.stated),
                }
                for row in execution.rows
            ],
            "html_url": request.build_absolute_uri(execution_url(final)) if final else None,
            "api_documents_url": request.build_absolute_uri(
                reverse("api:documents")
                + f"?organisation={any_document.organisation_id}&year={year}"
            ),
        }
    )
