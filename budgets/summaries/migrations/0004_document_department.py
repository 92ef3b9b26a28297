"""Each document's summary names its organisation's department (its parent, or itself),
copied from the organisation: home lists a region's publishing departments from these rows
without joining every organisation."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def copy_departments(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    DocumentSummary = apps.get_model("summaries", "DocumentSummary")
    alias = schema_editor.connection.alias
    organisation = Organisation.objects.using(alias).filter(pk=OuterRef("organisation_id"))
    DocumentSummary.objects.using(alias).update(
        department_id=Subquery(organisation.values(department=Coalesce("parent_id", "pk")))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_region_parent_index"),
        ("summaries", "0003_ranking_by_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentsummary",
            name="department",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.RunPython(copy_departments, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="documentsummary",
            name="department",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
    ]
