"""What every public page starts from: its base context, links to a document's pages, and
the headers of a download."""

from urllib.parse import quote

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse

from budgets import cdn

from .units import UNIT_SLUGS, chosen_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def base_context(request, **extra):
    """The template context of any public page: Chart.js (pinned, with its hash), the unit
    switch and the reader's unit, then the page's own ``extra``."""
    context = {"CHART_JS_URL": cdn.CHART_JS_URL, "CHART_JS_INTEGRITY": cdn.CHART_JS_INTEGRITY}
    context["units"] = list(UNIT_SLUGS.items())
    context["chosen_unit"] = chosen_unit(request)
    context.update(extra)
    return context


def document_kwargs(document, **extra):
    """reverse() kwargs of one of a document's pages: its organisation, year and stage."""
    return {
        "organisation": document.organisation_id,
        "year": document.year,
        "stage": document.stage,
        **extra,
    }


def doc_url(document):
    return reverse("browse:document", kwargs=document_kwargs(document))


def attachment(response, filename):
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for whatever a page links: the site's icon (its
    hashed static name is known only once the app runs, hence a view)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
