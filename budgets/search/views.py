"""The search page: thin, the work is in ``queries``."""

from django.shortcuts import render

from budgets.web.pages import base_context

from . import queries


def search(request):
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    found = queries.search(query, kind, request.GET.get("page", 1))
    context = base_context(request, query=found.query, found=found, kinds=queries.KINDS)
    return render(request, "search/results.html", context)
