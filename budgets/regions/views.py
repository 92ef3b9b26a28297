"""Region pages: thin, the sums are in ``queries``."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from budgets.browse import data, names
from budgets.browse import render as renderers
from budgets.disclosures.models import Document
from budgets.disclosures.tables.common import Column, PublishedTable, Row
from budgets.web.api import MAX_PAGE_SIZE
from budgets.web.charts import chart_block
from budgets.web.pages import XLSX, attachment, base_context, doc_url
from budgets.web.units import chosen_unit, display_unit, places_for, unit_label

from . import queries
from .tables import ClassTable, DepartmentTable, three_public_table


def crumbs(region, year=None, last=None):
    """[(label, url)] from the home page to this page (the last without a link)."""
    trail = [(_("首页"), reverse("browse:home"))]
    for parent in queries.ancestors(region):
        trail.append((parent.name, reverse("regions:region", args=[parent.code])))
    trail.append((region.name, reverse("regions:region", args=[region.code])))
    if year:
        trail.append(
            (_("%(year)s年") % {"year": year}, reverse("regions:year", args=[region.code, year]))
        )
    if last:
        trail.append((last, ""))
    trail[-1] = (trail[-1][0], "")
    return trail


def region(request, code):
    region = queries.region_or_404(code)
    years = queries.region_years(region)
    documents = queries.document_units(region)  # units and places, not every document
    unit = display_unit(request, documents)
    places = places_for(documents, unit)
    items = [
        data.ChartItem(
            str(item.year),
            str(item.year),
            item.total,
            reverse("regions:year", args=[code, item.year]),
        )
        for item in years
    ]
    context = base_context(
        request,
        region=region,
        years=years,
        children=queries.child_regions(region),
        unit=unit,
        places=places,
        rule=queries.RULE,
        crumbs=crumbs(region),
        chart=chart_block(
            "chart-region-years",
            "bar",
            _("历年支出合计（%(unit)s）") % {"unit": unit_label(unit)},
            items,
            unit,
            by_year=True,
            places=places,
        )
        if items
        else None,
    )
    return render(request, "regions/region.html", context)


def paginated(request, table, compare):
    """Sort and paginate ``table`` from the request; the page's records, compared with
    their prior year by ``compare`` (for the rows shown only).

    django-tables2's own paging takes any ``?per_page=``, and one of a million would
    render every department of the year: the work these pages are paged to avoid. Here it
    is held to the API's ``MAX_PAGE_SIZE``; a bad page number shows the first
    page, one past the end the last."""
    RequestConfig(request, paginate=False).configure(table)  # the sort
    table.paginator = Paginator(
        table.rows, page_size(request.GET.get(table.prefixed_per_page_field))
    )
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))
    return compare([row.record for row in table.page.object_list])


def page_size(asked):
    """Rows a page shows for ``?per_page=asked``: the default unless a whole number, and
    never more than ``MAX_PAGE_SIZE``."""
    try:
        size = int(asked)
    except (TypeError, ValueError):
        return queries.PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def region_year(request, code, year):
    region = queries.region_or_404(code)
    found = queries.region_year(region, year)
    unit = display_unit(request, found.amount_units)
    places = places_for(found.amount_units, unit)
    # the catalogue's names in the reader's language, as on a document's pages
    names.localise("function", year, found.by_function)
    names.localise("dept_economic", year, found.by_economic)
    for item in found.by_function:
        item.url = reverse(
            "browse:ranking", kwargs={"scheme": "function", "year": year, "code": item.code}
        )
    for item in found.by_economic:
        item.url = reverse(
            "browse:ranking", kwargs={"scheme": "dept-economic", "year": year, "code": item.code}
        )
    department_table = DepartmentTable(
        found.departments,
        unit=unit,
        places=places,
        region_total=found.total,
        caption=_("%(region)s %(year)s年 各部门支出（按合计排序）")
        % {"region": region.full_name, "year": year},
    )
    shown = paginated(request, department_table, queries.compare_departments)
    charts = []
    for element, title, items, kind in (
        ("chart-region-function", _("按支出功能分类（类）"), found.by_function, "doughnut"),
        ("chart-region-economic", _("基本支出按部门经济分类（类）"), found.by_economic, "doughnut"),
    ):
        if items:
            chart = chart_block(
                element,
                kind,
                _("%(title)s（%(unit)s）") % {"title": title, "unit": unit_label(unit)},
                [data.ChartItem(i.code, f"{i.code} {i.name}", i.amount, i.url) for i in items],
                unit,
                with_table=False,
                places=places,
            )
            chart["table"] = ClassTable(
                items,
                unit=unit,
                places=places,
                caption=title,
                orderable=False,
                prefix=f"{element}-",
            )
            charts.append(chart)
    department_chart = chart_block(
        "chart-region-departments",
        "bar",
        _("各部门支出合计（%(unit)s）") % {"unit": unit_label(unit)},
        [
            data.ChartItem(str(row.rank), row.organisation.name, row.total, doc_url(row))
            for row in shown
        ],
        unit,
        with_table=False,
        places=places,
    )
    context = base_context(
        request,
        region=region,
        found=found,
        year=year,
        unit=unit,
        places=places,
        rule=queries.RULE,
        table=department_table,
        charts=charts,
        department_chart=department_chart,
        crumbs=crumbs(region, year),
        # 预算执行 by department (budgets.execution), where a 决算 of the year is published.
        has_final_accounts=Document.published.filter(
            stage=Document.Stage.FINAL_ACCOUNTS,
            organisation__region__in=queries.family(region),
            year=year,
        ).exists(),
    )
    return render(request, "regions/region_year.html", context)


def three_public_context(request, code, year):
    region = queries.region_or_404(code)
    found = queries.three_public(region, year)
    # The “三公” tables are printed in 万元 in every template here.
    unit = chosen_unit(request) or "万元"
    return region, found, unit, places_for(found.amount_units, unit)


def three_public(request, code, year):
    region, found, unit, places = three_public_context(request, code, year)
    caption = _("%(region)s %(year)s年 各部门“三公”经费、会议费、培训费和机关运行经费") % {
        "region": region.full_name,
        "year": year,
    }
    table = three_public_table(found.rows, found.total, unit, caption, places=places)
    shown = paginated(request, table, queries.compare_three_public)
    chart = chart_block(
        "chart-three-public",
        "bar",
        _("各部门“三公”经费（%(unit)s）") % {"unit": unit_label(unit)},
        [
            data.ChartItem(
                row.document.organisation.name,
                row.document.organisation.name,
                row.three_public,
                doc_url(row.document),
            )
            for row in shown
        ],
        unit,
        with_table=False,
        places=places,
    )
    context = base_context(
        request,
        region=region,
        year=year,
        found=found,
        table=table,
        chart=chart,
        unit=unit,
        rule=queries.RULE,
        crumbs=crumbs(region, year, _("“三公”经费")),
    )
    return render(request, "regions/three_public.html", context)


def export_table(region, year, rows, total):
    """Every 三公 row as a PublishedTable, for the CSV/XLSX writers of browse.render."""
    columns = [Column(_("部门/单位")), Column(_("范围"))]
    columns += [Column(str(label), kind="amount") for _name, label in queries.THREE_PUBLIC_COLUMNS]
    columns += [
        Column(_("比较年度")),
        Column(_("比较年度“三公”经费"), kind="amount"),
        Column(_("增减"), kind="amount"),
    ]
    names = [name for name, _label in queries.THREE_PUBLIC_COLUMNS]
    body = [
        Row(
            [row.document.organisation.name, row.document.get_scope_display()]
            + [getattr(row, name) for name in names]
            + [row.prior_year, row.prior_three_public, row.change]
        )
        for row in rows
    ]
    body.append(Row([_("合计"), ""] + [total[name] for name in names] + [None] * 3, kind="total"))
    return PublishedTable(
        number=_("三公"),
        title=_("%(region)s %(year)s年 各部门“三公”经费")
        % {"region": region.full_name, "year": year},
        kind="region_three_public",
        amount_unit="万元",
        columns=columns,
        rows=body,
    )


def three_public_download(request, code, year, extension):
    region, found, unit, _places = three_public_context(request, code, year)
    table = export_table(region, year, queries.with_prior_three_public(found.rows), found.total)
    filename = f"{year}-{region.name}-three-public.{extension}"
    if extension == "csv":
        response = HttpResponse(
            renderers.csv_bytes(table, unit), content_type="text/csv; charset=utf-8"
        )
    else:
        owner = SimpleNamespace(organisation=SimpleNamespace(name=region.full_name))
        response = HttpResponse(renderers.xlsx_bytes([(table, unit)], owner), content_type=XLSX)
    return attachment(response, filename)


def three_public_csv(request, code, year):
    return three_public_download(request, code, year, "csv")


def three_public_xlsx(request, code, year):
    return three_public_download(request, code, year, "xlsx")
