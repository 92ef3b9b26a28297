"""Public pages. Only published documents appear; everything is a plain GET permalink."""

import re

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_tables2 import RequestConfig

from budgets.disclosures import arithmetic
from budgets.disclosures import tables as published
from budgets.disclosures.models import Document, SourceFile
from budgets.review import public as review
from budgets.review.history import facts_as_of, public_revisions
from budgets.web.charts import chart_block
from budgets.web.pages import XLSX, attachment, base_context, doc_url
from budgets.web.units import (
    UNIT_COOKIE,
    UNIT_SLUGS,
    chosen_unit,
    display_unit,
    places_for,
    unit_from,
)

from . import data, names
from . import render as renderers
from .tables import DrillTable, RankingTable, comparison_table, units_table

BUDGET = Document.Stage.BUDGET


def home(request):
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 7 else 1
    directory = data.home_page(request.GET.get("region"), page)
    # a region's total adds many documents' figures: exact in 元 unless the reader chose
    context = base_context(request, directory=directory, unit=chosen_unit(request) or "元")
    return render(request, "browse/home.html", context)


def set_unit(request):
    """The 元 / 万元 switch: remember the choice in a cookie and go back."""
    unit = unit_from(request.GET.get("unit", ""))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if unit:
        slug = next(slug for slug, name in UNIT_SLUGS.items() if name == unit)
        response.set_cookie(UNIT_COOKIE, slug, max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(UNIT_COOKIE)
    return response


def organisation(request, organisation):
    organisation = data.organisation_or_404(organisation)
    shelf = data.OrganisationDocuments(organisation.pk)
    years = shelf.year_totals()
    units = data.directory(data.published_documents().filter(organisation__parent=organisation))
    final_accounts = shelf.year_totals(Document.Stage.FINAL_ACCOUNTS)
    shown = [doc for doc, _total in years or final_accounts]
    unit = chosen_unit(request) or (shown[-1].amount_unit if shown else "元")
    places = places_for(shown, unit) if shown else 2
    items = [
        data.ChartItem(str(doc.year), str(doc.year), total, doc_url(doc)) for doc, total in years
    ]
    budget_years = {doc.year for doc, _total in years}
    context = base_context(
        request,
        organisation=organisation,
        years=years,
        final_accounts=[
            (
                doc,
                total,
                reverse(
                    "execution:organisation_year",
                    kwargs={"organisation": doc.organisation_id, "year": doc.year},
                ),
                doc.year in budget_years,
            )
            for doc, total in final_accounts
        ],
        unit_entries=[
            unit_entry
            for region in units
            for department in region.departments
            for unit_entry in department.units
        ],
        unit=unit,
        places=places,
        chart=(
            chart_block(
                "chart-years", "bar", _("历年支出"), items, unit, by_year=True, places=places
            )
            if items
            else None
        ),
    )
    return render(request, "browse/organisation.html", context)


def document(request, organisation, year, stage=BUDGET):
    # Staff may preview an unpublished document (?preview=<id>); everyone else gets 404.
    preview = review.preview_document(request, organisation, year)
    shelf = data.OrganisationDocuments(organisation)
    document = preview or shelf.find(year, stage)
    if document is None:
        raise data.not_published(stage)
    facts = published.load_overview_facts(document)
    unit = chosen_unit(request) or document.amount_unit
    places = places_for([document], unit)
    statements = data.statements_of(document)
    charts = []
    for slug in ("function", "dept-economic"):
        scheme = data.SCHEMES[slug]
        items = data.composition(facts, scheme, document)
        if items:
            charts.append(
                chart_block(f"chart-{slug}", "doughnut", scheme.label, items, unit, places=places)
            )
    headline = data.headline(facts)
    checked = data.checked_statements(facts, statements)
    split_items = [
        data.ChartItem("basic", _("基本支出"), headline.basic),
        data.ChartItem("project", _("项目支出"), headline.project),
    ]
    split_items += [
        data.ChartItem(key, label, amount)
        for key, label, amount in (
            ("reserve", _("单位预留机动经费"), headline.reserve),
            ("carryforward", _("结转下年资金"), headline.carryforward),
        )
        if amount is not None
    ]
    charts.append(
        chart_block("chart-split", "pie", _("基本支出与项目支出"), split_items, unit, places=places)
    )
    years = shelf.year_totals()
    if len(years) > 1:
        year_items = [
            data.ChartItem(str(doc.year), str(doc.year), total, doc_url(doc))
            for doc, total in years
        ]
        charts.append(
            chart_block(
                "chart-years",
                "bar",
                _("历年支出"),
                year_items,
                unit,
                by_year=True,
                places=places_for([doc for doc, _total in years], unit),
            )
        )
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        facts=facts,
        unit=unit,
        places=places,
        headline=headline,
        checked=checked,
        profile=data.profile_of(document),
        glossary=data.glossary_of(document),
        sources=list(
            SourceFile.objects.filter(document=document, retired_in=None).defer("content")
        ),
        project_count=facts.project_count,
        charts=charts,
        template_tables=facts.template_tables,
        schemes=[scheme for scheme in data.SCHEMES.values() if scheme.lines(facts)],
        **stage_links(document, shelf.other_stage(document)),
        **review.document_context(request, document, preview=preview is not None),
    )
    return render(request, "browse/document.html", context)


def stage_links(document, other):
    """The year's other document (``other``: budget ↔ 决算, or None) and, where a 决算 is
    published, the budget-against-spending page."""
    has_final = document.stage == Document.Stage.FINAL_ACCOUNTS or other is not None
    return {
        "other_stage": other,
        "other_stage_url": doc_url(other) if other else "",
        "execution_url": reverse(
            "execution:organisation_year",
            kwargs={"organisation": document.organisation_id, "year": document.year},
        )
        if has_final
        else "",
    }


def glossary(request, organisation, year, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        glossary=data.glossary_of(document),
    )
    return render(request, "browse/glossary.html", context)


def corrections(request, organisation, year, stage=BUDGET):
    """更正记录: every revision of the document, each correction cell by cell."""
    document = data.document_or_404(organisation, year, stage)
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        revisions=review.correction_log(document),
    )
    return render(request, "review/corrections.html", context)


def projects(request, organisation, year, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    unit = chosen_unit(request) or document.amount_unit
    entries = data.projects_of(document)
    amounts = [entry.project.amount for entry in entries if entry.project.amount is not None]
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        entries=entries,
        total=arithmetic.total_of(amounts) if amounts else None,
        coverage=data.project_coverage(document, arithmetic.total_of(amounts)) if amounts else None,
        unit=unit,
        places=places_for([document], unit),
    )
    return render(request, "browse/projects.html", context)


def project(request, organisation, year, number, stage=BUDGET):
    """One project: its amount, description and every 绩效目标 and 指标 printed for it."""
    document = data.document_or_404(organisation, year, stage)
    entries = data.projects_of(document)
    if not 1 <= number <= len(entries):
        raise Http404(_("该文件没有这个项目。"))
    unit = chosen_unit(request) or document.amount_unit
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        entry=entries[number - 1],
        unit=unit,
        places=places_for([document], unit),
    )
    return render(request, "browse/project.html", context)


SHA256 = re.compile(r"^[0-9a-f]{64}$")


def source_file(request, organisation, year, sha256, stage=BUDGET):
    """A document's original file, byte for byte as imported, named as it was received."""
    document = data.document_or_404(organisation, year, stage)
    if not SHA256.match(sha256):
        raise Http404(_("没有这个原始文件。"))
    source = SourceFile.objects.filter(document=document, sha256=sha256).first()
    if source is None:
        raise Http404(_("没有这个原始文件。"))
    content_type = "application/pdf" if source.name.lower().endswith(".pdf") else "text/plain"
    response = HttpResponse(bytes(source.content), content_type=content_type)
    response["X-Content-SHA256"] = source.sha256
    return attachment(response, source.name)


def drill(request, organisation, year, scheme, code="", stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    scheme = data.scheme_or_404(scheme)
    facts = published.load_facts(document)
    unit = chosen_unit(request) or document.amount_unit
    places = places_for([document], unit)
    current, items, crumbs, depth = data.drill(facts, scheme, code)
    level = scheme.level_name(scheme.lengths[depth]) if depth < len(scheme.lengths) else ""
    names.localise(scheme.key, document.year, items)
    leaf = data.leaf_detail(facts, scheme, code, current) if code and not level else None
    title = crumbs[-1].label
    table = DrillTable(
        items,
        unit=unit,
        places=places,
        caption=_("%(title)s：按%(level)s") % {"title": title, "level": level},
    )
    if not any(item.project for item in items) and not any(item.basic for item in items):
        table.exclude = ("basic", "project")
    RequestConfig(request, paginate=False).configure(table)
    chart_items = [
        data.ChartItem(item.code, f"{item.code} {item.name}", item.total, item.url)
        for item in sorted(items, key=lambda item: -(item.total or 0))
    ]
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        scheme=scheme,
        schemes=data.SCHEMES.values(),
        code=code,
        current=current,
        crumbs=crumbs,
        level=level,
        table=table,
        unit=unit,
        places=places,
        chart=(
            chart_block(
                "chart-drill", "bar", title, chart_items, unit, with_table=False, places=places
            )
            if items
            else None
        ),
        leaf=leaf,
        ranking_url=reverse(
            "browse:ranking", kwargs={"scheme": scheme.slug, "year": year, "code": code}
        )
        if code
        else "",
    )
    return render(request, "browse/drill.html", context)


def code_link(document):
    """Function codes in official tables link to their drill-down."""

    def url(cell):
        scheme = {"function": "function", "dept_economic": "dept-economic"}.get(cell.scheme)
        if scheme is None:
            return ""
        return data.drill_url(document, data.SCHEMES[scheme], cell.code)

    return url


def rendered(table, request, document):
    unit = chosen_unit(request) or table.amount_unit
    return {
        "table": table,
        "unit": unit,
        "header": table.header(),
        "rows": renderers.html_rows(table, unit, code_link(document)),
        "width": renderers.html_width(table),
    }


def official_tables(request, organisation, year, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    facts = published.load_facts(document)
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        tables=[rendered(table, request, document) for table in published.published_tables(facts)],
        positions=[table.position for table in facts.template_tables],
    )
    return render(request, "browse/official_tables.html", context)


def table_or_404(document, position):
    facts = published.load_facts(document)
    table = published.published_table(facts, position)
    if table is None:
        raise Http404(_("本文件的公开模板没有这张表。"))
    return facts, table


def official_table(request, organisation, year, position, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    facts, table = table_or_404(document, position)
    positions = [template_table.position for template_table in facts.template_tables]
    index = positions.index(position)
    context = base_context(
        request,
        document=document,
        organisation=document.organisation,
        item=rendered(table, request, document),
        position=position,
        template_tables=facts.template_tables,
        previous=positions[index - 1] if index > 0 else None,
        next=positions[index + 1] if index + 1 < len(positions) else None,
    )
    return render(request, "browse/official_table.html", context)


def revision(request, organisation, year, number):
    """An earlier revision of a published document, as the public read it then (the
    已更正 note of ``review.public`` links here)."""
    document = data.document_or_404(organisation, year)
    revisions = public_revisions(document)
    chosen = next((item for item in revisions if item.number == number), None)
    if chosen is None or chosen.ended_at is None:
        raise Http404(_("没有这一版本。"))
    facts = facts_as_of(document, chosen.ended_at)
    if facts is None:
        raise Http404(_("没有这一版本。"))
    context = base_context(
        request,
        document=facts.document,
        current=document,
        organisation=document.organisation,
        revision=chosen,
        revisions=revisions,
        tables=[rendered(table, request, document) for table in published.published_tables(facts)],
    )
    return render(request, "review/revision.html", context)


def download_name(document, table, extension):
    return f"{document.year}-{document.organisation.name}-{table.number}.{extension}"


def table_csv(request, organisation, year, position, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    _facts, table = table_or_404(document, position)
    unit = chosen_unit(request) or table.amount_unit
    response = HttpResponse(
        renderers.csv_bytes(table, unit), content_type="text/csv; charset=utf-8"
    )
    return attachment(response, download_name(document, table, "csv"))


def table_xlsx(request, organisation, year, position, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    _facts, table = table_or_404(document, position)
    unit = chosen_unit(request) or table.amount_unit
    response = HttpResponse(renderers.xlsx_bytes([(table, unit)], document), content_type=XLSX)
    return attachment(response, download_name(document, table, "xlsx"))


def document_xlsx(request, organisation, year, stage=BUDGET):
    document = data.document_or_404(organisation, year, stage)
    facts = published.load_facts(document)
    chosen = chosen_unit(request)
    workbook = renderers.xlsx_bytes(
        [(table, chosen or table.amount_unit) for table in published.published_tables(facts)],
        document,
    )
    response = HttpResponse(workbook, content_type=XLSX)
    return attachment(response, f"{document.year}-{document.organisation.name}.xlsx")


LEVELS = {"3": gettext_lazy("类"), "5": gettext_lazy("款"), "7": gettext_lazy("项")}


def series_label(document):
    """A column of compare-years: the year for a budget, “2024决算” for final accounts."""
    if document.stage == "final_accounts":
        return _("%(year)s决算") % {"year": document.year}
    return str(document.year)


def compare_years(request, organisation):
    organisation = data.organisation_or_404(organisation)
    length = request.GET.get("level", "3")
    if length not in LEVELS:
        length = "3"
    documents, rows, totals = data.across_years(organisation, int(length))
    if not documents:
        raise Http404(_("没有已公开的预算。"))
    unit = chosen_unit(request) or documents[-1].amount_unit
    places = places_for(documents, unit)
    for row in rows:
        row.url = data.drill_url(documents[-1], data.SCHEMES["function"], row.code)
    headings = [series_label(document) for document in documents]
    table = comparison_table(
        rows,
        headings,
        unit,
        _("%(name)s 历年支出（支出功能分类，%(level)s级科目）")
        % {"name": organisation.name, "level": LEVELS[length]},
        with_change=sum(document.stage == "budget" for document in documents) > 1,
        places=places,
    )
    RequestConfig(request, paginate=False).configure(table)
    year_items = [
        data.ChartItem(heading, heading, total, doc_url(d))
        for d, heading, total in zip(documents, headings, totals, strict=True)
    ]
    context = base_context(
        request,
        organisation=organisation,
        documents=documents,
        table=table,
        totals=totals,
        unit=unit,
        places=places,
        level=length,
        levels=LEVELS,
        chart=chart_block(
            "chart-years", "bar", _("历年支出合计"), year_items, unit, by_year=True, places=places
        ),
    )
    return render(request, "browse/compare_years.html", context)


def compare_units(request, organisation, year):
    department = data.organisation_or_404(organisation)
    if department.kind != department.Kind.DEPARTMENT:
        raise Http404(_("只有部门才有下属单位。"))
    documents, rows, totals, check = data.department_units(department, year)
    unit = chosen_unit(request) or documents[0].amount_unit
    places = places_for(documents, unit)
    headings = [
        _("%(name)s（%(scope)s）")
        % {"name": document.organisation.name, "scope": document.get_scope_display()}
        for document in documents
    ]
    table = units_table(
        rows,
        headings,
        totals,
        check,
        unit,
        _("%(name)s %(year)s年 部门与下属单位（支出功能分类，类级科目）")
        % {"name": department.name, "year": year},
        places=places,
    )
    RequestConfig(request, paginate=False).configure(table)
    context = base_context(
        request,
        organisation=department,
        year=year,
        documents=documents,
        table=table,
        totals=list(zip(documents, totals, strict=True)),
        check=check,
        differing=[row for row in rows if row.difference],
        unit=unit,
        places=places,
    )
    return render(request, "browse/compare_units.html", context)


RANKING_SCOPE_LABELS = {
    "department": pgettext_lazy("排名范围", "部门预算"),
    "unit": pgettext_lazy("排名范围", "单位预算"),
}


def ranking(request, scheme, year, code):
    """One scope at a time (``?scope=department|unit``): a department's budget holds its
    units', so the two are never ranked together."""
    scheme = data.scheme_or_404(scheme)
    scope = request.GET.get("scope", "department")
    if scope not in data.RANKING_SCOPES:
        scope = "department"
    result = data.ranking(scheme, year, code, scope, request.GET.get("page"))
    if not result.count and not result.other_count:
        raise Http404(_("本年没有部门或单位在该科目下编列预算。"))
    entries = result.entries
    documents = [entry.document for entry in entries]
    unit = display_unit(request, documents)
    places = places_for(documents, unit)
    name = names.code_name(scheme.key, year, code, result.name)
    caption = _("%(year)s年 %(code)s %(name)s：%(scope)s排名") % {
        "year": year,
        "code": code,
        "name": name,
        "scope": RANKING_SCOPE_LABELS[scope],
    }
    table = RankingTable(
        entries,
        unit=unit,
        places=places,
        caption=caption,
        orderable=False,
    )
    chart_items = [
        data.ChartItem(str(entry.rank), entry.document.organisation.name, entry.amount, entry.url)
        for entry in entries
    ]
    other = "unit" if scope == "department" else "department"
    context = base_context(
        request,
        scheme=scheme,
        year=year,
        code=code,
        name=name,
        result=result,
        scope=scope,
        scope_label=RANKING_SCOPE_LABELS[scope],
        scopes=[
            (key, label, key == scope, result.count if key == scope else result.other_count)
            for key, label in RANKING_SCOPE_LABELS.items()
        ],
        other_label=RANKING_SCOPE_LABELS[other],
        other=other,
        table=table,
        unit=unit,
        places=places,
        chart=chart_block(
            "chart-ranking",
            "bar",
            caption,
            chart_items,
            unit,
            with_table=False,
            places=places,
        )
        if entries
        else None,
    )
    return render(request, "browse/ranking.html", context)
