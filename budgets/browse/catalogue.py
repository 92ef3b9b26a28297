"""The public catalogue pages: each year's classification names and where they come from."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures import catalogue
from budgets.web.pages import base_context

from . import data

#: The catalogues a document's tables print names from, by the drill-down's slug.
CATALOGUES = {"function": FunctionCode, "dept-economic": DepartmentEconomicCode}


def index(request):
    years = sorted(
        set(FunctionCode.objects.values_list("year", flat=True))
        | set(DepartmentEconomicCode.objects.values_list("year", flat=True)),
        reverse=True,
    )
    schemes = [data.SCHEMES[slug] for slug in CATALOGUES]
    return render(
        request, "browse/catalogue_index.html", base_context(request, years=years, schemes=schemes)
    )


def year_catalogue(request, year, scheme):
    model = CATALOGUES.get(scheme)
    if model is None or not model.objects.filter(year=year).exists():
        raise Http404(_("没有这一年的这种科目目录。"))
    context = base_context(
        request,
        year=year,
        scheme=data.SCHEMES[scheme],
        entries=catalogue.entries(model, year),
        national_since=catalogue.NATIONAL_ECONOMIC_SINCE,
        sources=model.Source,
    )
    return render(request, "browse/catalogue.html", context)
