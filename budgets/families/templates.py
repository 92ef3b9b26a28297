"""The publication templates every family declares, in any database ``migrate`` makes.

A database made by ``migrate`` alone refused every import until ``loaddata templates``
was run by hand. After every ``migrate`` the templates the families' layouts declare
(``budgets/families/*/layout.py``) are created where missing, table by table; rows that
exist are left as they are (``fixtures/templates.json`` holds the same, written from the
same layouts by ``build_fixtures``).
"""

from django.db import transaction

from budgets.importers import registry


def ensure_templates(sender=None, using="default", **kwargs):
    """post_migrate: create the declared templates and tables that are missing."""
    if sender is None or sender.label != "disclosures":
        return
    Template = sender.get_model("Template")
    TemplateTable = sender.get_model("TemplateTable")
    with transaction.atomic(using=using):
        for layout in (layout for family in registry.families() for layout in family.layouts):
            template, _created = Template.objects.using(using).get_or_create(
                code=layout.code, defaults={"name": layout.name}
            )
            known = set(template.tables.values_list("number", flat=True))
            TemplateTable.objects.using(using).bulk_create(
                TemplateTable(
                    template=template,
                    position=position,
                    number=table.number,
                    title=table.title,
                    kind=table.kind,
                    amount_unit=table.amount_unit,
                )
                for position, table in enumerate(layout.tables, start=1)
                if table.number not in known
            )
