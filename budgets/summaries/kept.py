"""Writing the kept figures (``models``) from the documents.

``summarise`` is called, inside the transaction, by everything that makes a document
public or changes a public one: the review workflow (publish, withdraw, a correction's
approval), an import that publishes, loading the fixtures and the synthetic province.
``rebuild`` rewrites everything (``manage.py summarise``).
"""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, Max, OuterRef, Sum
from django.db.models.functions import Substr

from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    PrintedSubtotal,
)
from budgets.disclosures.money import cents
from budgets.disclosures.tables import SPENDING_BY_FUNCTION
from budgets.disclosures.totals import document_total
from budgets.organisations.models import Region

from .models import (
    RANKING_KEY,
    ClassSummary,
    DocumentSummary,
    RankingSummary,
    RegionClassSummary,
    RegionSummary,
    RegionYearSummary,
)

DEPARTMENT = Document.Scope.DEPARTMENT

#: Documents per batch of queries (well under SQLite's bound-parameter limit).
CHUNK = 500


def chunks(items):
    items = sorted(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def summarise(document_pks):
    """Rewrite the kept figures of the documents ``document_pks`` (an unpublished one loses
    its own) and of what their state changes: whether their departments' units are
    counted, and their regions' roll-ups."""
    pks = set(document_pks)
    if not pks:
        return
    affected = pks | units_under(pks)
    keys, rankings = set(), set()
    for chunk in chunks(affected):
        # where they were counted (a withdrawn document, a moved organisation) and are now
        keys.update(
            DocumentSummary.objects.filter(document__in=chunk)
            .values_list("region_id", "year", "stage")
            .distinct()
        )
        keys.update(
            Document.published.filter(pk__in=chunk)
            .values_list("organisation__region_id", "year", "stage")
            .distinct()
        )
        rankings.update(write_documents(chunk))
    roll_up(keys)
    write_rankings(rankings)


def rebuild():
    """Every kept figure rewritten from the documents."""
    forget(DocumentSummary.objects.all())
    forget(ClassSummary.objects.all())
    RankingSummary.objects.all().delete()
    forget(RegionClassSummary.objects.all())
    RegionYearSummary.objects.all().delete()
    RegionSummary.objects.all().delete()
    summarise(Document.published.values_list("pk", flat=True))


def forget(rows):
    """Delete a document's kept rows in one statement. A queryset ``delete()`` would load
    each row to send its ``post_delete`` (the cache's data version listens to every model),
    moving the version once per row; nothing refers to these rows, and the roll-ups that
    every ``summarise`` writes after them (``update_or_create``) move it once."""
    rows._raw_delete(rows.db)


def units_under(pks):
    """The published unit documents whose counting the documents ``pks`` decide: those of
    their departments' units, of the same year and stage."""
    found = set()
    for chunk in chunks(pks):
        departments = set(
            Document.objects.filter(pk__in=chunk, scope=DEPARTMENT).values_list(
                "organisation_id", "year", "stage"
            )
        )
        units = Document.published.exclude(scope=DEPARTMENT).filter(
            organisation__parent__in={organisation for organisation, _y, _s in departments}
        )
        found.update(
            pk
            for pk, parent, year, stage in units.values_list(
                "pk", "organisation__parent_id", "year", "stage"
            )
            if (parent, year, stage) in departments
        )
    return found


def write_documents(pks):
    """The ``DocumentSummary`` and ``ClassSummary`` rows of ``pks`` (at most a CHUNK);
    returns the rankings (``RANKING_KEY`` values) their old and new class rows are in."""
    rankings = ranking_keys(ClassSummary.objects.filter(document__in=pks))
    forget(DocumentSummary.objects.filter(document__in=pks))
    forget(ClassSummary.objects.filter(document__in=pks))
    department_document = Document.published.filter(
        scope=DEPARTMENT,
        organisation=OuterRef("organisation__parent"),
        year=OuterRef("year"),
        stage=OuterRef("stage"),
    )
    published = Document.published.filter(pk__in=pks).annotate(
        total=document_total(), has_department=Exists(department_document)
    )
    rows = published.values(
        "pk",
        "organisation_id",
        "organisation__parent_id",
        "organisation__code",
        "organisation__name",
        "organisation__region_id",
        "organisation__region__code",
        "year",
        "stage",
        "scope",
        "total",
        "has_department",
    )
    DocumentSummary.objects.bulk_create(
        DocumentSummary(
            document_id=row["pk"],
            organisation_id=row["organisation_id"],
            department_id=row["organisation__parent_id"] or row["organisation_id"],
            organisation_code=row["organisation__code"],
            region_id=row["organisation__region_id"],
            region_code=row["organisation__region__code"],
            year=row["year"],
            stage=row["stage"],
            scope=row["scope"],
            counted=row["scope"] == DEPARTMENT or not row["has_department"],
            total=row["total"],
        )
        for row in rows
    )
    classes = ClassSummary.objects.bulk_create(class_rows({row["pk"]: row for row in rows}))
    return rankings | {tuple(getattr(row, name) for name in RANKING_KEY) for row in classes}


def ranking_keys(classes):
    """The rankings (``RANKING_KEY`` values) the ``ClassSummary`` rows ``classes`` are in."""
    return set(classes.values_list(*RANKING_KEY).distinct())


def write_rankings(keys):
    """Rewrite the ``RankingSummary`` of each ranking in ``keys``."""
    for key in keys:
        where = dict(zip(RANKING_KEY, key, strict=True))
        ranked = ClassSummary.objects.filter(**where).aggregate(
            document_count=Count("pk"), total=cents(Sum("amount"))
        )
        if not ranked["document_count"]:
            RankingSummary.objects.filter(**where).delete()
        else:
            RankingSummary.objects.update_or_create(**where, defaults=ranked)


def class_rows(documents):
    """``ClassSummary`` rows of ``documents`` ({pk: its DocumentSummary values}): their
    facts summed by 类, where a document prints a function 类's subtotal differently
    (``PrintedSubtotal``, whole-元 rounding) the printed figure."""
    pks = list(documents)
    rows = []
    for scheme, model, path in (
        (ClassSummary.Scheme.FUNCTION, FunctionExpenditure, "function__code"),
        (ClassSummary.Scheme.DEPT_ECONOMIC, EconomicExpenditure, "dept_economic__code"),
    ):
        amounts = dict(
            ((pk, klass), amount)
            for pk, klass, amount in model.objects.filter(document__in=pks)
            .annotate(klass=Substr(path, 1, 3))
            .order_by()
            .values("document_id", "klass")
            .annotate(amount=cents(Sum("amount")))
            .values_list("document_id", "klass", "amount")
        )
        if scheme == ClassSummary.Scheme.FUNCTION:
            amounts.update(printed_classes(pks))
        rows.extend(
            ClassSummary(
                document_id=pk,
                scheme=scheme,
                klass=klass,
                amount=amount,
                year=documents[pk]["year"],
                stage=documents[pk]["stage"],
                scope=documents[pk]["scope"],
                organisation_name=documents[pk]["organisation__name"],
            )
            for (pk, klass), amount in amounts.items()
        )
    return rows


def printed_classes(pks):
    """{(document pk, 类): amount} the documents print in their spending by function table
    where that differs from their facts' sum."""
    printed = PrintedSubtotal.objects.filter(
        document__in=pks,
        table__kind__in=SPENDING_BY_FUNCTION,
        column=PrintedSubtotal.Column.TOTAL,
    ).values_list("document_id", "row", "amount")
    # the template's first table printing it wins, as on the pages: put last, kept by dict
    printed = printed.order_by("document_id", "-table__position")
    return {(pk, row): amount for pk, row, amount in printed if len(row) == 3 and row.isdigit()}


def roll_up(keys):
    """Rewrite the roll-ups of ``keys`` ((region pk, year, stage) of changed documents):
    each region's and every region above it, and the home page's counts of the region."""
    parents = dict(Region.objects.values_list("pk", "parent_id"))
    children = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    region_years = set()
    for region, year, stage in keys:
        while region is not None:
            region_years.add((region, year, stage))
            region = parents.get(region)
    for region, year, stage in region_years:
        write_region_year(region, family(region, children), year, stage)
    for region in {region for region, _year, _stage in region_years}:
        write_region(region, family(region, children))


def family(region, children):
    """The region and every region under it."""
    found, todo = [], [region]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children[pk])
    return found


def write_region_year(region, regions, year, stage):
    """The kept count and total of ``region``'s counted documents of ``year`` and
    ``stage`` (``regions``: it and the regions under it), and their spending by 类."""
    counted = DocumentSummary.objects.filter(
        region__in=regions, year=year, stage=stage, counted=True
    )
    figures = counted.aggregate(count=Count("pk"), total=cents(Sum("total")))
    key = {"region_id": region, "year": year, "stage": stage}
    forget(RegionClassSummary.objects.filter(**key))
    if not figures["count"]:
        RegionYearSummary.objects.filter(**key).delete()
        return
    RegionYearSummary.objects.update_or_create(
        **key, defaults={"document_count": figures["count"], "total": figures["total"]}
    )
    classes = (
        ClassSummary.objects.filter(document__in=counted.values("document"))
        .values("scheme", "klass")
        .order_by()
        .annotate(amount=cents(Sum("amount")))
    )
    RegionClassSummary.objects.bulk_create(RegionClassSummary(**key, **row) for row in classes)


def write_region(region, regions):
    """The home page's row of ``region`` (``regions``: it and the regions under it)."""
    in_family = DocumentSummary.objects.filter(region__in=regions).aggregate(
        family_documents=Count("pk"), latest_year=Max("year")
    )
    if not in_family["family_documents"]:
        RegionSummary.objects.filter(region_id=region).delete()
        return
    own = DocumentSummary.objects.filter(region=region).aggregate(
        documents=Count("pk"),
        departments=Count("department", distinct=True),
    )
    budgets = RegionYearSummary.objects.filter(region=region, stage=Document.Stage.BUDGET)
    latest = budgets.order_by("-year").first()
    RegionSummary.objects.update_or_create(
        region_id=region,
        defaults={
            **in_family,
            **own,
            "budget_year": latest and latest.year,
            "budget_count": latest and latest.document_count,
            "budget_total": latest and latest.total,
        },
    )


def fill_after_migrate(**kwargs):
    """After ``migrate``: a database published before figures were kept (or loaded by
    hand) gets them, once."""
    using = kwargs.get("using")
    if using != DEFAULT_DB_ALIAS:
        return  # a replica gets them from its primary
    published = Document.published.using(using).count()
    if published != DocumentSummary.objects.using(using).count():
        rebuild()


def organisation_saved(sender, instance, raw=False, **kwargs):
    """An organisation moved to another region or department, or given another code, moves
    its documents' figures (fixtures load raw and are summarised once loaded)."""
    if not raw:
        summarise(instance.documents.values_list("pk", flat=True))


def region_saved(sender, instance, raw=False, **kwargs):
    """A region given another code: its documents' summaries carry the code (the API's
    order)."""
    if not raw:
        stale = DocumentSummary.objects.filter(region=instance).exclude(region_code=instance.code)
        summarise(stale.values_list("document", flat=True))
