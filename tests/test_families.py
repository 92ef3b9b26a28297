"""The template families are declared in one place and each is whole: registered in the
order ``budgets.families.PACKAGES`` gives, with its builders for every table kind its
layouts declare, and the stored templates written from those layouts."""

import json
from pathlib import Path

from django.conf import settings

from budgets import families
from budgets.disclosures.tables import BUILDERS
from budgets.importers import registry
from budgets.importers.management.commands.build_fixtures import template_objects


def test_every_declared_family_is_registered_in_order():
    assert [family.code for family in registry.families()] == list(families.PACKAGES)
    readers = [family.reader for family in registry.families() if family.reader]
    assert registry.readers() == readers


def test_each_family_builds_every_table_its_layouts_declare():
    for family in registry.families():
        kinds = {table.kind for layout in family.layouts for table in layout.tables}
        assert kinds <= family.builders.keys(), family.code
        assert set(family.builders.items()) <= set(BUILDERS.items()), family.code


def test_the_stored_templates_are_the_declared_layouts():
    committed = json.loads((Path(settings.BASE_DIR) / "fixtures" / "templates.json").read_text())
    assert committed == template_objects()
