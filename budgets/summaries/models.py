"""Kept figures (see the package's docstring). Nobody edits them: ``kept.summarise``
rewrites them from the documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from budgets.disclosures.models import Document
from budgets.organisations.models import Organisation, Region

MONEY = {"max_digits": 18, "decimal_places": 2}

#: What a ranking of a 类 lists: one scheme's 类, one year, stage and scope.
RANKING_KEY = ("scheme", "klass", "year", "stage", "scope")


class DocumentSummary(models.Model):
    """A published document as the region pages filter, add up and rank it."""

    document = models.OneToOneField(
        Document, primary_key=True, on_delete=models.CASCADE, related_name="summary"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: The organisation's department: its parent, or itself (home's directory lists the
    #: departments publishing in a region from their documents' rows, without a join).
    department = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: The organisation's region (a region page adds its child regions' too).
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    #: The API lists documents by region code, organisation code, year: copied here so
    #: that one index serves that order and a page is read with a LIMIT.
    region_code = models.CharField(max_length=6)
    organisation_code = models.CharField(max_length=12, blank=True)
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    scope = models.CharField(max_length=12)
    #: Counted in its region's totals: a department's document, or a unit's whose
    #: department publishes none of the same stage that year (regions.queries.RULE).
    counted = models.BooleanField()
    #: As printed: its spending-by-function table's 合计, else its function lines' sum.
    total = models.DecimalField(null=True, **MONEY)

    class Meta:
        verbose_name = _("文件汇总数")
        indexes = [
            models.Index(fields=["region", "stage", "year", "counted"], name="summary_region_year"),
            models.Index(
                fields=["region_code", "organisation_code", "year", "document"],
                name="summary_listing",
            ),
        ]

    def __str__(self):
        return f"{self.document_id}: {self.total}"


class ClassSummary(models.Model):
    """A published document's spending under one 类 of a classification, as printed."""

    class Scheme(models.TextChoices):
        FUNCTION = "function", _("支出功能分类")
        DEPT_ECONOMIC = "dept_economic", _("部门预算支出经济分类")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    scheme = models.CharField(max_length=16, choices=Scheme.choices)
    klass = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)
    #: The document's year, stage and scope and its organisation's name, copied here so
    #: that a 类's ranking reads its page from one index (``class_summary_ranking``).
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    scope = models.CharField(max_length=12)
    organisation_name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("类汇总数")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "scheme", "klass"], name="class_summary_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=[
                    *RANKING_KEY,
                    "-amount",
                    "organisation_name",
                    "document",
                ],
                name="class_summary_ranking",
            )
        ]

    def __str__(self):
        return f"{self.document_id} {self.scheme} {self.klass}: {self.amount}"


class RankingSummary(models.Model):
    """All that a 类's ranking lists (``RANKING_KEY``): how many documents, and their total."""

    scheme = models.CharField(max_length=16, choices=ClassSummary.Scheme.choices)
    klass = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    scope = models.CharField(max_length=12)
    document_count = models.PositiveIntegerField()
    total = models.DecimalField(**MONEY)

    class Meta:
        verbose_name = _("排名汇总数")
        constraints = [models.UniqueConstraint(fields=RANKING_KEY, name="ranking_summary_unique")]

    def __str__(self):
        return f"{self.scheme} {self.klass} {self.year} {self.scope}: {self.total}"


class RegionYearSummary(models.Model):
    """A region's counted documents of a year and stage, its child regions' included."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    document_count = models.PositiveIntegerField()
    total = models.DecimalField(null=True, **MONEY)

    class Meta:
        verbose_name = _("地区年度汇总数")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "stage", "year"], name="region_year_summary_unique"
            )
        ]

    def __str__(self):
        return f"{self.region_id} {self.year} {self.stage}: {self.total}"


class RegionClassSummary(models.Model):
    """A region's counted documents of a year and stage, its child regions' included: their
    spending under one 类 of a classification (the sum of their ``ClassSummary`` rows)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    scheme = models.CharField(max_length=16, choices=ClassSummary.Scheme.choices)
    klass = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)

    class Meta:
        verbose_name = _("地区类汇总数")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "stage", "year", "scheme", "klass"],
                name="region_class_summary_unique",
            )
        ]

    def __str__(self):
        return (
            f"{self.region_id} {self.year} {self.stage} {self.scheme} {self.klass}: {self.amount}"
        )


class RegionSummary(models.Model):
    """What the home page's map shows of a region: its own published documents and the
    departments they belong to (its directory), and with its child regions' the documents,
    latest year and latest budget year's total."""

    region = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    departments = models.PositiveIntegerField()
    documents = models.PositiveIntegerField()
    family_documents = models.PositiveIntegerField(default=0)
    latest_year = models.PositiveSmallIntegerField()
    #: The latest year with counted budgets, their number and total (``RegionYearSummary``).
    budget_year = models.PositiveSmallIntegerField(null=True)
    budget_count = models.PositiveIntegerField(null=True)
    budget_total = models.DecimalField(null=True, **MONEY)

    class Meta:
        verbose_name = _("地区汇总数")

    def __str__(self):
        return f"{self.region_id}: {self.family_documents}"

    @classmethod
    def published_documents(cls):
        """The number of published documents: the top regions' families hold them all."""
        top = cls.objects.filter(region__parent__isnull=True)
        return top.aggregate(count=models.Sum("family_documents"))["count"] or 0
