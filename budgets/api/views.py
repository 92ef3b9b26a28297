"""The read-only JSON API over published documents.

Codes are one full code (``2011301``) even where a document prints 类/款/项 columns;
amounts are decimal strings in the table's unit (the document's, or the template's
where it fixes one); blank cells are null. Never floats.
"""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from budgets.browse.data import published_documents
from budgets.browse.render import json_table
from budgets.disclosures import tables
from budgets.review.public import findings_of


def absolute(request, path):
    return request.build_absolute_uri(path)


def document_summary(request, document):
    organisation = document.organisation
    return {
        "id": document.pk,
        "organisation": organisation.name,
        "organisation_code": organisation.code or None,
        "region": organisation.region.name,
        "year": document.year,
        "scope": document.scope,
        "stage": document.stage,
        "amount_unit": document.amount_unit,
        "url": absolute(request, reverse("api:document", kwargs={"pk": document.pk})),
    }


def json_response(payload):
    return JsonResponse(payload, safe=False, json_dumps_params={"ensure_ascii": False})


def document_or_404(pk):
    document = published_documents().prefetch_related("template__tables").filter(pk=pk).first()
    if document is None:
        raise Http404("No published document with this id.")
    return document


@require_GET
def documents(request):
    """GET /api/documents/: every published document."""
    documents = published_documents().order_by(
        "organisation__region__code", "organisation__code", "year", "pk"
    )
    return json_response([document_summary(request, document) for document in documents])


@require_GET
def document(request, pk):
    """GET /api/documents/<id>/: the document and its tables."""
    document = document_or_404(pk)
    payload = document_summary(request, document)
    payload["title"] = document.title
    payload["html_url"] = absolute(
        request,
        reverse(
            "browse:document",
            kwargs={"organisation": document.organisation_id, "year": document.year},
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
    return json_response(payload)


@require_GET
def table(request, pk, n):
    """GET /api/documents/<id>/tables/<n>/: one table (n = its place in the template)."""
    document = document_or_404(pk)
    published = tables.published_table(tables.load_facts(document), n)
    if published is None:
        raise Http404("This document's template has no such table.")
    return json_response(json_table(published))
