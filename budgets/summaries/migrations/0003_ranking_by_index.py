"""A 类's ranking read from kept figures: each class row carries its document's year,
stage and scope and its organisation's name (copied from the rows they name), an index
serves the ranking's order, and ``RankingSummary`` keeps each ranking's count and total."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Sum

from budgets.disclosures.money import cents

RANKING_KEY = ("scheme", "klass", "year", "stage", "scope")


def copy_and_count(apps, schema_editor):
    Document = apps.get_model("disclosures", "Document")
    ClassSummary = apps.get_model("summaries", "ClassSummary")
    RankingSummary = apps.get_model("summaries", "RankingSummary")
    alias = schema_editor.connection.alias
    document = Document.objects.using(alias).filter(pk=OuterRef("document_id"))
    ClassSummary.objects.using(alias).update(
        year=Subquery(document.values("year")),
        stage=Subquery(document.values("stage")),
        scope=Subquery(document.values("scope")),
        organisation_name=Subquery(document.values("organisation__name")),
    )
    rankings = (
        ClassSummary.objects.using(alias)
        .values(*RANKING_KEY)
        .order_by()
        .annotate(document_count=Count("pk"), total=cents(Sum("amount")))
    )
    RankingSummary.objects.using(alias).bulk_create(
        RankingSummary(**ranking) for ranking in rankings
    )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0016_procurement_parts_as_printed"),
        ("summaries", "0002_listing_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="classsummary",
            name="year",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="classsummary",
            name="stage",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="classsummary",
            name="scope",
            field=models.CharField(default="", max_length=12),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="classsummary",
            name="organisation_name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="RankingSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "scheme",
                    models.CharField(
                        choices=[
                            ("function", "支出功能分类"),
                            ("dept_economic", "部门预算支出经济分类"),
                        ],
                        max_length=16,
                    ),
                ),
                ("klass", models.CharField(max_length=3)),
                ("year", models.PositiveSmallIntegerField()),
                ("stage", models.CharField(max_length=16)),
                ("scope", models.CharField(max_length=12)),
                ("document_count", models.PositiveIntegerField()),
                ("total", models.DecimalField(decimal_places=2, max_digits=18)),
            ],
            options={"verbose_name": "排名汇总数"},
        ),
        migrations.RunPython(copy_and_count, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="rankingsummary",
            constraint=models.UniqueConstraint(
                fields=("scheme", "klass", "year", "stage", "scope"),
                name="ranking_summary_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="classsummary",
            index=models.Index(
                fields=[
                    "scheme",
                    "klass",
                    "year",
                    "stage",
                    "scope",
                    "-amount",
                    "organisation_name",
                    "document",
                ],
                name="class_summary_ranking",
            ),
        ),
    ]
