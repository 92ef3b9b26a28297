"""JSON twins of the region pages. Amounts are decimal strings in 元 (two places), never
floats; a figure not published is null."""

from decimal import Decimal

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from budgets.browse.views import doc_url

from . import queries

CENT = Decimal("0.01")


def yuan(amount):
    return None if amount is None else str(Decimal(amount).quantize(CENT))


def percent(value):
    return None if value is None else str(Decimal(value).quantize(CENT))


def region_json(region):
    return {"code": region.code, "name": region.name, "full_name": region.full_name}


def document_json(request, document):
    return {
        "id": document.pk,
        "organisation": document.organisation.name,
        "organisation_code": document.organisation.code or None,
        "region": document.organisation.region.code,
        "scope": document.scope,
        "year": document.year,
        "url": request.build_absolute_uri(reverse("api:document", kwargs={"pk": document.pk})),
        "html_url": request.build_absolute_uri(doc_url(document)),
    }


def respond(payload):
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def region_year(request, code, year):
    """GET /api/regions/<code>/<year>/: the region's totals, by 类, and its departments."""
    region = queries.region_or_404(code)
    found = queries.region_year(region, year)
    return respond(
        {
            "region": region_json(region),
            "year": year,
            "amount_unit": "元",
            "rule": str(queries.RULE),
            "document_count": len(found.documents),
            "total": yuan(found.total),
            "by_function": [
                {"code": item.code, "name": item.name, "amount": yuan(item.amount)}
                for item in found.by_function
            ],
            "by_dept_economic": [
                {"code": item.code, "name": item.name, "amount": yuan(item.amount)}
                for item in found.by_economic
            ],
            "departments": [
                {
                    **document_json(request, entry.document),
                    "rank": entry.rank,
                    "total": yuan(entry.total),
                    "prior_year": entry.prior_year,
                    "prior_total": yuan(entry.prior_total),
                    "change": yuan(entry.change),
                    "percent_change": percent(entry.percent),
                }
                for entry in found.departments
            ],
            "not_counted": [document_json(request, document) for document in found.left_out],
            "three_public_url": request.build_absolute_uri(
                reverse("api:region_three_public", args=[code, year])
            ),
        }
    )


@require_GET
def three_public(request, code, year):
    """GET /api/regions/<code>/<year>/three-public/: each department's “三公”经费 etc."""
    region = queries.region_or_404(code)
    rows, total, _documents = queries.three_public(region, year)
    names = ["three_public", *(name for name, _label in queries.THREE_PUBLIC_COLUMNS[1:])]

    def amounts(row):
        return {name: yuan(getattr(row, name)) for name in names}

    return respond(
        {
            "region": region_json(region),
            "year": year,
            "amount_unit": "元",
            "rule": str(queries.RULE),
            "departments": [
                {
                    **document_json(request, row.document),
                    **amounts(row),
                    "prior_year": row.prior_year,
                    "prior_three_public": yuan(row.prior_three_public),
                    "change": yuan(row.change),
                    "percent_change": percent(row.percent),
                }
                for row in rows
            ],
            "total": amounts(total),
        }
    )
