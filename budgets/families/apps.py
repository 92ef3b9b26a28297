from importlib import import_module

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "budgets.families"
    verbose_name = "公开模板"

    def ready(self):
        """Register each family's reader and builders with the shared kit, which never
        imports a family itself; after every migrate, create the templates they declare."""
        from django.db.models.signals import post_migrate

        from budgets.disclosures.tables import register_builders
        from budgets.importers import registry

        from . import PACKAGES
        from .templates import ensure_templates

        post_migrate.connect(ensure_templates, dispatch_uid="families-ensure-templates")

        for package in PACKAGES:
            family = import_module(f"budgets.families.{package}").FAMILY
            registry.register(family)
            register_builders(family.builders)
