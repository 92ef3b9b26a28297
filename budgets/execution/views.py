"""Budget against spending pages: thin, the pairing is in ``queries`` and ``arithmetic``."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.regions import queries as regions
from budgets.regions.views import crumbs
from budgets.web.pages import base_context, doc_url
from budgets.web.units import chosen_unit, display_unit, places_for

from . import queries
from .arithmetic import FROM_BUDGET, FULL_YEAR_BUDGET, INITIAL_BUDGET


def organisation_year(request, organisation, year):
    found = queries.organisation_execution(organisation, year)
    documents = [d for d in (found.final_document, found.budget_document) if d is not None]
    unit = chosen_unit(request) or found.final_document.amount_unit
    context = base_context(
        request,
        organisation=found.final_document.organisation,
        year=year,
        found=found,
        execution=found.execution,
        final_url=doc_url(found.final_document),
        budget_url=doc_url(found.budget_document) if found.budget_document else "",
        unit=unit,
        places=places_for(documents, unit),
        budget_label=budget_label(found.execution),
        stated_quote=queries.stated_quote(found.final_document),
    )
    return render(request, "execution/organisation.html", context)


def budget_label(execution):
    """The budget column's name: the budget document's, or what the 决算 calls the figures
    it prints (年初预算 or 全年预算; a unit set up during the year prints 全年预算)."""
    if execution.basis == FROM_BUDGET:
        return _("预算数")
    if execution.printed_bases == (FULL_YEAR_BUDGET,):
        return _("决算文件所列全年预算数")
    if execution.printed_bases == (INITIAL_BUDGET,):
        return _("决算文件所列年初预算数")
    return _("决算文件所列预算数（年初或全年，见各行）")


def execution_url(document):
    return reverse(
        "execution:organisation_year",
        kwargs={"organisation": document.organisation_id, "year": document.year},
    )


def region_year(request, code, year):
    region = regions.region_or_404(code)
    found = queries.region_execution(region, year, request.GET.get("page"))
    for entry in found.entries:
        entry.url = execution_url(entry.document)
    unit = display_unit(request, found.amount_units)
    context = base_context(
        request,
        region=region,
        year=year,
        entries=found.entries,
        page=found.page,
        rule=regions.RULE,
        unit=unit,
        places=places_for(found.amount_units, unit),
        crumbs=crumbs(region, year, _("预算执行")),
        year_url=reverse("regions:year", args=[region.code, year]),
    )
    return render(request, "execution/region.html", context)
