"""The read-only JSON API over published documents.

Codes are one full code (``2011301``) even where a document prints 类/款/项 columns;
amounts are decimal strings in the table's unit (the document's, or the template's
where it fixes one); blank cells are null. Never floats.

Methods, CORS, JSON errors and paging are ``budgets.web.api``'s (its ``api_view`` is
applied to every route in urls.py); the routes are described for OpenAPI in ``schema.py``.
"""

import json
import re

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.browse.data import LARGEST_ID, projects_of, published_documents
from budgets.browse.render import json_table
from budgets.bulk import links as bulk_links
from budgets.disclosures import tables
from budgets.disclosures.models import Document
from budgets.review.public import findings_of
from budgets.summaries.models import DocumentSummary, RegionSummary
from budgets.web.api import (
    DIGITS,
    NotFound,
    QueryValueError,
    bad_request,
    json_response,
    page_of,
    query_value,
)
from budgets.web.pages import base_context

from . import schema
from .projects import project_json

#: The list's order: region, organisation, year; the id last makes it total (stable pages).
#: Each document's summary keeps the codes, so that one index (``summary_listing``) serves
#: it and a page reads its own rows only.
ORDER = ("region_code", "organisation_code", "year", "document")

YEAR = re.compile(r"[0-9]{4}")
REGION = re.compile(r"[0-9]{6}")


def absolute(request, path):
    return request.build_absolute_uri(path)


def document_summary(request, document):
    organisation = document.organisation
    return {
        "id": document.pk,
        "title": document.title,
        "organisation": organisation.name,
        "organisation_id": organisation.pk,
        "organisation_code": organisation.code or None,
        "region": organisation.region.name,
        "region_code": organisation.region.code,
        "year": document.year,
        "scope": document.scope,
        "stage": document.stage,
        "amount_unit": document.amount_unit,
        "url": absolute(request, reverse("api:document", kwargs={"pk": document.pk})),
    }


def document_or_404(pk):
    if not 0 <= pk <= LARGEST_ID:
        raise NotFound(_("没有这个已公开的文件。"))
    document = published_documents().prefetch_related("template__tables").filter(pk=pk).first()
    if document is None:
        raise NotFound(_("没有这个已公开的文件。"))
    return document


def filtered(request):
    """Q over published documents' summaries of the filters in the query string;
    QueryValueError for a value no document could have."""
    conditions = Q()
    if (year := query_value(request, "year")) is not None:
        if not YEAR.fullmatch(year):
            raise QueryValueError("year", _("year 须为四位数字的年度，如 2025。"))
        conditions &= Q(year=int(year))
    if (region := query_value(request, "region")) is not None:
        if not REGION.fullmatch(region):
            raise QueryValueError("region", _("region 须为六位数字的行政区划代码，如 310107。"))
        # The region and its children (市 under 省, 区县 under 市): regions nest at most
        # three deep, so two parents reach every region under a province.
        conditions &= (
            Q(region__code=region)
            | Q(region__parent__code=region)
            | Q(region__parent__parent__code=region)
        )
    if (organisation := query_value(request, "organisation")) is not None:
        if not DIGITS.fullmatch(organisation) or int(organisation) > LARGEST_ID:
            raise QueryValueError("organisation", _("organisation 须为部门或单位的编号（整数）。"))
        conditions &= Q(organisation_id=int(organisation))
    for name, choices in (("scope", Document.Scope), ("stage", Document.Stage)):
        if (value := query_value(request, name)) is not None:
            if value not in choices.values:
                raise QueryValueError(
                    name,
                    _("%(name)s 须为以下之一：%(values)s。")
                    % {"name": name, "values": ", ".join(choices.values)},
                )
            conditions &= Q(**{name: value})
    return conditions


def documents(request):
    """GET /api/documents/: the published documents, filtered, one page at a time.

    One COUNT (unfiltered: the kept count, from a few rows), the page's ids from the
    summaries' index with a LIMIT and, when there are any, their documents."""
    try:
        conditions = filtered(request)
        listed = DocumentSummary.objects.filter(conditions)
        count = listed.count() if conditions else RegionSummary.published_documents()
        page = page_of(request, count)
    except QueryValueError as error:
        return bad_request(error.parameter, error.message)
    # the page's ids in their order, then their documents (a summary only a withdrawal in
    # progress has not yet rewritten is left out, never shown)
    on_page = listed.order_by(*ORDER).values_list("document", flat=True)[page.items]
    on_page = list(on_page) if count else []
    found = published_documents().in_bulk(on_page) if on_page else {}
    rows = [found[pk] for pk in on_page if pk in found]
    return json_response(
        {**page.links, "results": [document_summary(request, document) for document in rows]}
    )


def document(request, pk):
    """GET /api/documents/<id>/: the document and its tables."""
    document = document_or_404(pk)
    payload = document_summary(request, document)
    payload["html_url"] = absolute(
        request,
        reverse(
            "browse:document",
            kwargs={
                "organisation": document.organisation_id,
                "year": document.year,
                "stage": document.stage,
            },
        ),
    )
    titles = {note.table_id: note.title for note in document.tablenotes.all() if note.title}
    payload["tables"] = [
        {
            "number": table.number,
            "title": titles.get(table.pk) or table.title,
            "url": absolute(
                request, reverse("api:table", kwargs={"pk": document.pk, "n": table.position})
            ),
        }
        for table in document.template.tables.all()
    ]
    payload["findings"] = findings_of(document)
    payload["projects"] = [
        project_json(request, document, entry) for entry in projects_of(document)
    ]
    return json_response(payload)


def table(request, pk, n):
    """GET /api/documents/<id>/tables/<n>/: one table (n = its place in the template)."""
    document = document_or_404(pk)
    positions = {table.position for table in document.template.tables.all()}
    published = tables.published_table(tables.load_facts(document), n) if n in positions else None
    if published is None:
        raise NotFound(_("该文件的公开模板没有这张表。"))
    return json_response(json_table(published))


def openapi(request):
    """GET /api/schema/: the OpenAPI 3.1 description of every /api/ route."""
    return json_response(schema.document(request))


def docs(request):
    """GET /api/docs/: the OpenAPI description as a page (no script: the CSP allows none),
    and the bulk downloads beside the API."""
    description = schema.document(request)
    context = base_context(
        request,
        api=description,
        operations=schema.operations(description),
        bulk=bulk_links.downloads(),
    )
    for operation in context["operations"]:
        for response in operation["responses"]:
            if "example" in response:
                response["example_text"] = json.dumps(
                    response["example"], ensure_ascii=False, indent=2
                )
    return render(request, "api/docs.html", context)
