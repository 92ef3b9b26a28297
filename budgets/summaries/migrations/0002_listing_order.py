"""The API's listing order kept on each document's summary: its organisation, region code
and organisation code, copied from the rows they name, and the index that serves the order."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_codes(apps, schema_editor):
    Document = apps.get_model("disclosures", "Document")
    DocumentSummary = apps.get_model("summaries", "DocumentSummary")
    alias = schema_editor.connection.alias
    document = Document.objects.using(alias).filter(pk=OuterRef("document_id"))
    DocumentSummary.objects.using(alias).update(
        organisation_id=Subquery(document.values("organisation_id")),
        region_code=Subquery(document.values("organisation__region__code")),
        organisation_code=Subquery(document.values("organisation__code")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_order_by_parent_column"),
        ("summaries", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentsummary",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AddField(
            model_name="documentsummary",
            name="region_code",
            field=models.CharField(default="", max_length=6),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="documentsummary",
            name="organisation_code",
            field=models.CharField(blank=True, default="", max_length=12),
            preserve_default=False,
        ),
        migrations.RunPython(copy_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="documentsummary",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="documentsummary",
            index=models.Index(
                fields=["region_code", "organisation_code", "year", "document"],
                name="summary_listing",
            ),
        ),
    ]
