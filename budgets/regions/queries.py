"""A region's published budgets added up: totals, by function and economic 类, each
department ranked with its change against its prior published year, and “三公”经费.

What is counted (``counted``) — never a department and its own units twice: a department's
document (部门预算) already consolidates its units, so a unit's document (单位预算) is counted
only where its department has no published document that year (or the unit has no
department). A region includes its child regions (上海市 → 普陀区).

What these pages add up is kept at publication (``budgets.summaries``): each document's
region, total as printed and whether it is counted, its 类 totals, each region's yearly
count and total. A page reads those of its own region and year by index, so its cost
follows what it shows, not how many documents the database holds; its departments are
ranked by a window function and sorted and paged in the database, and only the rows shown
are compared with their prior year. Where a document prints a subtotal that differs from
the sum of its facts (whole-元 rounding, ``PrintedSubtotal``), the kept figure is the
printed one, as on its own page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures import arithmetic
from budgets.disclosures.models import Document, RestrictedSpending
from budgets.disclosures.money import cents
from budgets.disclosures.totals import MONEY, ZERO
from budgets.organisations.models import Region
from budgets.summaries.models import RegionClassSummary, RegionYearSummary

DEPARTMENT = Document.Scope.DEPARTMENT

#: The rule, as the pages state it.
RULE = _(
    "合计只计各部门的部门预算（已包含其下属单位）；某单位的单位预算仅在其主管部门当年"
    "没有公开部门预算（或该单位无主管部门）时计入，因此部门与其下属单位不会重复相加。"
    "上级地区包含其下级地区。"
)


def region_or_404(code):
    region = None
    if code.isdigit() and len(code) == 6:
        region = Region.objects.select_related("parent__parent").filter(code=code).first()
    if region is None:
        raise Http404(_("没有这个地区。"))
    return region


def family(region):
    """The pks of the region and every region under it, at any depth (one query for all
    regions, once per region object: a page asks several times)."""
    if not hasattr(region, "family_pks"):
        children = defaultdict(list)
        for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
            children[parent_id].append(pk)
        found, todo = [], [region.pk]
        while todo:
            pk = todo.pop()
            found.append(pk)
            todo.extend(children[pk])
        region.family_pks = found
    return region.family_pks


def ancestors(region):
    """The region's parents, top first (for breadcrumbs)."""
    chain = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def counted(documents):
    """The documents the region's totals count (see the module's docstring)."""
    departments = {(d.organisation_id, d.year) for d in documents if d.scope == DEPARTMENT}
    return [
        d
        for d in documents
        if d.scope == DEPARTMENT or (d.organisation.parent_id, d.year) not in departments
    ]


def earlier_budget(prefix=""):
    """The published budgets of the same organisation and scope as the outer query's
    document (at ``prefix``), of earlier years, latest first: ``[:1]`` is its prior year."""
    return Document.published.filter(
        stage=Document.Stage.BUDGET,
        organisation=OuterRef(f"{prefix}organisation"),
        scope=OuterRef(f"{prefix}scope"),
        year__lt=OuterRef(f"{prefix}year"),
    ).order_by("-year")


def change_sql(current, prior, compared):
    """SQL twin of ``arithmetic.change``: current − prior where the row is ``compared``
    (it has a prior year) and either figure is published; else NULL."""
    return Case(
        When(
            Q(**{compared: True})
            & (Q(**{f"{current}__isnull": False}) | Q(**{f"{prior}__isnull": False})),
            then=cents(Coalesce(current, ZERO) - Coalesce(prior, ZERO)),
        ),
        default=None,
        output_field=MONEY,
    )


@dataclass
class ClassTotal:
    code: str
    name: str
    amount: object
    share: object = None
    url: str = ""


#: The catalogue of each classification a region page adds up by 类.
CATALOGUES = {"function": FunctionCode, "dept_economic": DepartmentEconomicCode}


def class_totals(region, year, scheme):
    """[ClassTotal] of the region's counted budgets' spending by 类 (3 digits), largest
    first, as kept (``RegionClassSummary``: their 类 totals as printed, summed)."""
    totals = dict(
        RegionClassSummary.objects.filter(
            region=region, year=year, stage=Document.Stage.BUDGET, scheme=scheme
        ).values_list("klass", "amount")
    )
    names = dict(
        CATALOGUES[scheme]
        .objects.filter(year=year, code__in=list(totals))
        .values_list("code", "name")
    )
    whole = arithmetic.total_of(totals.values())
    return [
        ClassTotal(klass, names.get(klass, ""), amount, arithmetic.share(amount, whole))
        for klass, amount in arithmetic.rank(totals)
    ]


#: Rows per page of a region's department tables (and of their JSON twins by default).
PAGE_SIZE = 50

#: Documents a page names in full where it lists those left out (the rest are counted).
NAMED = 20


@dataclass
class RegionYear:
    region: Region
    year: int
    document_count: int  # counted, this year
    amount_units: list  # ``amount_units`` of the counted documents
    left_out_count: int  # published unit documents not counted (their department has one)
    left_out: list  # the first NAMED of them
    total: object
    departments: object  # a queryset, a row per counted document (see ``departments``)
    by_function: list
    by_economic: list
    years: list = field(default_factory=list)  # every year with counted documents


#: Equal figures keep the order the region lists its organisations in.
TIE_BREAK = ("organisation__region__code", "organisation__code", "organisation__name", "pk")


def departments(counted):
    """The ``counted`` budgets of a year, for a paginated, sortable table: each with its
    ``total`` as printed and ``rank`` by it (a window function, so it stays the rank on any
    page and under any sort). Sums and ranks are taken in SQL; only the page shown is
    loaded, and compared with its prior year (``with_prior_totals``) after."""
    return (
        counted.select_related("organisation__region")
        .annotate(total=F("summary__total"))
        .annotate(rank=Window(RowNumber(), order_by=[F("total").desc(nulls_last=True), *TIE_BREAK]))
        .order_by("rank")
    )


def with_prior_totals(documents):
    """``documents`` (a queryset of published budgets) with ``prior_year``, ``prior_total``
    and ``change`` against the same organisation's and scope's latest earlier published
    budget, each total the kept one (``DocumentSummary.total``, as printed). Subqueries
    per row: ask it for the rows shown, not for every row sorted."""
    earlier = earlier_budget()
    return (
        documents.annotate(
            total=F("summary__total"),
            prior_year=Subquery(earlier.values("year")[:1]),
            prior_total=Subquery(earlier.values("summary__total")[:1]),
        )
        .annotate(
            compared=ExpressionWrapper(Q(prior_year__isnull=False), output_field=BooleanField())
        )
        .annotate(change=change_sql("total", "prior_total", "compared"))
    )


def with_priors(rows, annotated, names):
    """The rows shown (model instances), given the figures ``names`` that ``annotated`` (a
    queryset of the same model, ``with_prior_*``) holds for them: one query for the page."""
    found = {row.pk: row for row in annotated.filter(pk__in=[row.pk for row in rows])}
    for row in rows:
        for name in names:
            setattr(row, name, getattr(found[row.pk], name))
    return rows


def compare_departments(documents):
    """``departments``' rows shown, with their prior year's figures (``with_prior_totals``)."""
    return with_priors(
        documents,
        with_prior_totals(Document.objects.all()),
        ("prior_year", "prior_total", "change"),
    )


def compare_three_public(rows):
    """``three_public``'s rows shown, with their prior year's (``with_prior_three_public``)."""
    return with_priors(
        rows,
        with_prior_three_public(RestrictedSpending.objects.all()),
        ("prior_year", "prior_three_public", "change"),
    )


def region_year(region, year):
    summary = RegionYearSummary.objects.filter(
        region=region, year=year, stage=Document.Stage.BUDGET
    ).first()
    if summary is None:
        raise Http404(_("该地区本年没有已公开的预算。"))
    this_year = counted_documents(region, year)
    left_out = (
        Document.objects.filter(
            summary__region__in=family(region),
            summary__stage=Document.Stage.BUDGET,
            summary__year=year,
            summary__counted=False,
        )
        .select_related("organisation")
        .order_by("organisation__region__code", "organisation__code", "organisation__name")
    )
    return RegionYear(
        region=region,
        year=year,
        document_count=summary.document_count,
        amount_units=amount_units(this_year),
        left_out_count=left_out.count(),
        left_out=list(left_out[:NAMED]),
        total=summary.total,
        departments=departments(this_year),
        by_function=class_totals(region, year, "function"),
        by_economic=class_totals(region, year, "dept_economic"),
        years=[found.year for found in region_years(region)],
    )


@dataclass
class YearTotal:
    year: int
    count: int
    total: object


def counted_documents(region, year=None, stage=Document.Stage.BUDGET):
    """The region's published documents of ``stage`` (budgets unless told; of ``year``,
    where given) that its totals count (see the module's docstring), by their kept
    figures: the region's own rows of an index."""
    of_year = {} if year is None else {"summary__year": year}
    return Document.objects.filter(
        summary__region__in=family(region), summary__stage=stage, summary__counted=True, **of_year
    )


def region_years(region, stage=Document.Stage.BUDGET):
    """Each year's number of counted documents and their total, as kept."""
    rows = RegionYearSummary.objects.filter(region=region, stage=stage).order_by("year")
    return [YearTotal(row.year, row.document_count, row.total) for row in rows]


def amount_units(documents):
    """The distinct amount units and decimal places of ``documents`` (a queryset), as
    objects ``places_for`` and ``display_unit`` read: one DISTINCT query, a few rows."""
    pairs = documents.order_by().values_list("amount_unit", "amount_places").distinct()
    return [SimpleNamespace(amount_unit=unit, amount_places=places) for unit, places in pairs]


def document_units(region):
    """``amount_units`` of the region's published budgets: what the display unit and
    decimal places are chosen from."""
    return amount_units(
        Document.published.filter(
            stage=Document.Stage.BUDGET, organisation__region__in=family(region)
        )
    )


def child_regions(region):
    return list(region.children.order_by("code"))


# ---------------------------------------------------------------------------
# “三公”经费 across departments.


def three_public_sql():
    """SQL twin of ``arithmetic.three_public_total``: the sum of the published parts; NULL
    where the document publishes none of them."""
    parts = RestrictedSpending.THREE_PUBLIC_FIELDS
    return Case(
        When(Q(**{f"{part}__isnull": True for part in parts}), then=None),
        default=cents(sum_of(Coalesce(part, ZERO) for part in parts)),
        output_field=MONEY,
    )


def sum_of(expressions):
    expressions = list(expressions)
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return total


def with_prior_three_public(rows):
    """“三公” ``rows`` (a queryset of current-year RestrictedSpending) with
    ``prior_year``, ``prior_three_public`` and ``change`` against the same organisation's
    and scope's latest earlier published budget, where that has the table. Subqueries per
    row: ask it for the rows shown, not for every row sorted."""
    earlier = earlier_budget("document__")
    prior_row = RestrictedSpending.objects.filter(
        period=RestrictedSpending.Period.CURRENT_YEAR, document=OuterRef("prior_document")
    )
    return (
        rows.annotate(
            three_public=three_public_sql(),
            prior_document=Subquery(earlier.values("pk")[:1]),
        )
        .annotate(
            compared=Exists(prior_row),
            prior_three_public=Subquery(
                prior_row.annotate(figure=three_public_sql()).values("figure")[:1]
            ),
        )
        .annotate(
            prior_year=Case(
                When(compared=True, then=Subquery(earlier.values("year")[:1])), default=None
            ),
            change=change_sql("three_public", "prior_three_public", "compared"),
        )
    )


@dataclass
class ThreePublic:
    rows: object  # a queryset, a row per counted document with a table (``three_public``)
    total: dict  # {column: the rows' sum}
    document_count: int  # counted documents of the year
    amount_units: list  # ``amount_units`` of the counted documents
    missing_count: int  # counted documents without a current-year “三公” table
    missing: list  # the first NAMED of them


def three_public(region, year):
    """The current-year “三公” rows of the counted budgets of ``year`` (a queryset, for a
    paginated, sortable table), each with ``three_public`` (compared with the prior year
    by ``with_prior_three_public``, for the rows shown); the rows' sums; and the counted
    documents without the table. Sums and order are taken in SQL."""
    this_year = counted_documents(region, year)
    document_count = this_year.count()
    if not document_count:
        raise Http404(_("该地区本年没有已公开的预算。"))
    current = RestrictedSpending.objects.filter(period=RestrictedSpending.Period.CURRENT_YEAR)
    listed = current.filter(document__in=this_year.values("pk"))
    rows = (
        listed.select_related("document__organisation__region")
        .annotate(three_public=three_public_sql())
        .order_by(
            F("three_public").desc(nulls_last=True),
            *(f"document__{key}" for key in TIE_BREAK),
        )
    )
    total = listed.order_by().aggregate(
        three_public=cents(Sum(three_public_sql())),
        **{name: cents(Sum(name)) for name in RestrictedSpending.AMOUNT_FIELDS},
    )
    missing = this_year.exclude(Exists(current.filter(document=OuterRef("pk")))).select_related(
        "organisation"
    )
    return ThreePublic(
        rows=rows,
        total=total,
        document_count=document_count,
        amount_units=amount_units(this_year),
        missing_count=missing.count(),
        missing=list(missing.order_by(*TIE_BREAK)[:NAMED]),
    )


THREE_PUBLIC_COLUMNS = (
    ("three_public", _("“三公”经费合计")),
    ("outbound_travel", _("因公出国（境）费")),
    ("reception", _("公务接待费")),
    ("vehicle_purchase", _("公务用车购置费")),
    ("vehicle_operation", _("公务用车运行维护费")),
    ("meetings", _("会议费")),
    ("training", _("培训费")),
    ("administrative_running", _("机关运行经费")),
)
