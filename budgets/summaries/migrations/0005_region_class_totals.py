"""A region-year's spending by 类 kept (``RegionClassSummary``), so that its page reads
its 类 rows instead of summing every counted document's: filled here from the kept
document rows, as ``kept.write_region_year`` writes it."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum

from budgets.disclosures.money import cents


def family(region, children):
    found, todo = [], [region]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children[pk])
    return found


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    Region = apps.get_model("organisations", "Region")
    summaries = {
        name: apps.get_model("summaries", name).objects.using(alias)
        for name in ("DocumentSummary", "ClassSummary", "RegionYearSummary", "RegionClassSummary")
    }
    children = defaultdict(list)
    for pk, parent in Region.objects.using(alias).values_list("pk", "parent_id"):
        children[parent].append(pk)
    RegionClassSummary = apps.get_model("summaries", "RegionClassSummary")
    for region, year, stage in summaries["RegionYearSummary"].values_list(
        "region_id", "year", "stage"
    ):
        counted = summaries["DocumentSummary"].filter(
            region__in=family(region, children), year=year, stage=stage, counted=True
        )
        classes = (
            summaries["ClassSummary"]
            .filter(document__in=counted.values("document"))
            .values("scheme", "klass")
            .order_by()
            .annotate(amount=cents(Sum("amount")))
        )
        summaries["RegionClassSummary"].bulk_create(
            RegionClassSummary(region_id=region, year=year, stage=stage, **row) for row in classes
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_region_parent_index"),
        ("summaries", "0004_document_department"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionClassSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("stage", models.CharField(max_length=16)),
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
                ("amount", models.DecimalField(decimal_places=2, max_digits=18)),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "地区类汇总数",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "stage", "year", "scheme", "klass"),
                        name="region_class_summary_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
