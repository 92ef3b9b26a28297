"""Issue 21: a database made by ``migrate`` alone imports any document: the publication
templates arrive with ``migrate`` (``budgets.families.templates``)."""

import pytest
from django.core.management import call_command

from budgets.disclosures.models import Document, Template
from budgets.importers import registry

pytestmark = pytest.mark.django_db


def test_migrate_brings_every_declared_template_with_its_tables():
    declared = {
        layout.code: [table.number for table in layout.tables]
        for family in registry.families()
        for layout in family.layouts
    }
    stored = {
        template.code: list(template.tables.order_by("position").values_list("number", flat=True))
        for template in Template.objects.all()
    }
    assert stored == declared


@pytest.mark.disclosures
def test_a_fresh_database_imports_without_loading_anything(disclosure):
    path = disclosure("上海市普陀区人民政府办公室单位25年预算.pdf")
    call_command("import_disclosure", str(path), verbosity=0)
    assert Document.objects.get().template.code == "shanghai-district"
