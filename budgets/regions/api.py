"""JSON twins of the region pages. Amounts are decimal strings in 元 (two places), never
floats; a figure not published is null."""

from decimal import Decimal
from functools import partial

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from budgets.disclosures import arithmetic
from budgets.web.api import QueryValueError, bad_request, page_of
from budgets.web.pages import doc_url

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


def compared(row, figure, prior_figure):
    """A row's comparison with its prior year (``queries.compare_*``): the year, the prior
    figure, the change and the change in percent of the prior figure."""
    prior = getattr(row, prior_figure)
    return {
        "prior_year": row.prior_year,
        prior_figure: yuan(prior),
        "change": yuan(row.change),
        "percent_change": percent(arithmetic.percent_change(prior, getattr(row, figure))),
    }


def paged(request, count):
    """``web.api.page_of``, or the JSON 400 for a bad ``?page=``/``?page_size=``."""
    try:
        return page_of(request, count, default_size=queries.PAGE_SIZE), None
    except QueryValueError as error:
        return None, bad_request(error.parameter, error.message)


@require_GET
def region_year(request, code, year):
    """GET /api/regions/<code>/<year>/: the region's totals, by 类, and a page of its
    departments (``?page=``, ``?page_size=``), ranked by total."""
    region = queries.region_or_404(code)
    found = queries.region_year(region, year)
    page, error = paged(request, found.document_count)
    if error:
        return error
    return respond(
        {
            "region": region_json(region),
            "year": year,
            "amount_unit": "元",
            "rule": str(queries.RULE),
            "document_count": found.document_count,
            "total": yuan(found.total),
            "by_function": [
                {"code": item.code, "name": item.name, "amount": yuan(item.amount)}
                for item in found.by_function
            ],
            "by_dept_economic": [
                {"code": item.code, "name": item.name, "amount": yuan(item.amount)}
                for item in found.by_economic
            ],
            "departments": {
                **page.links,
                "results": [
                    {
                        **document_json(request, row),
                        "rank": row.rank,
                        "total": yuan(row.total),
                        **compared(row, "total", "prior_total"),
                    }
                    for row in queries.compare_departments(list(found.departments[page.items]))
                ],
            },
            "not_counted_count": found.left_out_count,
            "not_counted": [document_json(request, document) for document in found.left_out],
            "three_public_url": request.build_absolute_uri(
                reverse("api:region_three_public", args=[code, year])
            ),
        }
    )


@require_GET
def three_public(request, code, year):
    """GET /api/regions/<code>/<year>/three-public/: a page of the departments' “三公”经费
    etc. (``?page=``, ``?page_size=``), largest first, and the sums of every department."""
    region = queries.region_or_404(code)
    found = queries.three_public(region, year)
    page, error = paged(request, found.rows.count())
    if error:
        return error
    names = ["three_public", *(name for name, _label in queries.THREE_PUBLIC_COLUMNS[1:])]

    def amounts(value_of):
        return {name: yuan(value_of(name)) for name in names}

    return respond(
        {
            "region": region_json(region),
            "year": year,
            "amount_unit": "元",
            "rule": str(queries.RULE),
            "departments": {
                **page.links,
                "results": [
                    {
                        **document_json(request, row.document),
                        **amounts(partial(getattr, row)),
                        **compared(row, "three_public", "prior_three_public"),
                    }
                    for row in queries.compare_three_public(list(found.rows[page.items]))
                ],
            },
            "total": amounts(found.total.get),
        }
    )
